"""``billing_report --client <id or name> --month YYYY-MM [--format text|json|csv]``:
the same report as ``GET time-entries/report/``."""

from __future__ import annotations

import json
import uuid

from django.core.management.base import BaseCommand, CommandError

from msp.models import Client
from tracking import billing, selectors


class Command(BaseCommand):
    help = "Print a client's monthly billing report (totals equal the sum of the entries)."

    def add_arguments(self, parser):
        parser.add_argument("--client", required=True, help="Client id or exact name.")
        parser.add_argument("--month", required=True, help="YYYY-MM, in the client's zone.")
        parser.add_argument(
            "--format",
            choices=["text", "json", "csv"],
            default="text",
            help="Output format. Default: %(default)s.",
        )

    def handle(self, *args, **options):
        client = self._client(options["client"])
        try:
            year, month = billing.parse_month(options["month"])
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        report = selectors.billing_report(client, year, month)
        if options["format"] == "json":
            self.stdout.write(json.dumps(report.as_dict(), indent=2, ensure_ascii=False))
        elif options["format"] == "csv":
            self.stdout.write(selectors.billing_report_csv(report), ending="")
        else:
            self._text(report)

    def _client(self, ref: str) -> Client:
        try:
            found = Client.objects.filter(pk=uuid.UUID(ref)).first()
        except ValueError:
            found = Client.objects.filter(name__iexact=ref.strip()).first()
        if found is None:
            raise CommandError(f"No client {ref!r}.")
        return found

    def _text(self, report: selectors.BillingReport) -> None:
        data = report.as_dict()
        out = self.stdout
        out.write(f"Billing report {data['client']['name']} {data['month']} ({data['timezone']})")
        header = f"{'':40} {'entries':>7} {'hours':>9} {'billable h':>10} {'amount':>12}"

        def row(label: str, totals: dict) -> None:
            out.write(
                f"{label[:40]:40} {totals['entries']:>7} {totals['actual_hours']:>9} "
                f"{totals['billable_hours']:>10} {totals['amount']:>12}"
            )

        for title, key, name in (
            ("By technician", "by_technician", "technician"),
            ("By category", "by_category", "category"),
        ):
            out.write(f"\n{title}\n{header}")
            for item in data[key]:
                row(item[name], item)
        out.write("")
        row("TOTAL", data["total"])
