# Loaded before Django's settings: running `pytest` directly needs no extra environment.
import os

os.environ.setdefault("OCOP_DEV", "1")
