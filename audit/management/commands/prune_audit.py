from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from audit.chain import ChainError
from audit.management.commands._chains import add_chain_argument, selected
from audit.pruning import prune


class Command(BaseCommand):
    help = (
        "Delete audit rows older than --older-than DAYS from the start of each chain, "
        "moving the chain's anchor so that what remains still verifies. Records an "
        "audit.pruned event."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than",
            type=int,
            required=True,
            metavar="DAYS",
            help="Delete rows older than this many days.",
        )
        add_chain_argument(parser)

    def handle(self, *args, **options):
        days = options["older_than"]
        if days < 0:
            raise CommandError("--older-than must be 0 or more days")
        try:
            deleted = prune(days, selected(options["chain"]))
        except ChainError as exc:
            raise CommandError(str(exc)) from exc
        for name, count in deleted.items():
            self.stdout.write(f"{name}: {count} rows older than {days} days deleted")
