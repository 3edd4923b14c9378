"""The language a user reads: the browser's before login, the one saved on the account after."""

from __future__ import annotations

from datetime import UTC, datetime

from django.test import Client
from django.urls import reverse
from django.utils import formats, translation

from stranded.core.models import User
from tests.base import PASSWORD, StrandedTestCase


class LanguageTests(StrandedTestCase):
    def test_it_answers_the_login_page_in_the_browsers_language(self) -> None:
        """What `curl -H 'Accept-Language: hy' /login/` shows: the words, not only the tag."""
        words = {
            "hy": ("Մուտք", "Գաղտնաբառ"),
            "ru": ("Войти", "Пароль"),
            "az": ("Daxil olun", "Parol"),
            "en": ("Log in", "Password"),
        }
        for language, (log_in, password) in words.items():
            page = Client().get(reverse("core:login"), headers={"accept-language": language})
            self.assertEqual(page.status_code, 200)
            self.assertEqual(page.headers["Content-Language"], language)
            self.assertContains(page, f'<html lang="{language}">')
            self.assertContains(page, f"<h1>{log_in}</h1>")
            self.assertContains(page, f'<label for="id_password">{password}</label>')
            if language != "en":
                self.assertNotContains(page, "Log in")
                self.assertNotContains(page, "Password")

    def test_it_falls_back_to_english_for_other_languages(self) -> None:
        page = Client().get(reverse("core:login"), headers={"accept-language": "de,fr;q=0.8"})
        self.assertContains(page, '<html lang="en">')

    def test_the_switch_offers_each_language_in_its_own_name(self) -> None:
        page = Client().get(reverse("core:login"))
        for name in ("English", "Հայերեն", "Русский", "Azərbaycanca"):
            self.assertContains(page, name)

    def test_an_anonymous_choice_is_kept_in_a_cookie(self) -> None:
        client = Client()
        response = client.post(
            reverse("core:switch-language"), {"language": "az", "next": reverse("core:login")}
        )
        self.assertRedirects(response, reverse("core:login"))
        page = client.get(reverse("core:login"), headers={"accept-language": "ru"})
        self.assertContains(page, '<html lang="az">')

    def test_a_users_choice_is_saved_on_the_account(self) -> None:
        self.login(self.field_member)
        response = self.client.post(reverse("core:switch-language"), {"language": "hy"})
        self.assertEqual(response.status_code, 302)
        self.field_member.refresh_from_db()
        self.assertEqual(self.field_member.language, "hy")
        [event] = self.events(verb="user.language_set")
        self.assertEqual(event.detail, {"language": "hy"})
        # Another device, a browser asking for Russian: the account's choice wins.
        other = Client(headers={"accept-language": "ru"})
        other.post(reverse("core:login"), {"username": "field", "password": PASSWORD})
        page = other.get(reverse("sweeps:coverage"))
        self.assertContains(page, '<html lang="hy">')
        self.assertEqual(page.headers["Content-Language"], "hy")

    def test_coordinates_keep_their_decimal_point_in_every_language(self) -> None:
        """Maps read them from data attributes: "39,8155" would put the map nowhere."""
        self.field_member.language = "ru"
        self.field_member.save(update_fields=["language"])
        self.login(self.field_member)
        page = self.client.get(reverse("sweeps:coverage"))
        self.assertContains(page, 'data-lat="39.8155"')
        self.assertContains(page, 'data-lon="46.7519"')
        self.tracing_officer.language = "hy"
        self.tracing_officer.save(update_fields=["language"])
        self.login(self.tracing_officer)
        page = self.client.get(reverse("tracing:inquiry-new"))
        self.assertContains(page, 'data-lat="39.8155" data-lon="46.7519"')

    def test_one_english_word_is_two_words_in_russian(self) -> None:
        """The word "From" heads where a request came from and starts a date range."""
        self.coordinator.language = "ru"
        self.coordinator.save(update_fields=["language"])
        self.login(self.coordinator)
        requests = self.client.get(reverse("evacuation:requests"))
        self.assertContains(requests, "<th>Источник</th>")
        visits = self.client.get(reverse("sweeps:visit-list"))
        self.assertContains(visits, '<label>С <input type="date" name="since"')

    def test_it_refuses_a_language_it_does_not_have(self) -> None:
        self.login(self.field_member)
        response = self.client.post(reverse("core:switch-language"), {"language": "de"})
        self.assertEqual(response.status_code, 400)
        self.assertEqual(User.objects.get(pk=self.field_member.pk).language, "")

    def test_the_switch_is_post_only(self) -> None:
        self.login(self.field_member)
        self.assertEqual(self.client.get(reverse("core:switch-language")).status_code, 405)


class FormatTests(StrandedTestCase):
    moment = datetime(2023, 10, 2, 14, 5, tzinfo=UTC)

    def short(self, language: str) -> str:
        with translation.override(language):
            return formats.date_format(self.moment, "SHORT_DATETIME_FORMAT")

    def test_dates_and_times_in_each_language(self) -> None:
        self.assertEqual(self.short("en"), "2023-10-02 14:05")
        self.assertEqual(self.short("hy"), "02.10.2023 14:05")
        self.assertEqual(self.short("ru"), "02.10.2023 14:05")
        self.assertEqual(self.short("az"), "02.10.2023 14:05")

    def test_numbers_in_each_language(self) -> None:
        def number(language: str) -> str:
            with translation.override(language):
                return formats.number_format(12345.5, 1, use_l10n=True, force_grouping=True)

        self.assertEqual(number("en"), "12,345.5")
        self.assertEqual(number("hy"), "12\xa0345,5")
        self.assertEqual(number("ru"), "12\xa0345,5")
