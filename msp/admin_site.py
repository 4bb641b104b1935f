"""The admin site: the product's name in the header, and a dashboard as the index page
(what needs attention, billable hours per week) above the usual list of apps."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib.admin import AdminSite
from django.utils import timezone

from msp.selectors import dashboard as dashboard_selectors

# Colour-blind-safe palette (Okabe-Ito), one colour per client, in legend order.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#999999")


@dataclass
class Bar:
    x: int
    y: int
    width: int
    height: int
    color: str
    title: str


@dataclass
class Chart:
    """A stacked bar chart as SVG geometry: drawn on the server, no script, no CDN."""

    width: int
    height: int
    bars: list[Bar]
    labels: list[tuple[int, str]]
    ticks: list[tuple[int, str]]
    legend: list[tuple[str, str]]
    plot_left: int
    plot_bottom: int
    empty: bool


def weekly_chart(data: dashboard_selectors.WeeklyHours, width: int = 640) -> Chart:
    height, left, right, top, bottom = 220, 44, 8, 10, 28
    weeks = len(data.weeks)
    totals = [
        sum((series[index] for series in data.series.values()), Decimal(0))
        for index in range(weeks)
    ]
    peak = max(totals, default=Decimal(0))
    step = next((s for s in (1, 2, 5, 10, 20, 50, 100, 200, 500) if peak <= s * 4), 1000)
    scale_max = Decimal(step * 4)
    plot_height = height - top - bottom
    slot = (width - left - right) // max(weeks, 1)
    bar_width = max(slot - 10, 4)
    names = sorted(data.series, key=lambda name: -sum(data.series[name]))
    colors = {name: PALETTE[index % len(PALETTE)] for index, name in enumerate(names)}
    bars: list[Bar] = []
    for index, week in enumerate(data.weeks):
        x = left + index * slot + (slot - bar_width) // 2
        base = Decimal(0)
        for name in names:
            hours = data.series[name][index]
            if not hours:
                continue
            y_top = top + plot_height - int((base + hours) / scale_max * plot_height)
            y_bottom = top + plot_height - int(base / scale_max * plot_height)
            bars.append(
                Bar(
                    x=x,
                    y=y_top,
                    width=bar_width,
                    height=max(y_bottom - y_top, 1),
                    color=colors[name],
                    title=f"{name}, week of {week:%d %b}: {hours} h",
                )
            )
            base += hours
    return Chart(
        width=width,
        height=height,
        bars=bars,
        labels=[
            (left + index * slot + slot // 2, f"{week:%d %b}")
            for index, week in enumerate(data.weeks)
        ],
        ticks=[
            (top + plot_height - int(Decimal(step * n) / scale_max * plot_height), f"{step * n}")
            for n in range(5)
        ],
        legend=[(name, colors[name]) for name in names],
        plot_left=left,
        plot_bottom=top + plot_height,
        empty=not bars,
    )


class MspAdminSite(AdminSite):
    site_header = "MSP back office"
    site_title = "MSP back office"
    index_title = "Dashboard"
    index_template = "admin/msp_dashboard.html"
    # The list of every page stays on the dashboard; on other pages its 300 px go to the
    # tables, whose columns would otherwise be cut off at 1280 px.
    enable_nav_sidebar = False

    def index(self, request, extra_context: dict[str, Any] | None = None):
        board = dashboard_selectors.dashboard(request.user, timezone.now())
        context = {
            "dashboard": board,
            "chart": weekly_chart(board.weekly_hours) if board.weekly_hours else None,
            **(extra_context or {}),
        }
        return super().index(request, extra_context=context)
