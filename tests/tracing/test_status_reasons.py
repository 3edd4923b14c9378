"""A status change's reason reads in the reader's language when the system gave it (boarded,
handed over, an evacuation request), and as typed when a person wrote it."""

from __future__ import annotations

from django.test import SimpleTestCase
from django.utils import translation

from stranded.tracing.models import StatusChange, system_reason


class StatusReasonTests(SimpleTestCase):
    def test_a_system_reason_is_worded_in_the_readers_language(self) -> None:
        change = StatusChange(reason=system_reason("boarded", "KHA-T3"))
        self.assertEqual(change.reason, "[boarded] KHA-T3")
        with translation.override("en"):
            self.assertEqual(change.reason_shown, "boarded KHA-T3")
        for language in ("hy", "ru", "az"):
            with translation.override(language):
                shown = change.reason_shown
                self.assertIn("KHA-T3", shown)
                self.assertNotIn("boarded", shown, language)

    def test_each_code_has_its_words_and_the_subject(self) -> None:
        with translation.override("en"):
            self.assertEqual(
                StatusChange(reason=system_reason("not_on_board", "Trip 2")).reason_shown,
                "not on board Trip 2 (corrected)",
            )
            self.assertEqual(
                StatusChange(reason=system_reason("inquiry_handed_over", "INQ-0042")).reason_shown,
                "inquiry INQ-0042: handed over",
            )
            self.assertEqual(StatusChange(reason=system_reason("demo")).reason_shown, "demo data")

    def test_a_typed_reason_is_shown_as_typed(self) -> None:
        for typed in ("moved in with her daughter", "[unknown] code", "boarded KHA-T3"):
            with translation.override("hy"):
                self.assertEqual(StatusChange(reason=typed).reason_shown, typed)

    def test_an_unknown_code_is_refused_when_written(self) -> None:
        with self.assertRaises(ValueError):
            system_reason("flew away", "x")
