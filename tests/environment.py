"""Loaded with `-p` before pytest-django reads Django's settings: plain `pytest` needs no
extra environment (development secret key, local hosts)."""
import os

os.environ.setdefault("OCOP_DEV", "1")
