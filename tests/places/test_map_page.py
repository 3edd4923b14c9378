from django.urls import reverse

from tests.base import StrandedTestCase
from tests.places.gazetteer import GazetteerMixin


class MapPageTests(GazetteerMixin, StrandedTestCase):
    def test_it_is_open_to_every_role_with_places(self) -> None:
        every = {n: 200 for n in self.users_by_role() if n not in ("outsider", "auditor")}
        self.assert_status_by_role("get", reverse("places:map"), every)
        self.assert_status_by_role("get", reverse("places:search") + "?q=Shushi", every)
        self.assert_status_by_role("get", reverse("places:geojson"), every)

    def test_it_finds_khankendi_by_its_armenian_name(self) -> None:
        self.login(self.tracing_officer)
        response = self.client.get(reverse("places:search"), {"q": "Ստեփանակերտ"})
        first = response.context["found"]["candidates"][0]
        self.assertAlmostEqual(first["lat"], 39.8155, delta=0.02)
        self.assertAlmostEqual(first["lon"], 46.7519, delta=0.02)
        self.assertContains(response, "Khankendi (Stepanakert)")

    def test_it_names_places_by_the_operation_policy(self) -> None:
        self.operation.place_display = "hy"
        self.operation.save()
        self.login(self.tracing_officer)
        response = self.client.get(reverse("places:search"), {"q": "Khankendi"})
        self.assertEqual(response.context["found"]["candidates"][0]["display_name"], "Ստեփանակերտ")

    def test_with_both_names_a_reader_of_armenian_sees_the_armenian_one(self) -> None:
        self.tracing_officer.language = "hy"
        self.tracing_officer.save(update_fields=["language"])
        self.login(self.tracing_officer)
        response = self.client.get(reverse("places:search"), {"q": "Khankendi"})
        first = response.context["found"]["candidates"][0]["display_name"]
        self.assertTrue(first.startswith("Ստեփանակերտ"), first)

    def test_a_policy_of_one_language_holds_for_every_reader(self) -> None:
        self.operation.place_display = "en"
        self.operation.save()
        self.tracing_officer.language = "hy"
        self.tracing_officer.save(update_fields=["language"])
        self.login(self.tracing_officer)
        response = self.client.get(reverse("places:search"), {"q": "Khankendi"})
        first = response.context["found"]["candidates"][0]["display_name"]
        self.assertNotIn("Ստեփանակերտ", first)

    def test_it_says_when_nothing_is_found(self) -> None:
        self.login(self.coordinator)
        response = self.client.get(reverse("places:search"), {"q": "Qqqqzzzz"})
        self.assertContains(response, "is not in the gazetteer")

    def test_it_draws_settlements_and_the_crossing_on_the_map(self) -> None:
        self.login(self.coordinator)
        data = self.client.get(reverse("places:geojson")).json()
        kinds = {f["properties"]["kind"] for f in data["features"]}
        self.assertIn("crossing", kinds)
        self.assertGreater(len(data["features"]), 20)


class GazetteerCardTests(GazetteerMixin, StrandedTestCase):
    def test_it_counts_places_and_names_on_the_dashboard(self) -> None:
        self.login(self.liaison)
        response = self.client.get(reverse("core:dashboard"))
        card = next(c for c in response.context["cards"] if c.title == "Gazetteer")
        self.assertEqual(card.context["places"], self.first_import.places_total)
        self.assertEqual(card.context["crossings"], 1)
        self.assertContains(response, "Search and map")
