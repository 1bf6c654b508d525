#!/usr/bin/env python3
"""Build and check the open-data site: `python build.py --help`."""
import sys
from pathlib import Path

from datasite.cli import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:], root=Path(__file__).resolve().parent))
