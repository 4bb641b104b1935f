"""Billing arithmetic (pure) on awkward cases, plus properties checked with hypothesis."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tracking import billing

UTC = datetime.UTC


def test_one_minute_with_fifteen_minute_minimum():
    assert billing.billable_minutes(1, increment=15, minimum=15) == 15
    assert billing.billable_minutes(1, increment=6, minimum=15) == 15
    assert billing.billable_minutes(16, increment=6, minimum=15) == 18


def test_increment_rounds_up_and_exact_multiples_stay():
    assert billing.billable_minutes(15, increment=15, minimum=0) == 15
    assert billing.billable_minutes(16, increment=15, minimum=0) == 30
    assert billing.billable_minutes(0, increment=15, minimum=15) == 0


def test_non_billable_and_override():
    assert billing.billable_minutes(50, increment=15, minimum=15, is_billable=False) == 0
    assert billing.billable_minutes(50, increment=15, minimum=15, override=45) == 45
    # Non-billable wins over an override: no money for non-billable work.
    assert billing.billable_minutes(50, increment=15, minimum=0, is_billable=False, override=9) == 0


def test_amount_rounds_half_up_to_cents():
    assert billing.amount(20, Decimal("100.00")) == Decimal("33.33")
    assert billing.amount(1, Decimal("0.30")) == Decimal("0.01")  # 0.005 -> 0.01
    assert billing.amount(1, Decimal("0.90")) == Decimal("0.02")  # 0.015 -> 0.02
    assert billing.amount(90, Decimal("145.50")) == Decimal("218.25")


def test_duration_counts_started_minutes_and_crosses_midnight():
    start = datetime.datetime(2026, 3, 31, 23, 50, tzinfo=UTC)
    assert billing.duration_minutes(start, start + datetime.timedelta(minutes=20)) == 20
    assert billing.duration_minutes(start, start + datetime.timedelta(seconds=61)) == 2
    assert billing.duration_minutes(start, start + datetime.timedelta(microseconds=1)) == 1
    with pytest.raises(ValueError):
        billing.duration_minutes(start, start - datetime.timedelta(seconds=1))


def test_month_bounds_in_client_timezone():
    start, end = billing.month_bounds(2026, 3, "Europe/Berlin")
    # CET (+1) at the start, CEST (+2) after the last Sunday of March.
    assert start == datetime.datetime(2026, 2, 28, 23, 0, tzinfo=UTC)
    assert end == datetime.datetime(2026, 3, 31, 22, 0, tzinfo=UTC)
    start, end = billing.month_bounds(2026, 12, "America/New_York")
    assert start == datetime.datetime(2026, 12, 1, 5, 0, tzinfo=UTC)
    assert end == datetime.datetime(2027, 1, 1, 5, 0, tzinfo=UTC)


@pytest.mark.parametrize("text", ["2026-13", "2026-00", "26-01", "2026-1", "", "2026-01-01"])
def test_parse_month_rejects(text):
    with pytest.raises(ValueError):
        billing.parse_month(text)


def test_summary_totals_equal_sum_of_lines_with_mixed_rates():
    lines = [
        billing.Line("ann", "security", 1, 15, billing.amount(15, Decimal("120.00"))),
        billing.Line("bob", "security", 20, 30, billing.amount(30, Decimal("99.99"))),
        billing.Line("ann", "consulting", 10, 0, Decimal("0.00")),
    ]
    summary = billing.summarize(lines)
    assert summary.total.amount == Decimal("30.00") + Decimal("50.00")  # 49.995 -> 50.00
    assert summary.by_technician["ann"].actual_minutes == 11
    assert summary.by_category["consulting"].amount == Decimal("0.00")
    assert summary.total.as_dict()["actual_hours"] == "0.52"


@given(
    actual=st.integers(min_value=1, max_value=10_080),
    increment=st.integers(min_value=1, max_value=1440),
    minimum=st.integers(min_value=0, max_value=1440),
)
def test_billable_minutes_properties(actual, increment, minimum):
    billed = billing.billable_minutes(actual, increment=increment, minimum=minimum)
    assert billed >= actual
    assert billed >= minimum
    assert billed == minimum or billed % increment == 0
    assert billed < max(actual + increment, minimum + 1)


@given(
    minutes=st.lists(st.integers(min_value=0, max_value=10_080), max_size=30),
    rate=st.decimals(min_value=0, max_value=Decimal("9999.99"), places=2),
)
def test_report_total_is_sum_of_entry_amounts(minutes, rate):
    lines = [billing.Line(f"t{m % 3}", f"c{m % 2}", m, m, billing.amount(m, rate)) for m in minutes]
    summary = billing.summarize(lines)
    assert summary.total.amount == sum((line.amount for line in lines), Decimal("0.00"))
    assert sum(t.amount for t in summary.by_technician.values()) == summary.total.amount
    assert sum(t.amount for t in summary.by_category.values()) == summary.total.amount
