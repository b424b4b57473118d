"""Be Vietnam Pro, served from the installed fontpkg-be-vietnam-pro package (never committed).

A static finder exposes the package's TTFs under fonts/be-vietnam-pro/ and, beside them, WOFF2
subsets (Latin + Vietnamese, ~30 KB instead of ~135 KB) made with fontTools the first time
they are looked for — by collectstatic at build time, or by whitenoise/runserver in development —
and kept under var/fonts so the work is done once per package version.
"""

from __future__ import annotations

import io
from functools import cached_property
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles.finders import BaseFinder
from django.core.files.storage import FileSystemStorage

PREFIX = "fonts/be-vietnam-pro"
WEIGHTS = ("Regular", "SemiBold", "Bold")
# Latin, Latin-1, Latin Extended-A/B (ơ ư đ), combining marks, Vietnamese block, ₫ and punctuation.
UNICODES = [
    *range(0x20, 0x7F),
    *range(0xA0, 0x250),
    *range(0x300, 0x310),
    0x323,
    *range(0x1EA0, 0x1F00),
    0x20AB,
    0x2013,
    0x2014,
    0x2018,
    0x2019,
    0x201C,
    0x201D,
    0x2026,
    0x2022,
    0x2190,
    0x2192,
    0x2605,
    0x2606,
]


def package_folder() -> Path | None:
    try:
        import fontpkg_be_vietnam_pro
    except ImportError:
        return None
    return Path(fontpkg_be_vietnam_pro.__file__).resolve().parent / "files"


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("fontpkg-be-vietnam-pro")
    except PackageNotFoundError:
        return "0"


def build_woff2(source: Path, target: Path) -> None:
    from fontTools import subset
    from fontTools.ttLib import TTFont

    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = ["kern", "liga", "ccmp", "mark", "mkmk"]
    font = TTFont(str(source))
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=UNICODES)
    subsetter.subset(font)
    buffer = io.BytesIO()
    font.flavor = "woff2"
    font.save(buffer)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(".tmp")
    tmp.write_bytes(buffer.getvalue())
    tmp.replace(target)  # atomic: two workers building at once never serve half a file


class FontPackageFinder(BaseFinder):
    @cached_property
    def source(self) -> Path | None:
        return package_folder()

    @cached_property
    def cache(self) -> Path:
        return Path(settings.VAR_DIR) / "fonts" / _version()

    def _ensure_woff2(self) -> None:
        if self.source is None:
            return
        for weight in WEIGHTS:
            target = self.cache / f"BeVietnamPro-{weight}.woff2"
            if not target.exists():
                build_woff2(self.source / f"BeVietnamPro-{weight}.ttf", target)

    def find(self, path, find_all=False, **kwargs):
        if not path.startswith(PREFIX + "/") or self.source is None:
            return [] if find_all else None
        name = path[len(PREFIX) + 1 :]
        if "/" in name:
            return [] if find_all else None
        if name.endswith(".woff2"):
            self._ensure_woff2()
            candidate = self.cache / name
        else:
            candidate = self.source / name
        if not candidate.is_file():
            return [] if find_all else None
        return [str(candidate)] if find_all else str(candidate)

    def list(self, ignore_patterns):
        if self.source is None:
            return
        self._ensure_woff2()
        for folder, pattern in ((self.cache, "*.woff2"), (self.source, "*.ttf")):
            storage = FileSystemStorage(location=str(folder))
            storage.prefix = PREFIX
            for file in sorted(folder.glob(pattern)):
                yield file.name, storage
