"""Packing into a token budget: never over, best first, long items cut not dropped."""

from __future__ import annotations

import datetime

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from context_recall import packing
from context_recall.packing import (
    CUT_MARK,
    MIN_CUT_CHARS,
    PackResult,
    RecallItem,
    cut_clean,
    pack,
)
from context_recall.token_estimate import estimate_tokens
from msp.redaction import redact
from msp.tests.test_redaction import planted

NOW = datetime.datetime(2026, 11, 20, tzinfo=datetime.UTC)
AWS_ID = "AKIA" + "Z" * 16


def item(n: int, text: str, kind: str = "context", title: str | None = None) -> RecallItem:
    return RecallItem(
        kind=kind,
        id=str(n),
        title=title or f"item {n}",
        score=1 - n / 100,
        text=text,
        created_at=NOW,
    )


texts = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=3000
) | st.builds(
    lambda w, n: (w + " ") * n, st.sampled_from(["alpha", "dc01.\n", "x"]), st.integers(0, 2000)
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    items=st.lists(
        st.tuples(
            texts,
            st.text(max_size=300),
            st.sampled_from(["context", "snippet", "decision", "project_state", "weird_kind"]),
        ),
        max_size=12,
    ),
    max_tokens=st.integers(0, 3000),
    header=st.text(max_size=200),
)
def test_budget_is_never_exceeded(items, max_tokens, header):
    result = pack(
        [item(i, t, k, title) for i, (t, title, k) in enumerate(items)], max_tokens, header=header
    )
    assert estimate_tokens(result.formatted) <= max_tokens
    assert result.token_estimate == estimate_tokens(result.formatted)
    for kept in result.items:
        assert kept.text in result.formatted


def test_everything_fits_in_order():
    result = pack([item(1, "first"), item(2, "second")], 1500, header="## Memory\n")
    assert [i.id for i in result.items] == ["1", "2"]
    assert result.formatted.index("first") < result.formatted.index("second")
    assert not any(i.cut for i in result.items)


def test_a_too_long_item_is_cut_cleanly_not_dropped():
    long_text = "\n".join(f"Step {n}: checked the share permissions on fs02." for n in range(400))
    result = pack([item(1, long_text)], 200)
    assert len(result.items) == 1
    kept = result.items[0]
    assert kept.cut and kept.text.endswith(CUT_MARK)
    body = kept.text.removesuffix(CUT_MARK)
    assert long_text.startswith(body) and body.endswith("fs02.")  # ends on a line
    assert estimate_tokens(result.formatted) <= 200


def test_one_huge_item_does_not_crowd_out_the_others():
    result = pack([item(1, "word " * 5000), item(2, "small but useful")], 1500)
    assert [i.id for i in result.items] == ["1", "2"]
    assert result.items[0].cut and not result.items[1].cut


def test_item_that_cannot_fit_is_skipped_for_a_shorter_one():
    result = pack([item(1, "y " * 5000), item(2, "z")], 30, header="h" * 40)
    assert [i.id for i in result.items] == ["2"]


def test_zero_budget_gives_empty_block():
    assert pack([item(1, "text")], 0).formatted == ""


def test_secrets_are_redacted_before_measuring():
    result = pack([item(1, f"key {AWS_ID} in use", title=f"t {AWS_ID}")], 100)
    assert AWS_ID not in result.formatted
    assert AWS_ID not in result.items[0].text and AWS_ID not in result.items[0].title


def test_cut_never_splits_a_redaction_marker():
    text = "a" * 100 + " [REDACTED:aws_access_key] " + "b" * 100
    for limit in range(100, 130):
        cut = cut_clean(text, limit)
        assert "[REDACTED" not in cut or "[REDACTED:aws_access_key]" in cut
    assert MIN_CUT_CHARS > 0


def test_a_secret_split_between_title_and_text_is_caught_in_the_block():
    """Each piece is clean alone; joined into the block they hold a password: the block
    is redacted as a whole too."""
    password = "Corr3ct" + "Horse" + "!9"
    result = pack([item(1, f"{password}</password> rotated", title="<password>")], 500)
    assert password not in result.formatted
    assert "[REDACTED:" in result.formatted


def slow_pack(items, max_tokens: int, header: str = "") -> PackResult:
    """Every text redacted first, then the block: what ``pack`` must answer."""
    result, _ = packing._pack(items, max_tokens, header, redact)
    checked = redact(result.formatted)
    if checked != result.formatted:
        result.formatted = cut_clean(checked, packing.chars_for_tokens(max_tokens))
    return result


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    secret=planted(),
    before=st.text(max_size=120),
    after=st.text(max_size=120),
    left=st.sampled_from(["", " ", "\n", ": "]),
    right=st.sampled_from(["", " ", "\n", ". "]),
    title=st.text(max_size=60),
    max_tokens=st.integers(10, 600),
)
def test_a_secret_that_redacting_the_text_removes_never_reaches_the_output(
    secret, before, after, left, right, title, max_tokens
):
    """The block is packed from the texts and titles as stored and redacted as a whole: a
    secret at the start or the end of a piece (next to a heading, or to nothing) is
    found there just as in the piece alone, and a piece cut or reflowed is checked
    whole."""
    text, core = secret
    body = before + left + text + right + after
    in_title = title + left + text
    assume(core not in redact(body) and core not in redact(in_title) and core not in title)
    items = [
        item(1, "Backup job moved to 02:00."),
        item(2, body, title=title),
        item(3, "x" * 200, title=in_title),
    ]
    result = pack(items, max_tokens)
    assert core not in result.formatted
    assert all(core not in i.text and core not in i.title for i in result.items)
    assert result == slow_pack(items, max_tokens)


def test_clean_pieces_are_redacted_once_as_a_block():
    calls: list[str] = []

    def counting(text: str) -> str:
        calls.append(text)
        return redact(text)

    items = [item(n, f"note {n} about the backup window") for n in range(5)]
    result = pack(items, 500, header="## Memory\n", redactor=counting)
    assert calls == [result.formatted]  # no piece alone: the block, once
    assert result == slow_pack(items, 500, header="## Memory\n")
