"""Redaction of what the audit trails store, through the project's one redactor.

The audit app imports no other app: ``settings.AUDIT_REDACTOR`` names a function
``redact(text: str) -> str``, imported on first use. If it cannot be imported, audit
writes fail (and say so) rather than store text unredacted.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.utils.module_loading import import_string

# Deeper structures are not worth walking in an audit record (and end reference cycles).
MAX_DEPTH = 12
TRUNCATION_NOTE = "…[truncated: {0} chars in all]"


@lru_cache(maxsize=4)
def _load(path: str) -> Callable[[str], str]:
    return import_string(path)


def redactor() -> Callable[[str], str]:
    return _load(settings.AUDIT_REDACTOR)


def clean_text(text: str) -> str:
    """Text every database stores and returns unchanged: no NUL, no lone surrogates."""
    if "\x00" in text:
        text = text.replace("\x00", "\ufffd")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = text.encode("utf-8", "replace").decode("utf-8")
    return text


def truncate(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    note = TRUNCATION_NOTE.format(len(text))
    if limit <= len(note):
        return text[:limit]
    return text[: limit - len(note)] + note


def redact_text(text: str, limit: int | None = None) -> str:
    """Redacted first, truncated after: cutting first could leave half a secret that the
    redactor no longer recognises."""
    text = redactor()(clean_text(text))
    return text if limit is None else truncate(text, limit)


def _scalar(value: Any) -> Any:
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    return str(value)


def _redact_pair(key: str, value: Any, redact: Callable[[str], str]) -> Any:
    # As a JSON pair the redactor sees the key too: {"password": "x"} is a secret, "x"
    # alone is not. This is also exactly how it treats a JSON request body.
    pair = json.dumps({key: value}, ensure_ascii=False)
    redacted = redact(pair)
    if redacted == pair:
        return value
    try:
        parsed = json.loads(redacted)
        return clean_text(next(iter(parsed.values()))) if isinstance(parsed, dict) else ""
    except (ValueError, StopIteration, TypeError):
        return "[REDACTED]"


def _walk(value: Any, depth: int, redact: Callable[[str], str]) -> Any:
    if isinstance(value, dict):
        if depth >= MAX_DEPTH:
            return "[too deep]"
        out: dict[str, Any] = {}
        for raw_key, item in value.items():
            key = clean_text(str(raw_key))
            if isinstance(item, (dict, list, tuple, set, frozenset)):
                out[redact(key)] = _walk(item, depth + 1, redact)
            else:
                item = _scalar(item)
                if isinstance(item, str):
                    item = clean_text(item)
                out[redact(key)] = _redact_pair(key, item, redact)
        return out
    if isinstance(value, (list, tuple, set, frozenset)):
        if depth >= MAX_DEPTH:
            return "[too deep]"
        return [_walk(item, depth + 1, redact) for item in value]
    value = _scalar(value)
    return redact(clean_text(value)) if isinstance(value, str) else value


def redact_details(details: Any) -> Any:
    """``details`` as plain JSON (string keys, lists, finite numbers, anything else as
    text) with every string redacted, and every key/value pair redacted as a pair."""
    return _walk(details, 0, redactor())
