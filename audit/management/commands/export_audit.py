from __future__ import annotations

import json
from datetime import UTC, datetime, time

from django.core.management.base import BaseCommand, CommandError
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from audit.anchoring import heads_document
from audit.chain import CHAINS
from audit.export import export_rows
from audit.management.commands._chains import add_chain_argument, selected


def _since(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        parsed = parse_datetime(value)
        if parsed is None and (day := parse_date(value)) is not None:
            parsed = datetime.combine(day, time.min)
    except ValueError:
        parsed = None
    if parsed is None:
        raise CommandError(f"--since: {value!r} is not an ISO 8601 date or datetime")
    return parsed if timezone.is_aware(parsed) else parsed.replace(tzinfo=UTC)


class Command(BaseCommand):
    help = (
        "Export audit rows as JSON lines (one object per row, with seq, prev_mac and "
        "mac), streaming, in seq order per chain."
    )

    def add_arguments(self, parser):
        add_chain_argument(parser)
        parser.add_argument(
            "--since",
            help="Only rows at or after this ISO 8601 time (UTC unless it names an offset). "
            "Default: every row.",
        )
        parser.add_argument(
            "--output", help="File to write; its folder must exist. Default: standard output."
        )
        parser.add_argument(
            "--anchor",
            metavar="FILE",
            help="Also write every chain's head (seq and MAC of its last row) to FILE, to "
            "keep outside the database for verify_audit --anchor; the head is also printed "
            "on standard error. Default: no anchor file.",
        )
        parser.add_argument(
            "--anchor-only",
            action="store_true",
            help="With --anchor: write the anchor file and no rows. Default: off.",
        )

    def handle(self, *args, **options):
        since = _since(options["since"])
        chains = selected(options["chain"])
        target = options["output"]
        if options["anchor_only"] and not options["anchor"]:
            raise CommandError("--anchor-only needs --anchor FILE.")
        if options["anchor"]:
            # Before the rows: every row the anchor names is then in the export too.
            self.write_anchor(options["anchor"])
            if options["anchor_only"]:
                return
        if not target:
            self.write_rows(self.stdout, chains, since)
            return
        try:
            out = open(target, "w", encoding="utf-8")  # noqa: SIM115  (closed below)
        except OSError as exc:
            raise CommandError(f"--output: cannot write {target}: {exc.strerror}") from None
        with out:
            count = self.write_rows(out, chains, since)
        self.stderr.write(f"{count} rows written to {target}")

    def write_anchor(self, path: str) -> None:
        document = heads_document()
        try:
            with open(path, "w", encoding="utf-8") as out:
                out.write(json.dumps(document, indent=2) + "\n")
        except OSError as exc:
            raise CommandError(f"--anchor: cannot write {path}: {exc.strerror}") from None
        for name, state in document["chains"].items():
            if state is None:
                self.stderr.write(f"anchor {name}: empty")
            else:
                self.stderr.write(f"anchor {name}: seq {state['last_seq']} mac {state['last_mac']}")
        self.stderr.write(f"anchor written to {path}; keep it outside the database")

    def write_rows(self, out, chains: list[str], since: datetime | None) -> int:
        count = 0
        for name in chains:
            for row in export_rows(CHAINS[name], since=since):
                out.write(json.dumps(row, ensure_ascii=False, cls=DjangoJSONEncoder) + "\n")
                count += 1
        return count
