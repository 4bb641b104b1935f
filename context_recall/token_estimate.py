"""The one token estimate context recall uses: ``ceil(characters / 4)``.

Characters are Python ``str`` code points. Four characters a token is the usual rule of
thumb for English prose and code with Claude's tokenizers; it overestimates for plain
English a little, which is the safe side for a budget. See docs/context-recall.md.
"""

from __future__ import annotations

CHARS_PER_TOKEN = 4


def estimate_tokens(text: str) -> int:
    """Estimated tokens of ``text``: characters / 4, rounded up (0 for empty text)."""
    return -(-len(text) // CHARS_PER_TOKEN)


def chars_for_tokens(tokens: int) -> int:
    """The most characters whose estimate stays within ``tokens``."""
    return max(0, tokens) * CHARS_PER_TOKEN
