from stranded.places.models import Place
from tests.base import StrandedTestCase
from tests.places.gazetteer import GazetteerMixin

EVERY_ROLE = {
    "coordinator": 200, "tracing_officer": 200, "field_member": 200, "driver": 200,
    "liaison": 200, "auditor": 404, "admin": 200,
}  # fmt: skip


class PlacesApiTests(GazetteerMixin, StrandedTestCase):
    def test_it_resolves_for_every_role_with_places(self) -> None:
        self.assert_status_by_role("get", "/api/places/resolve?q=Shushi", EVERY_ROLE)

    def test_it_refuses_anonymous_callers(self) -> None:
        self.assertEqual(self.client.get("/api/places/resolve?q=Shushi").status_code, 401)

    def test_it_answers_with_the_best_place_first(self) -> None:
        self.login(self.field_member)
        data = self.client.get("/api/places/resolve", {"q": "Степанакерт", "limit": 2}).json()
        self.assertEqual(data["query"], "Степанакерт")
        self.assertEqual(data["candidates"][0]["display_name"], "Khankendi (Stepanakert)")
        self.assertLessEqual(len(data["candidates"]), 2)

    def test_it_shows_a_place_with_its_names_and_sources(self) -> None:
        crossing = Place.objects.get(source_id="hakari-bridge")
        self.login(self.driver)
        data = self.client.get(f"/api/places/{crossing.pk}").json()
        self.assertTrue(data["added_by_hand"])
        self.assertIn(
            ("Hakari bridge crossing", "by_hand"), [(n["text"], n["source"]) for n in data["names"]]
        )

    def test_it_hides_places_from_roles_without_them(self) -> None:
        crossing = Place.objects.get(source_id="hakari-bridge")
        self.login(self.auditor)
        self.assertEqual(self.client.get(f"/api/places/{crossing.pk}").status_code, 404)
