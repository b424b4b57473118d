"""Themes: a folder under themes/ with templates/, static/ and a theme.json.

A theme names its `parent`; templates are looked up child first, then parent (a Jinja2 loader
chain), and theme settings are merged the same way, so a child overrides only what it changes.
Which theme a channel uses is a setting (STOREFRONT_CHANNEL_THEMES), so adding a theme is adding
a folder — no Python change.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles.finders import BaseFinder
from django.core.files.storage import FileSystemStorage
from jinja2 import ChoiceLoader, FileSystemLoader

DEFAULT_THEME = "default"


def themes_dir() -> Path:
    return Path(getattr(settings, "STOREFRONT_THEMES_DIR", settings.BASE_DIR / "themes"))


def _merge(parent: dict, child: dict) -> dict:
    merged = dict(parent)
    for key, value in child.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        elif key == "stylesheets":
            # A child's stylesheets come after its parent's: it restyles, it does not start over.
            merged[key] = [*merged.get(key, []), *[s for s in value if s not in merged.get(key, [])]]
        else:
            merged[key] = value
    return merged


@dataclass(frozen=True)
class Theme:
    name: str
    chain: tuple[Path, ...]  # this theme's folder first, then its ancestors'
    settings: dict = field(hash=False, compare=False)

    @property
    def template_dirs(self) -> list[Path]:
        return [folder / "templates" for folder in self.chain if (folder / "templates").is_dir()]

    def get(self, key: str, default=None):
        return self.settings.get(key, default)

    @property
    def products_per_page(self) -> int:
        return max(1, min(int(self.settings.get("products_per_page", 24)), 100))


class ThemeError(LookupError):
    pass


@lru_cache(maxsize=None)
def load_theme(name: str) -> Theme:
    folder = themes_dir() / name
    manifest = folder / "theme.json"
    if not manifest.is_file():
        raise ThemeError(f"theme {name!r}: {manifest} is missing")
    own = json.loads(manifest.read_text(encoding="utf-8"))
    parent_name = own.pop("parent", None)
    if parent_name:
        if parent_name == name:
            raise ThemeError(f"theme {name!r} names itself as parent")
        parent = load_theme(parent_name)
        return Theme(name, (folder, *parent.chain), _merge(parent.settings, own))
    return Theme(name, (folder,), own)


def theme_for_channel(channel_slug: str) -> Theme:
    mapping = getattr(settings, "STOREFRONT_CHANNEL_THEMES", {})
    return load_theme(mapping.get(channel_slug, DEFAULT_THEME))


@lru_cache(maxsize=None)
def environment_for(theme: Theme):
    """One Jinja2 environment per theme, with the project's globals and the loader chain."""
    from config.jinja2 import environment

    loader = ChoiceLoader([FileSystemLoader(str(d)) for d in theme.template_dirs])
    env = environment(loader=loader, autoescape=True, auto_reload=settings.DEBUG)
    return env


def all_themes() -> list[Path]:
    return sorted(p for p in themes_dir().iterdir() if (p / "theme.json").is_file())


class ThemeStaticFinder(BaseFinder):
    """Every theme's static/ folder, found by scanning themes/ (a new theme is a new folder).
    Themes namespace their files (static/<theme>/...), so they never shadow each other."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.storages = {p.name: FileSystemStorage(location=str(p / "static")) for p in all_themes() if (p / "static").is_dir()}

    def find(self, path, find_all=False, **kwargs):
        found = []
        for storage in self.storages.values():
            if storage.exists(path):
                full = storage.path(path)
                if not find_all:
                    return full
                found.append(full)
        return found

    def list(self, ignore_patterns):
        from django.contrib.staticfiles.utils import get_files

        for storage in self.storages.values():
            for path in get_files(storage, ignore_patterns):
                yield path, storage
