"""The intake's live check takes the names in a POST body, never in a URL."""

from django.urls import reverse

from tests.base import StrandedTestCase
from tests.tracing.builders import create_person


class AlreadyKnownTests(StrandedTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.known = create_person(
            cls.operation, given_name="Ованес", family_name="Петросян", sex="male", birth_year=1948
        )

    def test_it_suggests_the_person_from_another_script(self) -> None:
        self.login(self.tracing_officer)
        response = self.client.post(
            reverse("tracing:already-known"),
            {"given_name": "Hovhannes", "family_name": "Petrosyan"},
        )
        self.assertContains(response, "Петросян")
        self.assertContains(response, "likely")

    def test_it_refuses_names_in_the_url(self) -> None:
        self.login(self.tracing_officer)
        url = reverse("tracing:already-known") + "?given_name=Hovhannes&family_name=Petrosyan"
        self.assertEqual(self.client.get(url).status_code, 405)

    def test_it_is_hidden_from_roles_that_take_no_inquiries(self) -> None:
        data = {"given_name": "Hovhannes", "family_name": "Petrosyan"}
        self.assert_status_by_role(
            "post",
            reverse("tracing:already-known"),
            {"coordinator": 200, "tracing_officer": 200},
            data=data,
        )
