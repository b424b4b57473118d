"""Extract the storefront's messages (Python and Jinja2 themes) into locale/<lang>/LC_MESSAGES/
django.po and compile the .mo files, with Babel (pure Python: no GNU gettext needed).

Django's makemessages reads templates as Django templates and misses Jinja2's `_()` calls with
keyword arguments, so extraction uses Babel's Python and Jinja2 extractors instead; the catalogs
are ordinary gettext files that Django loads from LOCALE_PATHS. Vietnamese is the source
language, so only other languages get a catalog.

    ocop manage storefront_messages            extract, update, compile
    ocop manage storefront_messages --compile  only compile (what `make` runs on a fresh clone)
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

KEYWORDS = {"_": None, "gettext": None, "gettext_lazy": None, "ngettext": (1, 2), "ngettext_lazy": (1, 2), "pgettext": ((1, "c"), 2)}
SOURCES = [
    ("storefront/**.py", "python"),
    ("themes/**.html", "jinja2"),
    # The wholesale application's checks speak to the shopper through the storefront's forms.
    ("commerce/business/**.py", "python"),
]


def extract(root: Path):
    from babel.messages.catalog import Catalog
    from babel.messages.extract import extract_from_dir

    catalog = Catalog(project="OCOP Market storefront", charset="utf-8")
    method_map = [(pattern, method) for pattern, method in SOURCES]
    options = {"themes/**.html": {"extensions": "jinja2.ext.i18n", "newstyle_gettext": "true"}}
    for folder in ("storefront", "themes", "commerce/business"):
        for filename, lineno, message, comments, context in extract_from_dir(
            root / folder,
            method_map=[(p[len(folder) + 1 :], m) for p, m in method_map if p.startswith(folder + "/")],
            options_map={k[len(folder) + 1 :]: v for k, v in options.items() if k.startswith(folder + "/")},
            keywords=KEYWORDS,
        ):
            catalog.add(message, None, [(f"{folder}/{filename}", lineno)], auto_comments=comments, context=context)
    return catalog


def compile_catalog(po_path: Path) -> Path:
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po_path.open("rb") as handle:
        catalog = read_po(handle)
    mo_path = po_path.with_suffix(".mo")
    with mo_path.open("wb") as handle:
        write_mo(handle, catalog, use_fuzzy=False)
    return mo_path


class Command(BaseCommand):
    help = "Extract storefront messages into locale/*/LC_MESSAGES/django.po and compile them (Babel)."

    def add_arguments(self, parser):
        parser.add_argument("--compile", action="store_true", help="only compile existing .po files")

    def handle(self, *args, compile=False, **options):
        from babel.messages.pofile import read_po, write_po

        root = Path(settings.BASE_DIR)
        locale_dir = Path(settings.LOCALE_PATHS[0])
        languages = [code for code, _ in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
        template = None if compile else extract(root)
        for language in languages:
            po_path = locale_dir / language / "LC_MESSAGES" / "django.po"
            if template is not None:
                po_path.parent.mkdir(parents=True, exist_ok=True)
                if po_path.exists():
                    with po_path.open("rb") as handle:
                        catalog = read_po(handle, locale=language)
                    catalog.update(template, no_fuzzy_matching=True)
                else:
                    from babel.messages.catalog import Catalog

                    catalog = Catalog(locale=language, project="OCOP Market storefront", charset="utf-8")
                    catalog.update(template)
                catalog.fuzzy = False  # a fuzzy header would be left out of the .mo
                with po_path.open("wb") as handle:
                    write_po(handle, catalog, width=100, omit_header=False, ignore_obsolete=True, sort_output=False)
                missing = sum(1 for m in catalog if m.id and not m.string)
                self.stdout.write(f"{po_path}: {len(catalog)} messages, {missing} untranslated")
            if po_path.exists():
                self.stdout.write(f"compiled {compile_catalog(po_path)}")
