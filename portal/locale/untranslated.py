"""List the Wagtail admin msgids that still show in English under zh-hans.

A dev tool for issue 11 (the admin entirely in Chinese). Wagtail's zh_Hans .po files (pulled
from Transifex) hold only the translated entries, so the full list of msgids comes from each
installed Wagtail app's (and taggit's, whose strings the admin's tag fields show) English source
catalogue ``<app>/locale/en/LC_MESSAGES/django.po``. It keeps the msgids whose
``<app>/locale/zh_Hans/LC_MESSAGES/django.po`` entry is missing, empty or fuzzy (msgfmt drops
fuzzy entries), and removes those that another loaded catalogue translates at run time (Django merges catalogues: Django's own, the other apps', and the
project's ``portal/locale``) and those our ``portal/locale/zh_Hans/LC_MESSAGES/django.po``
already has, compiled or not. No polib needed: a small .po parser is below.

Usage (from the repository root)::

    .venv/bin/python portal/locale/untranslated.py            # one msgid per line, with its app
    .venv/bin/python portal/locale/untranslated.py --po       # as empty .po entries to translate
    .venv/bin/python portal/locale/untranslated.py --count    # just the number

``untranslated()`` returns the same list for tests (Django must be set up).
"""

from __future__ import annotations

import argparse
import ast
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
OURS = HERE / "zh_Hans" / "LC_MESSAGES" / "django.po"
# Apps whose strings the Wagtail admin shows (as INSTALLED_APPS names).
ADMIN_APPS = ("wagtail", "taggit")


@dataclass
class Entry:
    msgid: str
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstr: list[str] = field(default_factory=list)
    fuzzy: bool = False
    python_format: bool = False
    source: str = ""

    @property
    def translated(self) -> bool:
        return not self.fuzzy and bool(self.msgstr) and all(self.msgstr)

    @property
    def key(self) -> tuple[str | None, str]:
        return (self.msgctxt, self.msgid)


def _unquote(line: str) -> str:
    return ast.literal_eval(line)  # a .po string is a C-style quoted string


def parse_po(path: Path) -> list[Entry]:
    """The active (non-obsolete) entries of a .po file, header excluded."""
    entries: list[Entry] = []
    flags: set[str] = set()
    current: Entry | None = None
    target: tuple[str, int] | None = None
    parts: dict[str, str] = {}

    def finish():
        nonlocal current, parts, flags
        if current is not None and "msgid" in parts:
            current.msgid = parts["msgid"]
            current.msgctxt = parts.get("msgctxt")
            current.msgid_plural = parts.get("msgid_plural")
            strs = sorted((k, v) for k, v in parts.items() if k.startswith("msgstr"))
            current.msgstr = [v for _k, v in strs]
            if current.msgid:
                entries.append(current)
        current, parts, flags = None, {}, set()

    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line:
            finish()
            continue
        if line.startswith("#~"):
            continue
        if line.startswith("#,"):
            if current is not None and "msgid" in parts:
                finish()
            flags |= {f.strip() for f in line[2:].split(",")}
            continue
        if line.startswith("#"):
            continue
        keyword, _, rest = line.partition(" ")
        if line.startswith('"'):
            parts[target] += _unquote(line)
            continue
        if keyword in ("msgctxt", "msgid") and current is not None and "msgid" in parts and keyword != "msgid_plural":
            if keyword == "msgctxt" or "msgstr" in "".join(parts):
                finish()
        if current is None:
            current = Entry(msgid="", source=str(path))
            current.fuzzy = "fuzzy" in flags
            current.python_format = "python-format" in flags
        key = keyword.replace("[", "_").rstrip("]") if keyword.startswith("msgstr[") else keyword
        if keyword == "msgstr":
            key = "msgstr_0"
        target = key
        parts[key] = _unquote(rest)
    finish()
    return entries


def source_catalogues() -> list[tuple[str, Path, Path]]:
    """(app name, English source .po, zh_Hans .po) of every admin app installed."""
    from django.apps import apps

    found = []
    for config in apps.get_app_configs():
        if config.name.split(".")[0] not in ADMIN_APPS:
            continue
        locale = Path(config.path) / "locale"
        en, zh = (locale / lang / "LC_MESSAGES" / "django.po" for lang in ("en", "zh_Hans"))
        if en.exists():
            found.append((config.name, en, zh))
    return found


def _runtime_catalog():
    from django.utils import translation
    from django.utils.translation import trans_real

    return trans_real.translation(translation.to_language("zh_Hans"))._catalog


def _has_runtime_translation(catalog, entry: Entry) -> bool:
    msgid = entry.msgid if entry.msgctxt is None else f"{entry.msgctxt}\x04{entry.msgid}"
    if entry.msgid_plural is not None:
        key = (msgid, 0)
        try:
            return bool(catalog[key])
        except KeyError:
            return False
    try:
        return bool(catalog[msgid])
    except KeyError:
        return False


def untranslated() -> list[Entry]:
    """Admin entries with no Chinese anywhere (source catalogue, other catalogues, ours)."""
    ours = {e.key for e in parse_po(OURS) if e.translated}
    catalog = _runtime_catalog()
    seen: set[tuple[str | None, str]] = set()
    missing: list[Entry] = []
    for app, en, zh in source_catalogues():
        done = {e.key for e in parse_po(zh) if e.translated} if zh.exists() else set()
        for entry in parse_po(en):
            if entry.key in done or entry.key in ours or entry.key in seen:
                continue
            seen.add(entry.key)
            if _has_runtime_translation(catalog, entry):
                continue
            entry.source = app
            missing.append(entry)
    return missing


def _po_quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t") + '"'


def as_po(entry: Entry) -> str:
    lines = [f"# {entry.source}"]
    if entry.python_format:
        lines.append("#, python-format")
    if entry.msgctxt is not None:
        lines.append(f"msgctxt {_po_quote(entry.msgctxt)}")
    lines.append(f"msgid {_po_quote(entry.msgid)}")
    if entry.msgid_plural is not None:
        lines.append(f"msgid_plural {_po_quote(entry.msgid_plural)}")
        lines.append('msgstr[0] ""')
    else:
        lines.append('msgstr ""')
    return "\n".join(lines) + "\n"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--po", action="store_true", help="print empty .po entries")
    parser.add_argument("--count", action="store_true", help="print only the number")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(HERE.parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    import django

    django.setup()
    missing = untranslated()
    if args.count:
        print(len(missing))
    elif args.po:
        print("\n".join(as_po(e) for e in missing))
    else:
        for e in missing:
            ctx = f"[{e.msgctxt}] " if e.msgctxt else ""
            print(f"{e.source}\t{ctx}{e.msgid!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
