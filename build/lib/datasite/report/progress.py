"""Progress lines for long runs: shown on a terminal, silent in CI logs unless asked for."""

from __future__ import annotations

import time
from typing import TextIO


class Progress:
    """Writes "[  12.3 s] what is happening" lines; does nothing when disabled."""

    def __init__(self, out: TextIO, enabled: bool):
        self.out = out
        self.enabled = enabled
        self.started = time.perf_counter()

    @classmethod
    def choose(cls, out: TextIO, progress: bool, quiet: bool) -> Progress:
        """--progress forces it, --quiet silences it; otherwise only on an interactive terminal."""
        isatty = getattr(out, "isatty", lambda: False)()
        return cls(out, not quiet and (progress or isatty))

    def step(self, message: str) -> None:
        if self.enabled:
            self.out.write(f"[{time.perf_counter() - self.started:7.1f} s] {message}\n")
            self.out.flush()
