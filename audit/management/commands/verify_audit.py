from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from audit.anchoring import (
    AnchorFileError,
    anchor_findings,
    cross_anchor,
    cross_findings,
    read_anchor_file,
)
from audit.chain import CHAINS
from audit.management.commands._chains import add_chain_argument, selected
from audit.verification import verify_chain


class Command(BaseCommand):
    help = (
        "Verify the HMAC chains of the audit trails from their prune anchors, then what "
        "each chain records of the other's end (cross anchors, request ids) and, with "
        "--anchor, the heads an earlier export_audit --anchor wrote. Exits non-zero "
        "naming the chain and the first bad row if a row was edited, deleted or inserted, "
        "or a chain's end was cut off. Safe while the server appends; not while prune_audit "
        "runs."
    )

    def add_arguments(self, parser):
        add_chain_argument(parser)
        parser.add_argument(
            "--anchor",
            metavar="FILE",
            help="An anchor file from export_audit --anchor, kept outside the database: "
            "fail if any row up to the heads it records is gone. Default: none.",
        )
        parser.add_argument(
            "--record-anchors",
            action="store_true",
            help="After a clean run of every chain, record each chain's head in the other "
            "(run it so from cron: the anchors are what shows a chain's end cut off). "
            "Default: off, nothing is written.",
        )

    def handle(self, *args, **options):
        anchored = self._anchor_file(options["anchor"])
        chains = selected(options["chain"])
        if options["record_anchors"] and set(chains) != set(CHAINS):
            raise CommandError("--record-anchors needs --chain all.")
        failures = []
        for name in chains:
            report = verify_chain(CHAINS[name])
            if report.ok:
                span = (
                    f"seq {report.first_seq}..{report.last_seq}"
                    if report.first_seq is not None
                    else "empty"
                )
                self.stdout.write(f"OK {name}: {report.rows} rows verified ({span})")
            else:
                problem = report.problem
                failures.append(
                    f"FAILED {name}: seq {problem.seq} {problem.kind}: {problem.reason} "
                    f"({report.rows} rows verified before it)"
                )
        findings = []
        if set(chains) == set(CHAINS):
            findings += cross_findings()
        if anchored is not None:
            findings += anchor_findings(anchored)
        failures += [f"FAILED {f.chain}: {f.reason}" for f in findings]
        for line in failures:
            self.stderr.write(line)
        if failures:
            raise CommandError(f"audit chain verification failed: {'; '.join(failures)}")
        if anchored is not None:
            self.stdout.write(f"OK anchor {options['anchor']}: every anchored row is there")
        if options["record_anchors"]:
            cross_anchor()
            self.stdout.write("Anchors recorded: each chain's head is now in the other.")

    def _anchor_file(self, path: str | None):
        if not path:
            return None
        try:
            return read_anchor_file(Path(path).read_text(encoding="utf-8"))
        except OSError as exc:
            raise CommandError(f"--anchor: cannot read {path}: {exc.strerror}") from None
        except (AnchorFileError, UnicodeDecodeError) as exc:
            raise CommandError(f"--anchor: {path}: {exc}") from None
