#!/usr/bin/env python3
"""Build and check the open-data site: `python build.py --help`."""

import signal
import sys
from pathlib import Path

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
