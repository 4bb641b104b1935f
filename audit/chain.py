"""The HMAC chain: how a row's MAC and a chain head's MAC are computed.

``mac = HMAC-SHA256(AUDIT_HMAC_KEY, prev_mac + "\\n" + canonical(row))`` where the
canonical form is compact JSON of ``[version, chain, seq, [MAC_FIELDS values]]`` with
datetimes as UTC ``YYYY-MM-DDTHH:MM:SS.ffffffZ`` and floats to three decimals, so that
the bytes MACed on append are the bytes rebuilt from what SQLite or MariaDB hand back.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from audit.models import ApiRequestLog, AuditEvent, ChainedRecord, ChainHead

# Bumped if the canonical form ever changes, so that old and new rows cannot be confused.
CHAIN_VERSION = 1

CHAINS: dict[str, type[ChainedRecord]] = {
    ApiRequestLog.CHAIN: ApiRequestLog,
    AuditEvent.CHAIN: AuditEvent,
}


class ChainError(Exception):
    """A chain is in a state that appending or pruning must not paper over."""


def hmac_key() -> bytes:
    key = getattr(settings, "AUDIT_HMAC_KEY", "")
    if not key:
        raise ImproperlyConfigured("AUDIT_HMAC_KEY must be set")
    return key.encode() if isinstance(key, str) else bytes(key)


def canonical_value(value: Any) -> Any:
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = value.astimezone(UTC)
        return value.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    if isinstance(value, float):
        # A double read back from a database may differ in its last digits.
        return format(value, ".3f")
    return value


def canonical_fields(values: Iterable[Any]) -> bytes:
    """The canonical form of a row's ``MAC_FIELDS`` values (computable before the row's
    place in the chain is known, so appenders do it outside the chain's lock)."""
    return json.dumps(
        [canonical_value(value) for value in values],
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
        default=str,
    ).encode("utf-8")


def link_mac(key: bytes, chain: str, seq: int, prev_mac: str, fields: bytes) -> str:
    # The message is prev_mac, a newline and the compact JSON [version, chain, seq, fields].
    message = b"%s\n[%d,%s,%d,%s]" % (
        prev_mac.encode("utf-8"),
        CHAIN_VERSION,
        json.dumps(chain).encode("utf-8"),
        seq,
        fields,
    )
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def row_mac(key: bytes, chain: str, seq: int, prev_mac: str, values: Iterable[Any]) -> str:
    return link_mac(key, chain, seq, prev_mac, canonical_fields(values))


def head_mac(key: bytes, head: ChainHead) -> str:
    payload = [
        CHAIN_VERSION,
        "head",
        head.name,
        head.last_seq,
        head.last_mac,
        head.anchor_seq,
        head.anchor_mac,
    ]
    message = json.dumps(payload, separators=(",", ":")).encode("utf-8")
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def head_problem(key: bytes, head: ChainHead) -> str | None:
    """Why ``head`` cannot be trusted, or None."""
    if not head.head_mac:
        return None if head.is_genesis else "head row has no MAC but is not a fresh head"
    if not hmac.compare_digest(head.head_mac, head_mac(key, head)):
        return "head row edited: its MAC does not match its fields"
    return None


def seal_head(key: bytes, head: ChainHead, fields: list[str]) -> None:
    head.head_mac = head_mac(key, head)
    head.save(update_fields=[*fields, "head_mac"])
