"""The API's errors in the reader's language: Pydantic's messages by their type, Ninja's own,
and the project's, while `type` and `loc` stay codes for programs."""

from __future__ import annotations

from django.test import SimpleTestCase

from stranded.api import translated_error
from tests.sweeps.base import SweepsTestCase


class ApiErrorTests(SweepsTestCase):
    def assign(self, body: object, language: str) -> object:
        return self.client.post(
            f"/api/sweeps/areas/{self.cell.pk}/assign",
            body,
            content_type="application/json",
            headers={"accept-language": language},
        )

    def test_pydantics_messages_are_in_the_readers_language(self) -> None:
        self.login(self.coordinator)
        response = self.assign({"hours": "many"}, "ru")
        self.assertEqual(response.status_code, 422)
        self.assertEqual(
            response.json()["detail"],
            [
                {
                    "type": "missing",
                    "loc": ["body", "payload", "team_id"],
                    "msg": "Обязательное поле.",
                },
                {
                    "type": "int_parsing",
                    "loc": ["body", "payload", "hours"],
                    "msg": "Ожидается целое число.",
                },
            ],
        )

    def test_the_saved_language_wins_over_the_browsers(self) -> None:
        self.coordinator.language = "hy"
        self.coordinator.save(update_fields=["language"])
        self.login(self.coordinator)
        [error] = self.assign({"team_id": "x"}, "ru").json()["detail"]
        self.assertEqual(error["type"], "uuid_parsing")
        self.assertEqual(error["msg"], "Սպասվում է նույնացուցիչ (UUID)։")

    def test_the_projects_own_messages_are_translated(self) -> None:
        self.login(self.tracing_officer)
        response = self.client.post(
            "/api/tracing/inquiries",
            {"inquirer_name": "Ani", "family_name": "X", "birth": "soon"},
            content_type="application/json",
            headers={"accept-language": "az"},
        )
        self.assertEqual(response.status_code, 422)
        self.assertEqual(
            response.json()["detail"],
            "birth: tarix (1943-05-02), il (1943) və ya yaş (təxminən 80) yazın",
        )

    def test_ninjas_own_messages_are_translated(self) -> None:
        self.login(self.coordinator)
        unreadable = self.assign("{not json", "az")
        self.assertEqual(unreadable.status_code, 400)
        self.assertEqual(unreadable.json(), {"detail": "Sorğunun gövdəsi oxuna bilmir."})
        self.client.logout()
        anonymous = self.client.get("/api/sweeps/areas", headers={"accept-language": "hy"})
        self.assertEqual(anonymous.status_code, 401)
        self.assertEqual(anonymous.json(), {"detail": "Նախ մուտք գործեք։"})


class TranslatedErrorTests(SimpleTestCase):
    def test_a_text_too_long_names_its_limit(self) -> None:
        from django.utils import translation

        error = {"type": "string_too_long", "loc": ["body", "note"], "msg": "...",
                 "ctx": {"max_length": 300}}  # fmt: skip
        with translation.override("ru"):
            self.assertEqual(translated_error(error)["msg"], "Не более 300 символов.")
        with translation.override("en"):
            self.assertEqual(translated_error(error)["msg"], "At most 300 characters.")

    def test_a_choice_lists_what_is_allowed_without_an_english_or(self) -> None:
        from django.utils import translation

        error = {"type": "enum", "loc": ["body", "species"], "msg": "...",
                 "ctx": {"expected": "'dog', 'cat' or 'horse'"}}  # fmt: skip
        with translation.override("hy"):
            self.assertEqual(
                translated_error(error)["msg"], "Հետևյալներից մեկը՝ 'dog', 'cat', 'horse'։"
            )

    def test_an_unknown_type_keeps_pydantics_message(self) -> None:
        error = {"type": "url_parsing", "loc": ["body", "link"], "msg": "Input should be a URL"}
        self.assertEqual(translated_error(error), error)
