"""Is a configured key strong enough? Used by settings (production refuses to start) and
by the ``check --deploy`` check, before Django is set up, so nothing here imports Django.

A key an operator typed (``a``, ``changeme``, a short word repeated) is the usual
failure; the estimate below is the Shannon entropy of the key's own characters times its
length, which rates such keys near zero and a ``secrets.token_urlsafe(50)`` key (about
67 characters of 64 symbols) far above the bar.
"""

from __future__ import annotations

import math
from collections import Counter

MIN_LENGTH = 32
MIN_DISTINCT = 10
MIN_ESTIMATED_BITS = 128
HOW_TO_GENERATE = "python3 -c 'import secrets; print(secrets.token_urlsafe(50))'"


def estimated_bits(value: str) -> float:
    if not value:
        return 0.0
    n = len(value)
    return -sum(count * math.log2(count / n) for count in Counter(value).values())


def key_problem(value: str) -> str | None:
    """Why ``value`` is too weak to be a key, or None. Never quotes the key."""
    if len(value) < MIN_LENGTH:
        return f"is shorter than {MIN_LENGTH} characters"
    if len(set(value)) < MIN_DISTINCT:
        return f"has fewer than {MIN_DISTINCT} distinct characters"
    if estimated_bits(value) < MIN_ESTIMATED_BITS:
        return f"has less than {MIN_ESTIMATED_BITS} bits of estimated entropy"
    return None


def weak_keys(keys: dict[str, str]) -> list[str]:
    """One sentence per weak key of ``{variable name: value}``."""
    return [
        f"{name} {problem}"
        for name, value in keys.items()
        if (problem := key_problem(value)) is not None
    ]
