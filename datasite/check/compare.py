"""When two counts may stand side by side: the same measure, counted from the same window start.

A count's window is where its counting starts (its `window_start` and that date's precision), or
"not stated". Two window starts are the same when they are the same day; a start known only to
the month (or year) is the same as another start known to the same month (or year) when the
settings say `same` for that precision (`headline.same_window`), and the same as none when they
say `never`. A day is never the same as a month: "since December" may be any day of it. Two
windows not stated are the same only for a stock (a count of people held on one date, such as
still detained), whose figure needs no window; for anything counted over a period, an unknown
start matches nothing, not even another unknown start.

The relation is symmetric and transitive, so every count comparable with a headline row's window
is comparable with every other count of that row.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass

from datasite.load.values import read_partial_date

NOT_STATED = "not_stated"
# How much of a date string each precision keeps: "2026-01-08", "2026-01", "2026".
DIGITS = {"day": 10, "month": 7, "year": 4}
SAME, NEVER = "same", "never"
DEFAULT_RULE: Mapping[str, str] = {"month": SAME, "year": SAME}


@dataclass(frozen=True)
class Window:
    """Where a count starts counting: a start and its precision, or not stated."""

    start: str = ""
    precision: str = NOT_STATED

    @classmethod
    def of(cls, start: str, precision: str) -> Window:
        """A window from a row's start and precision; an empty start is not stated."""
        if not start or precision == NOT_STATED:
            return cls("", NOT_STATED)
        precision = precision if precision in DIGITS else "day"
        return cls(start[: DIGITS[precision]], precision)

    @classmethod
    def parse(cls, text: str) -> Window:
        """A window as settings write it: 2026-01-08, 2026-01, 2026 or not_stated."""
        if text == NOT_STATED:
            return cls()
        date = read_partial_date(text)  # the settings check refuses a start that is no date
        return cls(text, date.precision if date else "day")

    @property
    def stated(self) -> bool:
        return self.precision != NOT_STATED


def same_window(a: Window, b: Window, rule: Mapping[str, str], stock: bool) -> bool:
    """Whether two windows are the same counting period under the declared rule."""
    if not a.stated or not b.stated:
        return stock and not a.stated and not b.stated
    if a.precision != b.precision:
        return False
    if a.precision != "day" and rule.get(a.precision, SAME) == NEVER:
        return False
    return a.start == b.start


def comparable(
    measure_a: str,
    window_a: Window,
    measure_b: str,
    window_b: Window,
    rule: Mapping[str, str],
    stocks: Collection[str],
) -> bool:
    """Whether two counts may stand side by side: the same measure and the same window."""
    return measure_a == measure_b and same_window(window_a, window_b, rule, measure_a in stocks)


def row_problem(
    measure: str, window: Window, rule: Mapping[str, str], stocks: Collection[str]
) -> str:
    """Why a headline row of this measure and window could set unlike counts side by side, or ""."""
    if not window.stated and measure not in stocks:
        return "not_stated"
    if window.stated and window.precision != "day" and rule.get(window.precision) == NEVER:
        return window.precision
    return ""
