"""The tracing officer who must call back sees the sought person's phone; flags read as words."""

from django.urls import reverse

from stranded.tracing.models import Inquiry
from tests.base import StrandedTestCase

CALL = {"inquirer_name": "Anahit", "inquirer_contact": "+374 91 000000", "channel": "phone"}


class SoughtPersonContactTests(StrandedTestCase):
    def setUp(self) -> None:
        self.login(self.tracing_officer)
        self.client.post(
            reverse("tracing:inquiry-new"),
            {
                **CALL,
                "given_name": "Hovhannes",
                "family_name": "Petrosyan",
                "phone": "+374 10 123456",
                "lives_alone": "on",
                "oxygen_or_dialysis": "on",
            },
        )
        self.inquiry = Inquiry.objects.get()

    def test_it_shows_the_phone_on_the_inquiry_page(self) -> None:
        page = self.client.get(reverse("tracing:inquiry-detail", args=[self.inquiry.pk]))
        self.assertContains(page, '<a href="tel:+37410123456">+374 10 123456</a>', html=False)
        self.assertContains(page, "Oxygen or dialysis, Lives alone")
        self.assertNotContains(page, "lives_alone")

    def test_it_gives_the_phone_in_the_api(self) -> None:
        person = self.client.get(f"/api/tracing/persons/{self.inquiry.sought_id}").json()
        self.assertEqual(person["phone"], "+374 10 123456")
        self.assertEqual(person["vulnerabilities"], ["oxygen_or_dialysis", "lives_alone"])
