"""Re-encrypt every credential secret that is not under the current vault key.

    manage.py rotate_encryption_key [--batch-size 200] [--dry-run] [--limit N] [--no-progress]

Rotation, end to end: add the new key to the keyring and make it current, restart the app
servers, run this command, and once it reports 0 values left on the old key, remove that
key from the keyring.

- Rows are read in primary-key order, ``--batch-size`` rows at a time; each batch is one
  transaction that locks its rows (``SELECT ... FOR UPDATE`` where the database has it),
  checks each value again and re-encrypts only those still on an old key. A batch that
  fails is rolled back whole; earlier batches stay committed.
- Interrupt it at any time (Ctrl-C) and run it again: values already on the current key
  are never touched, so a rerun continues where the last run stopped.
- ``--dry-run`` counts what would be rotated and changes nothing.
- At the end it prints how many values remain on each key and records ``keys.rotated``
  (counts and key ids, never key material).
- A value that does not decrypt is reported (row id, field, reason), recorded as
  ``credential.decrypt_failed``, left as it is, and makes the command fail at the end.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from tqdm import tqdm

from audit.services import record
from msp import crypto
from msp.models import Credential
from msp.models.credentials import SECRET_FIELDS, encrypted_field_name
from msp.services import vault

ENCRYPTED_COLUMNS = [encrypted_field_name(name) for name in SECRET_FIELDS]
MALFORMED = "(malformed)"


def key_census() -> Counter:
    """How many stored values name each key id (malformed values under MALFORMED)."""
    census: Counter = Counter()
    rows = Credential.objects.order_by().values_list(*ENCRYPTED_COLUMNS)
    for row in rows.iterator(chunk_size=2000):
        for stored in row:
            if stored is not None:
                census[crypto.key_id_of(stored) or MALFORMED] += 1
    return census


class Command(BaseCommand):
    help = (
        "Re-encrypt credential secrets under the current vault key, in batches; "
        "rerunnable. Reports how many values remain on each old key."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--batch-size",
            type=int,
            default=200,
            help="Rows per transaction. Default: %(default)s.",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Count the values to rotate; change nothing. Default: off.",
        )
        parser.add_argument(
            "--limit",
            type=int,
            default=None,
            help="Stop after rotating about this many values (the batch "
            "in progress is finished); rerun to continue. Default: no limit.",
        )
        parser.add_argument(
            "--no-progress",
            action="store_true",
            help="No progress bar (logs, cron). Default: a bar.",
        )

    def handle(
        self,
        *args: Any,
        batch_size: int = 200,
        dry_run: bool = False,
        limit: int | None = None,
        no_progress: bool = False,
        **options: Any,
    ) -> None:
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1")
        if limit is not None and limit < 1:
            raise CommandError("--limit must be at least 1")
        ring = crypto.get_keyring()
        current = ring.current_id
        before = key_census()
        pending = sum(count for key_id, count in before.items() if key_id != current)
        self.stdout.write(
            f"Current key: {current}. Values on other keys: {pending} (of {sum(before.values())})."
        )
        if dry_run:
            self._report(before, current, ring)
            self.stdout.write("Dry run: nothing changed.")
            return

        rotated = 0
        failures: list[vault.DecryptFailure] = []
        interrupted = False
        bar = tqdm(
            total=pending,
            unit="value",
            desc="Rotating",
            disable=no_progress,
            file=self.stderr._out if hasattr(self.stderr, "_out") else None,
        )
        try:
            last_pk = None
            while limit is None or rotated < limit:
                batch_pks = self._next_batch(last_pk, batch_size)
                if not batch_pks:
                    break
                last_pk = batch_pks[-1]
                done, failed = self._rotate_batch(batch_pks)
                rotated += done
                failures += failed
                bar.update(done + len(failed))
        except KeyboardInterrupt:
            interrupted = True
        finally:
            bar.close()

        for failure in failures:
            self.stderr.write(
                f"FAILED row {failure.credential_id} field {failure.field}: "
                f"{failure.reason}" + (f" (key {failure.key_id})" if failure.key_id else "")
            )
            vault.record_decrypt_failure(failure, context="rotate_encryption_key")
        after = key_census()
        record(
            "keys.rotated",
            details={
                "current_key": current,
                "rotated": rotated,
                "failed": len(failures),
                "remaining_by_key": {k: v for k, v in sorted(after.items()) if k != current},
                "interrupted": interrupted,
                "limited": limit is not None and rotated >= limit,
            },
        )
        self.stdout.write(f"Rotated {rotated} value(s) to key {current}.")
        self._report(after, current, ring)
        if interrupted:
            raise CommandError(
                "Interrupted: the batches done so far are saved; run the command again to continue."
            )
        if failures:
            raise CommandError(
                f"{len(failures)} value(s) could not be decrypted and were "
                "left as they are (recorded as credential.decrypt_failed)."
            )

    def _next_batch(self, last_pk, batch_size: int) -> list:
        """The next ``batch_size`` row ids after ``last_pk`` that hold a value to rotate.

        Read without locks; ``_rotate_batch`` locks and checks again. Rows with nothing
        to rotate are skipped here, so a batch is ``batch_size`` rows of real work."""
        pks: list = []
        rows = Credential.objects.order_by("pk").values_list("pk", *ENCRYPTED_COLUMNS)
        if last_pk is not None:
            rows = rows.filter(pk__gt=last_pk)
        for pk, *stored_values in rows.iterator(chunk_size=max(batch_size, 500)):
            if any(
                stored is not None and crypto.needs_rotation(stored) for stored in stored_values
            ):
                pks.append(pk)
                if len(pks) >= batch_size:
                    break
        return pks

    def _rotate_batch(self, pks: list) -> tuple[int, list[vault.DecryptFailure]]:
        done = 0
        failures: list[vault.DecryptFailure] = []
        with transaction.atomic():
            rows = list(
                Credential.objects.select_for_update()
                .filter(pk__in=pks)
                .order_by("pk")
                .only("pk", *ENCRYPTED_COLUMNS)
            )
            changed: list[Credential] = []
            columns: set[str] = set()
            for credential in rows:
                result = vault.rotate_credential_row(credential)
                failures += result.failures
                if result.rotated:
                    changed.append(credential)
                    columns |= {encrypted_field_name(name) for name in result.rotated}
                    done += len(result.rotated)
            if changed:
                # Only the encrypted columns: updated_at is about the credential, and a
                # re-encryption changes nothing a technician would call an edit.
                Credential.objects.bulk_update(changed, sorted(columns))
        return done, failures

    def _report(self, census: Counter, current: str, ring: crypto.Keyring) -> None:
        self.stdout.write("Values per key:" if census else "No stored values.")
        for key_id in sorted(set(census) | set(ring.key_ids)):
            count = census.get(key_id, 0)
            if key_id == current:
                label = "current"
            elif key_id not in ring:
                label = "NOT in the keyring"
            elif count == 0:
                label = "old key, nothing left on it: it can be removed from the keyring"
            else:
                label = "old key, still needed"
            self.stdout.write(f"  {key_id}: {count} ({label})")
