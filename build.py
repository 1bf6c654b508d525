#!/usr/bin/env python3
"""Build and check the open-data site: `python build.py --help`."""
import sys
from pathlib import Path

if __name__ == "__main__":
    try:
        # Importing the pipeline takes a moment (polars, frictionless): Ctrl-C then is no traceback either.
        from datasite.cli import main

        sys.exit(main(sys.argv[1:], root=Path(__file__).resolve().parent))
    except KeyboardInterrupt:
        print("Interrupted; nothing was changed.", file=sys.stderr)
        sys.exit(130)
