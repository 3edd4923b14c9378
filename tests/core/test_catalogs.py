"""The translation catalogs: complete, faithful to the glossary, placeholders kept.

`test_every_entry_is_translated` is strict (marked `translations`): it fails while a catalog for
Armenian, Russian or Azerbaijani has an untranslated or fuzzy entry, naming the language and the
first entries left. The glossary tests hold from the first translated entry on.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import polib
import pytest
from django.test import SimpleTestCase

LOCALE = Path(__file__).resolve().parents[2] / "src" / "stranded" / "locale"
TRANSLATED = ("hy", "ru", "az")  # English is the source: its msgstr stay empty
PLACEHOLDER = re.compile(r"%(?:\([^)]*\))?[-#0 +]*\d*(?:\.\d+)?[sdifr%]")


def catalog(language: str) -> polib.POFile:
    return polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))


def glossary() -> list[dict[str, str]]:
    with (LOCALE / "glossary.csv").open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def live(po: polib.POFile) -> list[polib.POEntry]:
    return [e for e in po if not e.obsolete]


def translations(entry: polib.POEntry) -> list[str]:
    return list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]


class GlossaryTests(SimpleTestCase):
    def test_every_term_has_all_four_languages(self) -> None:
        rows = glossary()
        self.assertGreater(len(rows), 50)
        missing = [
            f"{row['term']}: {lang}"
            for row in rows
            for lang in ("en", *TRANSLATED)
            if not row[lang].strip()
        ]
        self.assertEqual(missing, [])
        terms = [row["term"] for row in rows]
        self.assertEqual(sorted(set(terms)), sorted(terms), "a term twice")

    def test_the_movements_established_terms(self) -> None:
        tracing = next(row for row in glossary() if row["term"] == "tracing")
        self.assertEqual(
            (tracing["ru"], tracing["hy"], tracing["az"]), ("розыск", "որոնում", "axtarış")
        )

    def test_catalogs_use_the_glossarys_words(self) -> None:
        """A msgid that is exactly a glossary term is translated by the glossary's word
        (letter case aside)."""
        words = {row["en"].casefold(): row for row in glossary()}
        wrong = []
        for language in TRANSLATED:
            for entry in live(catalog(language)):
                row = words.get(entry.msgid.casefold())
                if row and entry.msgstr and entry.msgstr.casefold() != row[language].casefold():
                    wrong.append(f"{language}: {entry.msgid!r} is {entry.msgstr!r}, "
                                 f"the glossary says {row[language]!r}")  # fmt: skip
        self.assertEqual(wrong, [])


class CatalogTests(SimpleTestCase):
    def test_the_four_catalogs_exist_with_their_plural_rules(self) -> None:
        expected = {"en": "2", "hy": "2", "ru": "3", "az": "2"}
        for language, plurals in expected.items():
            po = catalog(language)
            self.assertEqual(po.metadata["Language"], language)
            self.assertIn(f"nplurals={plurals};", po.metadata["Plural-Forms"])
            self.assertGreater(len(live(po)), 500)

    def test_the_catalogs_hold_the_same_msgids(self) -> None:
        english = {e.msgid for e in live(catalog("en"))}
        for language in TRANSLATED:
            self.assertEqual({e.msgid for e in live(catalog(language))}, english, language)

    def test_translations_keep_the_placeholders(self) -> None:
        wrong = []
        for language in TRANSLATED:
            for entry in live(catalog(language)):
                wanted = sorted(PLACEHOLDER.findall(entry.msgid))
                for text in translations(entry):
                    if (
                        text
                        and sorted(PLACEHOLDER.findall(text)) != wanted
                        and not entry.msgid_plural
                    ):
                        wrong.append(f"{language}: {entry.msgid!r} -> {text!r}")
        self.assertEqual(wrong, [])

    @pytest.mark.translations
    def test_every_entry_is_translated(self) -> None:
        left = {}
        for language in TRANSLATED:
            entries = live(catalog(language))
            untranslated = [e.msgid for e in entries if not all(translations(e))]
            fuzzy = [e.msgid for e in entries if "fuzzy" in e.flags]
            if untranslated or fuzzy:
                left[language] = (
                    f"{len(untranslated)} untranslated, {len(fuzzy)} fuzzy of {len(entries)}; "
                    f"first: {(untranslated + fuzzy)[:5]}"
                )
        self.assertEqual(left, {}, "catalogs not complete (make messages, then translate)")
