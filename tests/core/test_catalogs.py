"""The translation catalogs: complete, faithful to the glossary, placeholders kept.

`test_every_entry_is_translated` is strict (marked `translations`): it fails while a catalog for
Armenian, Russian or Azerbaijani has an untranslated or fuzzy entry, or lacks a text the English
catalog has, naming the language and the first entries left. The glossary tests hold from the
first translated entry on.
"""

from __future__ import annotations

import re
from pathlib import Path

import polib
import pytest
from django.test import SimpleTestCase

from stranded.core.glossary import domain_rows, form_labels, form_lists
from stranded.core.glossary import rows as all_rows

LOCALE = Path(__file__).resolve().parents[2] / "src" / "stranded" / "locale"
TRANSLATED = ("hy", "ru", "az")  # English is the source: its msgstr stay empty
PLACEHOLDER = re.compile(r"%(?:\([^)]*\))?[-#0 +]*\d*(?:\.\d+)?[sdifr%]")


def catalog(language: str) -> polib.POFile:
    return polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))


def glossary() -> list[dict[str, str]]:
    """The domain's words (the field form's rows, `form:...`, apart)."""
    return domain_rows()


def live(po: polib.POFile) -> list[polib.POEntry]:
    return [e for e in po if not e.obsolete]


def translations(entry: polib.POEntry) -> list[str]:
    return list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]


class GlossaryTests(SimpleTestCase):
    def test_every_term_has_all_four_languages(self) -> None:
        every = all_rows()
        self.assertGreater(len(glossary()), 50)
        missing = [
            f"{row['term']}: {lang}"
            for row in every
            for lang in ("en", *TRANSLATED)
            if not row[lang].strip()
        ]
        self.assertEqual(missing, [])
        terms = [row["term"] for row in every]
        self.assertEqual(sorted(set(terms)), sorted(terms), "a term twice")

    def test_the_movements_established_terms(self) -> None:
        tracing = next(row for row in glossary() if row["term"] == "tracing")
        self.assertEqual(
            (tracing["ru"], tracing["hy"], tracing["az"]), ("розыск", "որոնում", "axtarış")
        )

    def test_the_field_form_says_the_words_the_pages_say(self) -> None:
        """A field form label that is a word of the glossary is translated as the glossary
        says: the phone and the page agree."""
        words = {row["en"].casefold(): row for row in glossary()}
        wrong = []
        for term, labels in {
            **form_labels(""),
            **{
                f"{name}:{value}": text
                for name in form_lists()
                for value, text in form_labels(name).items()
            },
        }.items():
            row = words.get(labels[0].casefold())
            if row is None:
                continue
            for index, language in enumerate(("hy", "ru", "az"), start=1):
                if labels[index].casefold() != row[language].casefold():
                    wrong.append(
                        f"form:{term} {language}: {labels[index]!r}, "
                        f"the glossary says {row[language]!r}"
                    )
        self.assertEqual(wrong, [])
        self.assertGreater(len(form_labels("")), 30)
        self.assertEqual(
            form_labels("mobility")["stretcher"], ("Stretcher", "Պատգարակ", "Носилки", "Xərək")
        )

    def test_catalogs_use_the_glossarys_words(self) -> None:
        """A msgid that is exactly a glossary term is translated by the glossary's word
        (letter case aside)."""
        words = {row["en"].casefold(): row for row in glossary()}
        wrong = []
        for language in TRANSLATED:
            for entry in live(catalog(language)):
                row = words.get(entry.msgid.casefold())
                if row and entry.msgstr and fold(entry.msgstr) != fold(row[language]):
                    wrong.append(
                        f"{language}: {entry.msgid!r} is {entry.msgstr!r}, "
                        f"the glossary says {row[language]!r}"
                    )
        self.assertEqual(wrong, [])


def fold(text: str) -> str:
    """Letter case aside, Azerbaijani's dotted capital I too ("İ".casefold() is "i" + a dot)."""
    return text.casefold().replace("i\u0307", "i")


class CatalogTests(SimpleTestCase):
    def test_the_four_catalogs_exist_with_their_plural_rules(self) -> None:
        expected = {"en": "2", "hy": "2", "ru": "3", "az": "2"}
        for language, plurals in expected.items():
            po = catalog(language)
            self.assertEqual(po.metadata["Language"], language)
            self.assertIn(f"nplurals={plurals};", po.metadata["Plural-Forms"])
            self.assertGreater(len(live(po)), 500)

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
        english = {e.msgid for e in live(catalog("en"))}
        left = {}
        for language in TRANSLATED:
            entries = live(catalog(language))
            # A text new in the English catalog is not in this one until `make messages` runs.
            untranslated = sorted(english - {e.msgid for e in entries})
            untranslated += [e.msgid for e in entries if not all(translations(e))]
            fuzzy = [e.msgid for e in entries if "fuzzy" in e.flags]
            if untranslated or fuzzy:
                left[language] = (
                    f"{len(untranslated)} untranslated, {len(fuzzy)} fuzzy of {len(entries)}; "
                    f"first: {(untranslated + fuzzy)[:5]}"
                )
        self.assertEqual(left, {}, "catalogs not complete (make messages, then translate)")
