from django.urls import reverse

from stranded.core.models import AuditEvent
from stranded.tracing.models import Inquiry, Lead, Match, Note, Person, PersonStatus
from tests.base import StrandedTestCase
from tests.tracing.builders import create_person

CALL = {
    "inquirer_name": "Anahit",
    "inquirer_contact": "+374 91 000000",
    "inquirer_relation": "daughter",
    "channel": "phone",
}


class OpenInquiryTests(StrandedTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.found = create_person(
            cls.operation,
            given_name="Հովհաննես",
            family_name="Հովհաննիսյան",
            father_name="Աշոտի",
            sex="male",
            birth_year=1944,
            address="Tigran Mets 12",
        )
        create_person(cls.operation, given_name="Gulnara", family_name="Məmmədova", sex="female")

    def post_inquiry(self, **sought: str) -> Inquiry:
        self.login(self.tracing_officer)
        response = self.client.post(reverse("tracing:inquiry-new"), {**CALL, **sought})
        inquiry = Inquiry.objects.get()
        self.assertRedirects(response, reverse("tracing:inquiry-detail", args=[inquiry.pk]))
        return inquiry

    def test_it_records_the_inquiry_and_the_sought_person(self) -> None:
        inquiry = self.post_inquiry(given_name="Ованес", family_name="Оганесян", birth="about 79")
        sought = inquiry.sought
        self.assertEqual(
            (sought.given_name, sought.family_name, sought.age_years), ("Ованес", "Оганесян", 79)
        )
        self.assertEqual(sought.status, PersonStatus.INFORMATION_SOUGHT)
        self.assertEqual((inquiry.inquirer_name, inquiry.status), ("Anahit", "open"))
        self.assertRegex(inquiry.reference, r"^INQ-[A-Z2-9]{6}$")
        self.assertEqual(Note.objects.get(inquiry=inquiry).status, "information_sought")

    def test_it_matches_across_scripts_at_once(self) -> None:
        inquiry = self.post_inquiry(given_name="Ованес", family_name="Оганесян", birth="1944")
        [match] = Match.objects.filter(inquiry=inquiry)
        self.assertEqual((match.right, match.band), (self.found, "likely"))
        self.assertGreater(match.probability, 0.9)
        fields = {row["field"] for row in match.comparison}
        self.assertTrue({"family_name", "given_name", "birth"} <= fields)

    def test_it_leaves_a_lead_when_nobody_likely_is_known(self) -> None:
        inquiry = self.post_inquiry(
            given_name="Armen", family_name="Sargsyan", address="Azatamartikneri 5"
        )
        self.assertFalse(Match.objects.filter(inquiry=inquiry, band="likely").exists())
        lead = Lead.objects.get(inquiry=inquiry)
        self.assertEqual((lead.address, lead.status), ("Azatamartikneri 5", "open"))

    def test_it_refuses_an_inquiry_without_a_name(self) -> None:
        self.login(self.tracing_officer)
        response = self.client.post(reverse("tracing:inquiry-new"), {**CALL, "birth": "1950"})
        self.assertContains(response, "give at least a given name or a family name")
        self.assertEqual(Inquiry.objects.count(), 0)
        self.assertEqual(Person.objects.count(), 2)

    def test_it_names_a_bad_birth_field(self) -> None:
        self.login(self.tracing_officer)
        response = self.client.post(
            reverse("tracing:inquiry-new"), {**CALL, "family_name": "Petrosyan", "birth": "soon"}
        )
        self.assertContains(response, "write a date")
        self.assertEqual(Inquiry.objects.count(), 0)

    def test_it_is_open_to_roles_that_take_inquiries_only(self) -> None:
        ok = {"coordinator": 200, "tracing_officer": 200}
        self.assert_status_by_role("get", reverse("tracing:inquiry-new"), ok)
        self.assert_status_by_role("get", reverse("tracing:inquiry-list"), ok)

    def test_it_audits_the_reads_of_the_inquiry_page(self) -> None:
        inquiry = self.post_inquiry(given_name="Ованес", family_name="Оганесян")
        before = AuditEvent.objects.filter(verb="read").count()
        self.client.get(reverse("tracing:inquiry-detail", args=[inquiry.pk]))
        reads = AuditEvent.objects.filter(verb="read").order_by("at")[before:]
        targets = {(e.target_type, e.target_id) for e in reads}
        self.assertIn(("tracing.inquiry", str(inquiry.pk)), targets)
        self.assertIn(("tracing.person", str(inquiry.sought.pk)), targets)
        self.assertIn(("tracing.person", str(self.found.pk)), targets)

    def test_api_creates_an_inquiry_with_its_candidates(self) -> None:
        self.login(self.tracing_officer)
        response = self.client.post(
            "/api/tracing/inquiries",
            {**CALL, "given_name": "Hovhannes", "family_name": "Hovhannisyan", "birth": "1944"},
            content_type="application/json",
        )
        self.assertEqual(response.status_code, 201)
        data = response.json()
        self.assertEqual(data["sought"]["family_name"], "Hovhannisyan")
        self.assertEqual(data["matches"][0]["right_id"], str(self.found.pk))

    def test_api_names_the_bad_field(self) -> None:
        self.login(self.tracing_officer)
        response = self.client.post(
            "/api/tracing/inquiries",
            {**CALL, "family_name": "X", "birth": "soon"},
            content_type="application/json",
        )
        self.assertEqual(response.status_code, 422)
        self.assertIn("birth: write a date", response.json()["detail"])
