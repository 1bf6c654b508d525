"""Line charts as plain geometry (numbers and SVG path strings) for a Jinja2 SVG template.

A small template was chosen over a charting library: one chart kind, a few dozen points, and the
output must be static, inline, scriptless SVG with our own <title>/<desc>; libraries that do this
(matplotlib, pygal) weigh tens of megabytes or add their own scripts and styles.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from dataclasses import dataclass, field

from datasite.load.values import read_partial_date

# Viewbox size: narrow enough that 13-unit text stays at 12 px or more scaled to the 358 px a 390 px
# phone leaves the chart.
WIDTH, HEIGHT = 380, 240
LEFT, RIGHT, TOP, BOTTOM = 48, 14, 14, 34
YEAR_LINE = 14  # the height of the x axis's second line of labels, the years
# Dark colours (at least 4.5:1 on white) plus distinct markers, so colour is never the only way
# to tell the lines apart. Main lines are solid: a dash would read as the dotted lines that count
# from another start date (MARKED_DASH).
STYLES = [
    {"color": "#1a4f96", "dash": "", "marker": "circle"},
    {"color": "#a53f00", "dash": "", "marker": "square"},
    {"color": "#2a6a2a", "dash": "", "marker": "diamond"},
    {"color": "#6a3d9a", "dash": "", "marker": "triangle"},
]
# Every line of a panel has a marker shape of its own while these last: a claimant's lines from
# other start dates share its colour, so their shapes tell them apart (in the legend too).
MARKERS = ["circle", "square", "diamond", "triangle", "triangle-down", "cross"]

# The most points a line draws: a line with more shows the latest count of each month (or year),
# so neither the chart nor its table grows with the data.
MAX_POINTS = 60

# A line from another start than its panel's main window: dotted (and its markers hollow).
MARKED_DASH = "1 4"


@dataclass
class Point:
    """One plotted claim: where it is drawn and what it stands for."""

    x: float
    y: float
    date: str
    value: int
    row_id: str


@dataclass
class Series:
    """One line: a claimant's claims in date order."""

    key: str
    name: str
    color: str
    dash: str
    marker: str
    points: list[Point] = field(default_factory=list)
    # Counts from another start than the panel's main window: drawn hollow and dotted, and
    # named so in the legend and the table.
    marked: bool = False

    @property
    def path(self) -> str:
        """The line through the points, one per day: of two figures of one day (which conflict,
        as the table says) the line takes the last, and the other stands as a marker alone, never
        joined to it by a vertical stroke that would read as a change within the day."""
        through = [
            p
            for i, p in enumerate(self.points)
            if i + 1 == len(self.points) or self.points[i + 1].date != p.date
        ]
        return " ".join(
            ("M" if i == 0 else "L") + f"{p.x:.1f},{p.y:.1f}" for i, p in enumerate(through)
        )


@dataclass
class Tick:
    """An axis tick: its position and label."""

    at: float
    label: str
    year: str = ""  # shown on a second line, where the axis enters a year


@dataclass
class LineChart:
    """Everything the SVG template draws."""

    width: int
    height: int
    left: int
    right: int
    top: int
    bottom: int
    series: list[Series]
    x_ticks: list[Tick]
    y_ticks: list[Tick]

    @property
    def empty(self) -> bool:
        return not any(s.points for s in self.series)


def day_of(value: str) -> dt.date:
    """A date of any precision as a day: "2026-01" is drawn at 1 January's month start."""
    date = read_partial_date(value)
    if date is None:
        raise ValueError(f"not a date: {value!r}")  # checked data holds none
    return date.earliest()


def nice_ceiling(value: float) -> int:
    """The smallest of 1, 2, 2.5, 5 × 10^k at or above value (at least 1)."""
    if value <= 1:
        return 1
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if step * power >= value:
            return int(step * power)
    return int(10 * power)


def latest_per_period(points: list[tuple], limit: int = MAX_POINTS) -> tuple[list[tuple], str]:
    """Points (date, value, row id) as they are when at most `limit`; else the latest of each
    month, or of each year when months are still too many; and which period ("" when none)."""
    if len(points) <= limit:
        return points, ""
    ordered = sorted(points, key=lambda p: (p[0], p[2]))
    kept: list[tuple] = []
    for period, width in (("month", 7), ("year", 4)):
        latest = {p[0][:width]: p for p in ordered}  # the last of each period wins
        kept = sorted(latest.values(), key=lambda p: (p[0], p[2]))
        if len(kept) <= limit:
            return kept, period
    return kept[-limit:], "year"


def line_chart_styles(series_data: list[tuple]) -> list[tuple[dict, bool]]:
    """Each line's style (by its claimant's style index) and whether it is marked."""
    out = []
    for index, (_, _, _, *more) in enumerate(series_data):
        style_index, marked = (more + [index, False][len(more) :])[:2]
        out.append((STYLES[style_index % len(STYLES)], bool(marked)))
    return out


def line_markers(styles: list[tuple[dict, bool]]) -> list[str]:
    """A marker shape per line: a main line keeps its claimant's shape; a marked line (another
    start date) takes the first shape no line of the panel has yet, so that a claimant's
    several windows, all of its colour, still differ; shapes repeat only once all are taken."""
    markers = [style["marker"] if not marked else "" for style, marked in styles]
    used = set(markers)
    for index, (style, _) in enumerate(styles):
        if not markers[index]:
            free = [m for m in MARKERS if m not in used]
            markers[index] = free[0] if free else style["marker"]
            used.add(markers[index])
    return markers


def line_chart(
    series_data: list[tuple],
    format_tick: Callable[[dt.date], str],
    format_number: Callable[[int], str],
) -> LineChart:
    """Lay out lines given as (key, name, [(date, value, row id), …]), optionally followed by a
    style index and whether the line is marked, on shared date and value axes."""
    all_points = [(day_of(d), v) for _, _, points, *_ in series_data for d, v, _ in points]
    inner_w, inner_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    if all_points:
        first, last = min(p[0] for p in all_points), max(p[0] for p in all_points)
        top_value = nice_ceiling(max(p[1] for p in all_points))
    else:
        first = last = dt.date(2000, 1, 1)
        top_value = 1
    span = max((last - first).days, 1)
    years = first.year != last.year
    bottom = BOTTOM + YEAR_LINE if years else BOTTOM  # room for the years' line
    inner_h = HEIGHT - TOP - bottom

    def x_of(day: dt.date) -> float:
        return LEFT + inner_w * (day - first).days / span if last != first else LEFT + inner_w / 2

    def y_of(value: float) -> float:
        return TOP + inner_h * (1 - value / top_value)

    series = []
    styles = line_chart_styles(series_data)
    markers = line_markers(styles)
    for (key, name, points, *_), (style, marked), marker in zip(
        series_data, styles, markers, strict=True
    ):
        # Figures of one day are drawn smaller first: their order within the day is unknown,
        # and of two counts that only grow the smaller is the earlier (80, later raised to 104);
        # the chart's table says why two figures share a day.
        ordered = sorted(points, key=lambda p: (day_of(p[0]), p[1], p[2]))
        series.append(
            Series(
                key,
                name,
                style["color"],
                MARKED_DASH if marked else style["dash"],
                marker,
                [
                    Point(round(x_of(day_of(d)), 1), round(y_of(v), 1), d, v, row_id)
                    for d, v, row_id in ordered
                ],
                marked,
            )
        )
    y_ticks = [
        Tick(round(y_of(top_value * i / 4), 1), format_number(round(top_value * i / 4)))
        for i in range(5)
    ]
    # At most four ticks, never two on the same day (a short span would repeat labels).
    x_days = sorted({first + dt.timedelta(days=round(span * i / 3)) for i in range(4)} | {last})
    # An axis across the turn of a year gives the year, on a line of its own under the day, at
    # its first tick and at each year's first ("29 Dec / 2025", "22 Jan / 2026", "16 Feb").
    x_ticks = [
        Tick(
            round(x_of(day), 1),
            format_tick(day),
            str(day.year) if years and (n == 0 or day.year != x_days[n - 1].year) else "",
        )
        for n, day in enumerate(x_days)
    ]
    return LineChart(WIDTH, HEIGHT, LEFT, RIGHT, TOP, bottom, series, x_ticks, y_ticks)
