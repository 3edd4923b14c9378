"""The field form speaks the glossary's words: what the phone shows is what the pages show."""

from __future__ import annotations

from django.test import SimpleTestCase

from stranded.core import glossary
from stranded.fieldwork import xlsform
from stranded.fieldwork.xlsform import FormChoices


class FormGlossaryTests(SimpleTestCase):
    def rows(self, sheet: str) -> dict[str, list[str]]:
        book = xlsform.workbook(FormChoices(areas=[("KHA-01", "KHA-01")], leads=[]))
        found = {}
        for row in book[sheet].iter_rows(min_row=2, values_only=True):
            key = f"{row[0]}:{row[1]}" if sheet == "choices" else str(row[1])
            found[key] = [str(cell) for cell in row[2:6]]
        return found

    def test_the_questions_are_labelled_from_the_glossary(self) -> None:
        survey = self.rows("survey")
        self.assertEqual(survey["area"], ["Area", "Տեղամաս", "Участок", "Sahə"])
        self.assertEqual(survey["lead"], list(glossary.labels("form:lead")))
        self.assertEqual(survey["lead"][2], "Сведения для проверки (запрос)")

    def test_the_choices_are_labelled_from_the_glossary(self) -> None:
        choices = self.rows("choices")
        self.assertEqual(
            choices["mobility:stretcher"], ["Stretcher", "Պատգարակ", "Носилки", "Xərək"]
        )
        self.assertEqual(
            [key.split(":")[0] for key in choices if not key.startswith(("area:", "lead:"))][:1],
            ["outcome"],
        )
        self.assertEqual(set(xlsform.CHOICE_LABELS), set(glossary.form_lists()))
