from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from audit.chain import CHAINS
from audit.management.commands._chains import add_chain_argument, selected
from audit.verification import verify_chain


class Command(BaseCommand):
    help = (
        "Verify the HMAC chains of the audit trails from their prune anchors. Exits "
        "non-zero naming the chain and the first bad row if a row was edited, deleted "
        "or inserted. Safe while the server appends; not while prune_audit runs."
    )

    def add_arguments(self, parser):
        add_chain_argument(parser)

    def handle(self, *args, **options):
        failures = []
        for name in selected(options["chain"]):
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
                line = (
                    f"FAILED {name}: seq {problem.seq} {problem.kind}: {problem.reason} "
                    f"({report.rows} rows verified before it)"
                )
                self.stderr.write(line)
                failures.append(line)
        if failures:
            raise CommandError(f"audit chain verification failed: {'; '.join(failures)}")
