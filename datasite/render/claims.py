"""The home page's headline and chart as groups of comparable counts (pure: no pages, no text).

Every group is one measure counted from one window start (check/compare.py says when two windows
are the same); nothing here ever moves a count into a group of another measure or window. What a
row does not hold is kept as the reasons the figures differ: a claimant's counts of the same
measure from other starts, and of other measures from the same start.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field

from datasite.check.compare import Window, comparable, same_window

# A date as the latest day it may be, as text that sorts: "2026-01" is any day up to 31 January.
_PAD = {4: "-99-99", 7: "-99", 10: ""}


@dataclass(frozen=True)
class Count:
    """One count as the headline sees it: its measure, the claimant it counts for, its window."""

    id: str
    measure: str
    claimant: str
    window: Window
    as_of: str
    status: str = ""


def newest(count: Count) -> tuple[str, str]:
    """Sort key: the latest day the as-of date may be, then the id (a stable tie-break)."""
    return (latest_day(count), count.id)


def latest_day(count: Count) -> str:
    return count.as_of + _PAD.get(len(count.as_of), "")


def latest_of(counts: Iterable[Count]) -> list[Count]:
    """The counts of the newest as-of date, all of them: two reports of one day that disagree
    are both shown, never one picked."""
    counts = list(counts)
    if not counts:
        return []
    day = max(latest_day(c) for c in counts)
    return sorted((c for c in counts if latest_day(c) == day), key=lambda c: c.id)


@dataclass
class Line:
    """One headline row: a measure and window, each claimant's latest comparable counts (none,
    one, or several of one day that disagree), and each claimant's nearest figures that are not
    comparable, newest first."""

    measure: str
    window: Window
    cells: list[tuple[str, list[Count]]]
    # Per claimant, groups of counts (the newest of one window, or of one measure).
    other_periods: dict[str, list[list[Count]]] = field(default_factory=dict)
    more_periods: dict[str, int] = field(default_factory=dict)
    other_measures: dict[str, list[list[Count]]] = field(default_factory=dict)

    @property
    def statuses(self) -> list[tuple[str, str]]:
        """(claimant, status) of the filled cells, when they differ; else empty."""
        filled = [(c, x.status) for c, counts in self.cells for x in counts]
        return filled if len({s for _, s in filled}) > 1 else []


def headline_lines(
    counts: Iterable[Count],
    rows: Iterable[tuple[str, Window]],
    claimants: Iterable[str],
    rule: Mapping[str, str],
    stocks: Collection[str],
    limit: int = 2,
) -> list[Line]:
    """For each (measure, window) row, each claimant's latest comparable count."""
    counts = list(counts)
    claimants = list(claimants)
    out = []
    for measure, window in rows:
        line = Line(measure, window, [])
        for claimant in claimants:
            own = [c for c in counts if c.claimant == claimant]
            same = [
                c for c in own if comparable(c.measure, c.window, measure, window, rule, stocks)
            ]
            line.cells.append((claimant, latest_of(same)))
            taken = {id(c) for c in same}  # identity: `in same` compared whole dataclasses
            # The same measure from other starts (stated ones: an unknown start is no period).
            periods = latest_per(
                (c for c in own if c.measure == measure and c.window.stated and id(c) not in taken),
                lambda c: c.window,
            )
            if periods:
                line.other_periods[claimant] = periods[:limit]
                line.more_periods[claimant] = len(periods) - limit if len(periods) > limit else 0
            # Other measures from the same start.
            others = latest_per(
                (
                    c
                    for c in own
                    if c.measure != measure
                    and window.stated
                    and same_window(c.window, window, rule, stock=False)
                ),
                lambda c: c.measure,
            )
            if others:
                line.other_measures[claimant] = others[:limit]
        out.append(line)
    return out


def latest_per(counts: Iterable[Count], key) -> list[list[Count]]:
    """The newest counts of each group (groups by key), newest group first."""
    groups: dict = {}
    for count in counts:
        groups.setdefault(key(count), []).append(count)
    latest = [latest_of(g) for g in groups.values()]
    return sorted(latest, key=lambda g: (latest_day(g[0]), g[0].id), reverse=True)


@dataclass
class PanelLine:
    """One line of a chart panel: a claimant's counts from one window."""

    claimant: str
    window: Window
    main: bool
    counts: list[Count]


def panel_lines(
    counts: Iterable[Count],
    measure: str,
    main: Window | None,
    claimants: Iterable[str],
    rule: Mapping[str, str],
    stocks: Collection[str],
) -> tuple[Window | None, list[PanelLine], int]:
    """A measure's panel: its main window (given, else the most used), one line per claimant and
    window (main ones first), and how many counts have no window they could share (left out)."""
    stock = measure in stocks
    classes: list[Window] = []
    grouped: dict[tuple[str, Window], list[Count]] = {}
    left_out = 0
    for count in sorted((c for c in counts if c.measure == measure), key=newest):
        if not same_window(count.window, count.window, rule, stock):
            left_out += 1  # an unknown start of a period, or a start declared never the same
            continue
        window = next((w for w in classes if same_window(w, count.window, rule, stock)), None)
        if window is None:
            classes.append(count.window)
            window = count.window
        grouped.setdefault((count.claimant, window), []).append(count)
    if main is None and grouped:
        used = {w: sum(len(v) for (_, k), v in grouped.items() if k == w) for w in classes}
        main = max(classes, key=lambda w: (used[w], [-ord(ch) for ch in w.start]))
    elif main is not None:
        main = next((w for w in classes if same_window(w, main, rule, stock)), main)
    lines = []
    for claimant in claimants:
        windows = [w for (c, w) in grouped if c == claimant]
        windows.sort(key=lambda w: (w != main, w.start))
        for window in windows:
            lines.append(PanelLine(claimant, window, window == main, grouped[(claimant, window)]))
    return main, lines, left_out
