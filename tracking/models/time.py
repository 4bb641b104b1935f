"""Time entries: what is billed to a client. Minutes and money follow
:mod:`tracking.billing`.

The billed lock lives here and only here: a billed entry is frozen. ``clean()``,
``save()``, ``delete()`` and the queryset's ``update()`` and ``delete()`` raise
:class:`BilledEntryLocked` for it, whoever calls them (the API answers 409, the admin
shows the entry read-only and says why). The one way back is
``tracking.services.time_entries.unbill`` (a permission, a reason, an audit event)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from msp.models import Client
from msp.models.base import BaseModel, NotesMixin
from msp.models.clients import MINUTES_PER_DAY
from tracking import billing
from tracking.models.choices import WorkCategory
from tracking.models.sessions import WorkItem, WorkSession, end_not_before_start

# One entry covers at most a week: longer is a typo (and would overflow nothing, but
# would bill absurd sums).
MAX_ENTRY_MINUTES = 7 * MINUTES_PER_DAY


class BilledEntryLocked(Exception):
    """A billed time entry was about to change."""

    def __init__(self, message: str = "This time entry is billed and can no longer change."):
        super().__init__(message)
        self.message = message


class TimeEntryQuerySet(models.QuerySet):
    """Bulk writes obey the billed lock like ``save()`` and ``delete()`` do."""

    def _refuse_billed(self, message: str) -> None:
        if self.filter(billed=True).exists():
            raise BilledEntryLocked(message)

    def update(self, **kwargs):
        self._refuse_billed("A billed time entry can no longer change.")
        return super().update(**kwargs)

    update.queryset_only = True

    def delete(self):
        self._refuse_billed("A billed time entry cannot be deleted.")
        return super().delete()

    delete.queryset_only = True

    def release_billed(self) -> int:
        """Clears the billed state of these entries, bypassing the lock. Only for
        ``tracking.services.time_entries.unbill``, which checks the permission, takes
        the reason and writes the audit event."""
        return super().update(
            billed=False, billed_at=None, invoice_reference="", updated_at=timezone.now()
        )

    release_billed.queryset_only = True


class TimeEntry(BaseModel, NotesMixin):
    technician = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="time_entries"
    )
    client = models.ForeignKey(
        Client,
        on_delete=models.PROTECT,
        related_name="time_entries",
        blank=True,
        help_text="Blank takes the session's client.",
    )
    session = models.ForeignKey(
        WorkSession, on_delete=models.PROTECT, null=True, blank=True, related_name="time_entries"
    )
    work_item = models.ForeignKey(
        WorkItem, on_delete=models.PROTECT, null=True, blank=True, related_name="time_entries"
    )
    category = models.CharField(
        max_length=20,
        choices=WorkCategory.choices,
        blank=True,
        help_text="Blank takes the work item's category (else 'other').",
    )
    description = models.TextField(blank=True)
    started_at = models.DateTimeField(db_index=True)
    ended_at = models.DateTimeField(
        null=True, blank=True, help_text="Blank: started_at + actual_minutes."
    )
    actual_minutes = models.PositiveIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_ENTRY_MINUTES)],
        help_text="Blank: computed from started_at and ended_at (a started minute counts).",
    )
    billing_increment_minutes = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(MINUTES_PER_DAY)],
        help_text="Overrides the client's increment for this entry.",
    )
    minimum_billable_minutes = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MaxValueValidator(MINUTES_PER_DAY)],
        help_text="Overrides the client's minimum for this entry.",
    )
    billable_minutes_override = models.PositiveIntegerField(
        null=True,
        blank=True,
        validators=[MaxValueValidator(MAX_ENTRY_MINUTES)],
        help_text="Bill exactly this many minutes (replaces increment and minimum).",
    )
    billable_minutes = models.PositiveIntegerField(default=0, editable=False)
    hourly_rate = models.DecimalField(
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.00"))],
        help_text="Blank takes the client's default hourly rate.",
    )
    amount = models.DecimalField(
        max_digits=12, decimal_places=2, default=Decimal("0.00"), editable=False
    )
    is_billable = models.BooleanField(default=True)
    billed = models.BooleanField(default=False, db_index=True)
    invoice_reference = models.CharField(max_length=100, blank=True)
    billed_at = models.DateTimeField(null=True, blank=True)

    objects = TimeEntryQuerySet.as_manager()

    class Meta(BaseModel.Meta):
        ordering = ["-started_at"]
        verbose_name_plural = "time entries"
        permissions = [("unbill_timeentry", "Can unbill billed time entries (with a reason)")]
        indexes = [
            models.Index(fields=["client", "started_at"], name="tracking_time_client_start"),
        ]

    def __str__(self) -> str:
        return f"{self.started_at:%Y-%m-%d} {self.actual_minutes or 0} min"

    # -- the billed lock --------------------------------------------------------------

    @property
    def is_locked(self) -> bool:
        """Billed as loaded (what pages show); writes check the stored row again."""
        return bool(self.pk) and not self._state.adding and self._loaded_billed

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._loaded_billed = bool(instance.__dict__.get("billed"))
        return instance

    _loaded_billed = False

    def stored_billed(self) -> bool:
        if self._state.adding or self.pk is None:
            return False
        return TimeEntry.objects.filter(pk=self.pk, billed=True).exists()

    def check_unlocked(self, message: str = BilledEntryLocked().message) -> None:
        """Raises :class:`BilledEntryLocked` when the stored row is billed."""
        if self.stored_billed():
            raise BilledEntryLocked(message)

    def save(self, *args, **kwargs):
        self.check_unlocked()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self.check_unlocked("This time entry is billed and cannot be deleted.")
        return super().delete(*args, **kwargs)

    # -- validation and derived values --------------------------------------------------

    def clean(self) -> None:
        # Before any field check: a billed entry answers "billed", not a field error.
        self.check_unlocked()
        super().clean()
        errors: dict = {}
        if self.work_item_id and self.session_id is None:
            self.session_id = self.work_item.session_id
        if self.session_id and self.client_id is None:
            self.client_id = self.session.client_id
        if not self.category:
            self.category = self.work_item.category if self.work_item_id else WorkCategory.OTHER
        if self.work_item_id and self.work_item.session_id != self.session_id:
            errors["work_item"] = ValidationError(
                "This work item belongs to another session.", code="other_session"
            )
        if self.session_id and self.session.client_id and self.session.client_id != self.client_id:
            errors["session"] = ValidationError(
                "This session belongs to another client.", code="other_client"
            )
        if self.client_id is None:
            errors["client"] = ValidationError(
                "Name the client (or a session that has one).", code="required"
            )
        errors |= self._clean_times()
        if self.billed:
            self.billed_at = self.billed_at or timezone.now()
        elif self.billed_at or self.invoice_reference:
            errors["billed"] = ValidationError(
                "An entry with an invoice reference or billed date must be billed.",
                code="not_billed",
            )
        if errors:
            raise ValidationError(errors)
        self._compute_money()

    def _clean_times(self) -> dict:
        if self.started_at is None:
            return {}
        errors = end_not_before_start(self.started_at, self.ended_at)
        if errors:
            return errors
        if self.ended_at is not None:
            minutes = billing.duration_minutes(self.started_at, self.ended_at)
            if self.actual_minutes not in (None, minutes):
                return {
                    "actual_minutes": ValidationError(
                        "Does not match started_at to ended_at (%(minutes)d); send one of "
                        "ended_at and actual_minutes.",
                        code="mismatch",
                        params={"minutes": minutes},
                    )
                }
            if not 1 <= minutes <= MAX_ENTRY_MINUTES:
                return {
                    "ended_at": ValidationError(
                        "An entry lasts from 1 minute to 7 days.", code="out_of_range"
                    )
                }
            self.actual_minutes = minutes
        elif self.actual_minutes:
            self.ended_at = self.started_at + datetime.timedelta(minutes=self.actual_minutes)
        else:
            return {
                "ended_at": ValidationError("Send ended_at or actual_minutes.", code="required")
            }
        return {}

    def _compute_money(self) -> None:
        client = self.client
        if self.hourly_rate is None:
            self.hourly_rate = client.default_hourly_rate
        increment = self.billing_increment_minutes or client.billing_increment_minutes
        minimum = (
            self.minimum_billable_minutes
            if self.minimum_billable_minutes is not None
            else client.minimum_billable_minutes
        )
        self.billable_minutes = billing.billable_minutes(
            self.actual_minutes or 0,
            increment=increment,
            minimum=minimum,
            is_billable=self.is_billable,
            override=self.billable_minutes_override,
        )
        self.amount = billing.amount(self.billable_minutes, self.hourly_rate)
