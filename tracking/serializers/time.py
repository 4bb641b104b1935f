from rest_framework import serializers

from tracking import billing
from tracking.models import TimeEntry
from tracking.serializers.base import TrackingSerializer


class TimeEntrySerializer(TrackingSerializer):
    """``billable_minutes`` and ``amount`` are computed (docs/billing.md). Send either
    ``ended_at`` or ``actual_minutes``; the other is derived."""

    default_user_fields = ("technician",)

    class Meta:
        model = TimeEntry
        fields = [
            "id",
            "display",
            "technician",
            "client",
            "session",
            "work_item",
            "category",
            "description",
            "started_at",
            "ended_at",
            "actual_minutes",
            "billing_increment_minutes",
            "minimum_billable_minutes",
            "billable_minutes_override",
            "billable_minutes",
            "hourly_rate",
            "amount",
            "is_billable",
            "billed",
            "invoice_reference",
            "billed_at",
            "notes",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["billable_minutes", "amount", "billed_at"]

    def validate(self, attrs):
        if self.instance is not None:
            # A changed start or end recomputes the minutes; new minutes move the end.
            if {"started_at", "ended_at"} & set(attrs) and "actual_minutes" not in attrs:
                attrs["actual_minutes"] = None
            elif "actual_minutes" in attrs and "ended_at" not in attrs:
                attrs["ended_at"] = None
        return super().validate(attrs)


class MarkBilledSerializer(serializers.Serializer):
    ids = serializers.ListField(
        child=serializers.UUIDField(), min_length=1, max_length=1000, help_text="Entry ids."
    )
    invoice_reference = serializers.CharField(max_length=100, allow_blank=True, default="")


class MarkBilledResultSerializer(serializers.Serializer):
    billed = serializers.IntegerField(help_text="How many entries were marked billed.")
    amount = serializers.DecimalField(max_digits=14, decimal_places=2)
    invoice_reference = serializers.CharField()
    billed_at = serializers.DateTimeField()


class UnbillSerializer(serializers.Serializer):
    ids = serializers.ListField(
        child=serializers.UUIDField(), min_length=1, max_length=1000, help_text="Entry ids."
    )
    reason = serializers.CharField(
        max_length=500, help_text="Why: kept in the audit trail with the old invoice reference."
    )


class UnbillResultSerializer(serializers.Serializer):
    unbilled = serializers.IntegerField(help_text="How many entries were taken back.")
    amount = serializers.DecimalField(max_digits=14, decimal_places=2)
    reason = serializers.CharField()


class BillingReportQuerySerializer(serializers.Serializer):
    client = serializers.UUIDField()
    month = serializers.CharField(max_length=7, help_text="YYYY-MM, in the client's time zone.")
    format = serializers.ChoiceField(choices=["json", "csv"], default="json")

    def validate_month(self, value: str) -> tuple[int, int]:
        try:
            return billing.parse_month(value)
        except ValueError as exc:
            raise serializers.ValidationError(str(exc)) from exc
