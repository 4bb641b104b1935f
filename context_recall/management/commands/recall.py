"""``manage.py recall <project> [--q ...]``: what GET /api/v1/recall/ answers, from the shell."""

from __future__ import annotations

import json
import uuid

from django.core.management.base import BaseCommand, CommandError

from context_recall.selectors import recall
from context_recall.services import bump_usage
from tracking.models import Project


class Command(BaseCommand):
    help = "Print the recall block (or JSON) for a project: id, slug or repository URL key."

    def add_arguments(self, parser):
        parser.add_argument("project", help="Project id or slug.")
        parser.add_argument("--q", default="", help="What you are about to do. Default: none.")
        parser.add_argument("--tags", default="", help="Comma-separated tag names. Default: none.")
        parser.add_argument(
            "--limit", type=int, default=10, help="At most this many items. Default: %(default)s."
        )
        parser.add_argument(
            "--max-tokens",
            type=int,
            default=None,
            help="Token budget of the answer. Default: MSP_RECALL_MAX_TOKENS (1500).",
        )
        parser.add_argument(
            "--min-score",
            type=float,
            default=0.0,
            help="Leave out items scoring below this. Default: %(default)s.",
        )
        parser.add_argument(
            "--json", action="store_true", help="The API's JSON answer. Default: markdown."
        )
        parser.add_argument(
            "--no-bump", action="store_true", help="Leave usage counts alone. Default: off."
        )

    def handle(self, *args, **options):
        ref = options["project"]
        project = Project.objects.filter(slug=ref).first()
        if project is None:
            try:
                project = Project.objects.filter(pk=uuid.UUID(ref)).first()
            except ValueError:
                project = None
        if project is None:
            raise CommandError(f"No project {ref!r}.")
        max_tokens = options["max_tokens"]
        if options["limit"] < 1 or (max_tokens is not None and max_tokens < 0):
            raise CommandError("--limit must be >= 1 and --max-tokens >= 0.")
        result = recall(
            project,
            q=options["q"],
            tags=[t.strip() for t in options["tags"].split(",") if t.strip()],
            limit=options["limit"],
            max_tokens=options["max_tokens"],
            min_score=options["min_score"],
        )
        if options["json"]:
            self.stdout.write(json.dumps(result.as_dict(), default=str, indent=2))
        else:
            self.stdout.write(result.formatted)
            self.stderr.write(f"{len(result.items)} items, ~{result.token_estimate} tokens")
        if not options["no_bump"]:
            bump_usage(result.recalled_ids())
