"""Progress lines for long runs: shown on a terminal, silent in CI logs unless asked for."""

from __future__ import annotations

import time
from typing import TextIO

# Each step's line, in English and Spanish; `{rows}` is a count written the language's way.
STEPS = {
    "load": ("Loading the data…", "Cargando los datos…"),
    "check": (
        "Checking {rows} rows in {tables} tables…",
        "Comprobando {rows} filas en {tables} tablas…",
    ),
    "frozen": ("Checking frozen versions…", "Comprobando las versiones congeladas…"),
    "packages": ("Writing data packages…", "Escribiendo los paquetes de datos…"),
    "render": ("Rendering pages ({lang})…", "Generando las páginas ({lang})…"),
    "mkdocs": (
        "Running MkDocs ({languages}; {pages} pages each)…",
        "Ejecutando MkDocs ({languages}; {pages} páginas cada uno)…",
    ),
    "mkdocs_parallel": (
        "Running MkDocs ({languages}; {pages} pages each, in parallel)…",
        "Ejecutando MkDocs ({languages}; {pages} páginas cada uno, en paralelo)…",
    ),
    "search": ("Writing the search index…", "Escribiendo el índice de búsqueda…"),
    "languages": ("Checking each page's language…", "Comprobando el idioma de cada página…"),
    "catalogs": (
        "Writing the catalogs and the data browser's rows…",
        "Escribiendo los catálogos y las filas del explorador de datos…",
    ),
}


class Progress:
    """Writes "[  12.3 s] what is happening" lines in `lang`; does nothing when disabled."""

    def __init__(self, out: TextIO, enabled: bool, lang: str = "en"):
        self.out = out
        self.enabled = enabled
        self.lang = lang
        self.started = time.perf_counter()

    @classmethod
    def choose(cls, out: TextIO, progress: bool, quiet: bool, lang: str = "en") -> Progress:
        """--progress forces it, --quiet silences it; otherwise only on an interactive terminal."""
        isatty = getattr(out, "isatty", lambda: False)()
        return cls(out, not quiet and (progress or isatty), lang)

    def step(self, step: str, rows: int | None = None, **words: object) -> None:
        """The line of STEPS[step] with `words` (and `rows`, grouped as the language writes)."""
        if not self.enabled:
            return
        english, spanish = STEPS[step]
        if rows is not None:
            words["rows"] = f"{rows:,}".replace(",", ".") if self.lang == "es" else f"{rows:,}"
        message = (spanish if self.lang == "es" else english).format(**words)
        self.out.write(f"[{time.perf_counter() - self.started:7.1f} s] {message}\n")
        self.out.flush()
