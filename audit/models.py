"""The two audit trails and the head of each hash chain.

Log tables, not domain tables: integer keys (append order is what matters), no foreign
keys (the audit app depends on nothing, and a user's deletion must not erase or block
their audit history), and no ``updated_at`` because rows are never updated.
"""

from __future__ import annotations

from typing import ClassVar

from django.db import models

# The link before the first row of a chain, and the MAC of an unpruned, empty anchor.
GENESIS_MAC = "0" * 64


class AuthKind(models.TextChoices):
    """Known values of ``ApiRequestLog.auth_kind`` (not enforced: authentication classes
    of other apps name their own kind through ``set_identity``)."""

    ANONYMOUS = "anonymous", "anonymous"
    JWT = "jwt", "JWT access token"
    SESSION = "session", "session cookie"
    MACHINE = "machine", "machine token"
    # The token endpoints identify the caller by what they were sent.
    PASSWORD = "password", "username and password"
    REFRESH = "refresh", "refresh token"
    # Authenticated by something that did not call set_identity.
    UNKNOWN = "unknown", "unknown"


class ChainedRecord(models.Model):
    """A row of an HMAC chain: ``mac`` covers ``prev_mac``, ``seq`` and ``MAC_FIELDS``."""

    # Name of the chain (a ``ChainHead.name``) and the fields its MAC covers, in order.
    # Changing either makes every existing row fail verification.
    CHAIN: ClassVar[str]
    MAC_FIELDS: ClassVar[tuple[str, ...]]

    seq = models.BigIntegerField(unique=True, editable=False)
    prev_mac = models.CharField(max_length=64, editable=False)
    mac = models.CharField(max_length=64, editable=False)
    timestamp = models.DateTimeField(db_index=True, editable=False)

    class Meta:
        abstract = True

    def chain_values(self) -> tuple:
        return tuple(getattr(self, name) for name in self.MAC_FIELDS)


class ApiRequestLog(ChainedRecord):
    """One API request, written by ``ApiRequestAuditMiddleware`` after the response."""

    CHAIN = "requests"
    MAC_FIELDS = (
        "timestamp",
        "request_id",
        "user_id",
        "auth_kind",
        "endpoint",
        "http_method",
        "ip_address",
        "user_agent",
        "request_body",
        "response_status",
        "response_time_ms",
        "error_message",
    )

    request_id = models.CharField(max_length=64, db_index=True)
    # NULL, not "": no user at all (anonymous), as opposed to a user whose pk is text.
    user_id = models.CharField(  # noqa: DJ001
        max_length=64,
        null=True,
        blank=True,
        db_index=True,
    )
    auth_kind = models.CharField(max_length=16, default=AuthKind.ANONYMOUS)
    endpoint = models.CharField(max_length=512)
    http_method = models.CharField(max_length=16)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=512, blank=True)
    request_body = models.TextField(blank=True)
    response_status = models.PositiveSmallIntegerField()
    response_time_ms = models.FloatField()
    error_message = models.TextField(blank=True)

    class Meta:
        db_table = "api_audit_log"
        verbose_name = "API request"
        verbose_name_plural = "API requests"

    def __str__(self) -> str:
        return f"#{self.seq} {self.http_method} {self.endpoint} -> {self.response_status}"


class AuditEvent(ChainedRecord):
    """A security-relevant event (credential reveal, login failure, key rotation...)."""

    CHAIN = "events"
    MAC_FIELDS = (
        "timestamp",
        "event_type",
        "actor_id",
        "actor_repr",
        "ip_address",
        "target_type",
        "target_id",
        "target_repr",
        "details",
        "request_id",
    )

    event_type = models.CharField(max_length=64, db_index=True)
    actor_id = models.CharField(  # noqa: DJ001
        max_length=64,
        null=True,
        blank=True,
        db_index=True,
    )
    actor_repr = models.CharField(max_length=150, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    target_type = models.CharField(max_length=100, blank=True)
    target_id = models.CharField(max_length=64, blank=True)
    target_repr = models.CharField(max_length=200, blank=True)
    details = models.JSONField(default=dict, blank=True)
    request_id = models.CharField(max_length=64, blank=True, db_index=True)

    class Meta:
        indexes = [models.Index(fields=["target_type", "target_id"], name="audit_event_target_idx")]

    def __str__(self) -> str:
        return f"#{self.seq} {self.event_type} by {self.actor_repr or 'anonymous'}"


class ChainHead(models.Model):
    """Where each chain ends (``last_*``) and where it starts after pruning (``anchor_*``).

    Every append locks this row, which is what serialises appenders into one unbroken
    chain. ``head_mac`` covers the other fields, so that cutting rows off either end of
    a chain and "fixing" the head to match needs the HMAC key.
    """

    name = models.CharField(max_length=32, unique=True)
    last_seq = models.BigIntegerField(default=0)
    last_mac = models.CharField(max_length=64, default=GENESIS_MAC)
    anchor_seq = models.BigIntegerField(default=0)
    anchor_mac = models.CharField(max_length=64, default=GENESIS_MAC)
    # Empty only on a fresh head that has never been appended to.
    head_mac = models.CharField(max_length=64, blank=True, default="")

    def __str__(self) -> str:
        return f"{self.name}: seq {self.anchor_seq + 1}..{self.last_seq}"

    @property
    def is_genesis(self) -> bool:
        return (
            self.last_seq == 0
            and self.anchor_seq == 0
            and self.last_mac == GENESIS_MAC
            and self.anchor_mac == GENESIS_MAC
        )
