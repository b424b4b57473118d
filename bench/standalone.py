"""`python -m bench.<name>`: set Django up in a plain interpreter and run one benchmark."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Callable


def main(parser: argparse.ArgumentParser, run: Callable[..., object], argv: list[str] | None = None) -> int:
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("OCOP_DEV", "1")
    root = str(Path(__file__).resolve().parent.parent)
    if root not in sys.path:
        sys.path.insert(0, root)
    import django

    django.setup()
    run(vars(args), out=print)
    return 0
