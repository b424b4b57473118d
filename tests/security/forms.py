"""Reading pages like a browser would: forms with their fields, links, inline scripts."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit


@dataclass
class Form:
    page: str
    action: str
    method: str
    fields: dict = field(default_factory=dict)  # name -> first value (selects: first option)


class PageParser(HTMLParser):
    def __init__(self, url: str):
        super().__init__(convert_charrefs=True)
        self.url = url
        self.forms: list[Form] = []
        self.links: list[str] = []
        self.inline_scripts: list[str] = []
        self.event_handlers: list[str] = []
        self._form: Form | None = None
        self._select: str | None = None
        self._script: dict | None = None
        self._script_text: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        for name, value in attrs:
            if name.startswith("on"):
                self.event_handlers.append(f"<{tag} {name}={value!r}>")
            if name in ("href", "src", "action") and (value or "").strip().lower().startswith("javascript:"):
                self.event_handlers.append(f"<{tag} {name}={value!r}>")
        if tag == "form":
            self._form = Form(self.url, urljoin(self.url, a.get("action") or self.url), (a.get("method") or "get").lower())
            self.forms.append(self._form)
        elif tag == "a" and a.get("href"):
            self.links.append(urljoin(self.url, a["href"]))
        elif self._form is not None and tag in ("input", "button", "textarea") and a.get("name"):
            if tag == "input" and a.get("type") in ("checkbox", "radio") and "checked" not in a:
                self._form.fields.setdefault(a["name"], None)
                if self._form.fields[a["name"]] is None and a.get("type") == "radio":
                    self._form.fields[a["name"]] = a.get("value", "on")
                return
            if tag == "button" and a["name"] in self._form.fields:
                return
            self._form.fields[a["name"]] = a.get("value", "")
        elif self._form is not None and tag == "select" and a.get("name"):
            self._select = a["name"]
            self._form.fields.setdefault(a["name"], "")
        elif self._form is not None and tag == "option" and self._select:
            if not self._form.fields.get(self._select) or "selected" in a:
                self._form.fields[self._select] = a.get("value", "")
        elif tag == "script":
            self._script = a
            self._script_text = []

    def handle_data(self, data):
        if self._script is not None:
            self._script_text.append(data)

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "script" and self._script is not None:
            if not self._script.get("src") and self._script.get("type") not in ("application/ld+json", "application/json"):
                self.inline_scripts.append("".join(self._script_text)[:200])
            self._script = None


def parse(url: str, html: str) -> PageParser:
    parser = PageParser(url)
    parser.feed(html)
    return parser


def path_of(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")
