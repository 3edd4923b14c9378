"""The glossary of the domain's words (src/stranded/locale/glossary.csv), in the four languages.

Rows whose term starts with `form:` are the field form's questions (`form:KEY`) and choices
(`form:LIST:VALUE`): the XLSForm takes its labels from here, so that the phone says the words the
pages say (tests/core/test_catalogs.py holds both to the domain's rows).
"""

from __future__ import annotations

import csv
from functools import cache

from django.conf import settings

LANGUAGES = ("en", "hy", "ru", "az")
Labels = tuple[str, str, str, str]  # en, hy, ru, az


@cache
def rows() -> tuple[dict[str, str], ...]:
    path = settings.PACKAGE_DIR / "locale" / "glossary.csv"
    with path.open(newline="", encoding="utf-8") as f:
        return tuple(csv.DictReader(f))


def domain_rows() -> list[dict[str, str]]:
    return [row for row in rows() if not row["term"].startswith("form:")]


def labels(term: str) -> Labels:
    row = next(r for r in rows() if r["term"] == term)
    return (row["en"], row["hy"], row["ru"], row["az"])


def form_labels(prefix: str) -> dict[str, Labels]:
    """The rows under `form:PREFIX:` by what follows, in the file's order (`form_labels("")`:
    the questions, by key)."""
    start = f"form:{prefix}:" if prefix else "form:"
    found = {}
    for row in rows():
        rest = row["term"][len(start) :] if row["term"].startswith(start) else None
        if rest and (prefix or ":" not in rest):
            found[rest] = (row["en"], row["hy"], row["ru"], row["az"])
    return found


def form_lists() -> list[str]:
    """The field form's lists of choices (rows `form:LIST:VALUE`), in the file's order."""
    names: dict[str, None] = {}
    for row in rows():
        parts = row["term"].split(":")
        if parts[0] == "form" and len(parts) == 3:
            names[parts[1]] = None
    return list(names)
