"""``manage.py reindex_search``: rebuild the full-text index of context recall."""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.db import connection, transaction
from tqdm import tqdm

from context_recall import search


class Command(BaseCommand):
    help = "Rebuild the context recall full-text index (SQLite FTS5 / InnoDB FULLTEXT)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-progress",
            action="store_true",
            help="No progress bar (logs, cron). Default: a bar on a terminal.",
        )

    def handle(self, *args, **options):
        total = search.count_rows()
        with (
            tqdm(total=total, unit="row", disable=options["no_progress"], file=self.stderr) as bar,
            transaction.atomic(),
        ):
            search.rebuild_index(connection, progress=bar.update)
        search.compact_index(connection)
        search.refresh_statistics(connection)
        self.stdout.write(f"Reindexed {total} rows ({connection.vendor}).")
