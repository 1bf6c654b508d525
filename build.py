#!/usr/bin/env python3
"""Build and check the open-data site: `python build.py --help`."""

import os
import signal
import sys
from pathlib import Path

MISSING_PACKAGE = {
    "en": 'build.py needs the project\'s packages, and this Python has no "{name}". Install '
    "them once with `make .venv/.installed` (or `make site`), then run `.venv/bin/python build.py "
    "…`, or first `. .venv/bin/activate`.",
    "es": 'build.py necesita los paquetes del proyecto y este Python no tiene "{name}". '
    "Instálelos una vez con `make .venv/.installed` (o `make site`) y luego ejecute "
    "`.venv/bin/python build.py …`, o antes `. .venv/bin/activate`.",
}

if __name__ == "__main__":
    try:
        # Importing the pipeline takes a moment (polars, frictionless): Ctrl-C then is no traceback
        # either.
        from datasite.cli import main

        code = main(sys.argv[1:], root=Path(__file__).resolve().parent)
        signal.signal(
            signal.SIGINT, signal.SIG_IGN
        )  # the work is done and reported: no traceback while exiting
        sys.exit(code)
    except KeyboardInterrupt:
        print("Interrupted; nothing was changed.", file=sys.stderr)
        sys.exit(130)
    except ModuleNotFoundError as error:
        if (error.name or "").partition(".")[0] in ("datasite", ""):
            raise  # our own code missing is a fault to see whole, not a setup step
        # Run with a Python that lacks the project's packages (outside .venv): say how to set up.
        from datasite.language import argv_lang

        lang = argv_lang(sys.argv[1:], dict(os.environ))
        print(MISSING_PACKAGE[lang].format(name=error.name), file=sys.stderr)
        sys.exit(1)
