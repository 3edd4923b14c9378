"""A village the gazetteer lacks is "not in the gazetteer", never a look-alike far away."""

from django.urls import reverse

from stranded.lib.geo import great_circle_km
from stranded.tracing.models import Inquiry
from tests.base import StrandedTestCase
from tests.places.gazetteer import GazetteerMixin

KHANKENDI = (39.8155, 46.7519)
# Villages of the former oblast, all within 50 km of Khankendi, that the packages lack; the
# issue saw a quarter of them answered 100-220 km away.
VILLAGES = [
    "Karmir Shuka", "Mataghis", "Suqovuşan", "Avetaranots", "Çanaqçı", "Shosh", "Şuşakənd",
    "Karintak", "Քարինտակ", "Daşaltı", "Sarushen", "Azokh", "Azıx", "Togh", "Tuğ", "Taghavard",
    "Nerkin Horatagh", "Sghnakh",
]  # fmt: skip


class NotInGazetteerTests(GazetteerMixin, StrandedTestCase):
    def resolve(self, q: str) -> dict:
        self.login(self.tracing_officer)
        return self.client.get("/api/places/resolve", {"q": q}).json()  # type: ignore[no-any-return]

    def test_it_says_not_found_and_lists_the_far_look_alikes_as_weak(self) -> None:
        data = self.resolve("Karintak")
        self.assertEqual((data["found"], data["candidates"]), (False, []))
        weak = {c["display_name"]: c for c in data["weak"]}
        self.assertGreater(weak["Sevkar"]["distance_km"], 150)
        self.assertEqual(weak["Sevkar"]["evidence"], "fuzzy-2")

    def test_it_answers_no_village_of_the_region_with_a_place_far_away(self) -> None:
        for name in VILLAGES:
            for candidate in self.resolve(name)["candidates"]:
                distance = great_circle_km(KHANKENDI, (candidate["lat"], candidate["lon"]))
                self.assertLess(distance, 80, f"{name} -> {candidate['display_name']}")

    def test_it_keeps_the_near_town_and_lists_the_far_namesake_apart(self) -> None:
        data = self.resolve("Martuni")
        self.assertEqual(data["candidates"][0]["display_name"], "Khojavend (Martuni)")
        self.assertIn("AM", {self.country(c["id"]) for c in data["weak"]})
        self.assertTrue(all(c["distance_km"] > 100 for c in data["weak"]))

    def test_it_widens_the_region_by_the_operation_areas(self) -> None:
        from stranded.places import geometry
        from stranded.places.models import Place
        from stranded.sweeps.actions import save_areas

        sevkar = Place.objects.get(name="Sevkar")  # northern Armenia, 191 km away
        self.assertFalse(self.resolve("Sevkar")["found"])
        village = geometry.village("V-SEVKAR", "Sevkar", sevkar.lat, sevkar.lon, 500)
        save_areas(operation=self.operation, shapes=[village], by=None)
        self.assertEqual(self.resolve("Sevkar")["candidates"][0]["id"], str(sevkar.pk))

    def country(self, place_id: str) -> str:
        from stranded.places.models import Place

        return Place.objects.get(pk=place_id).country_code

    def test_it_shows_not_in_the_gazetteer_while_the_officer_types(self) -> None:
        self.login(self.tracing_officer)
        response = self.client.get(reverse("places:pick"), {"place_text": "Sarushen"})
        self.assertContains(response, "“Sarushen” is not in the gazetteer: it is kept as typed.")
        self.assertContains(response, "km away")  # Sevan and Sarukhan, listed as uncertain
        self.assertNotContains(response, 'class="pick-place" ')

    def test_it_offers_a_near_place_to_pick(self) -> None:
        self.login(self.tracing_officer)
        response = self.client.get(reverse("places:pick"), {"place_text": "Shushi"})
        self.assertContains(response, 'class="pick-place" ')
        self.assertContains(response, "Shusha (Shushi)")

    def test_the_pick_list_is_hidden_from_roles_without_places(self) -> None:
        url = reverse("places:pick") + "?place_text=Shushi"
        every = {n: 200 for n in self.users_by_role() if n not in ("outsider", "auditor")}
        self.assert_status_by_role("get", url, every)


class InquiryPlaceTests(GazetteerMixin, StrandedTestCase):
    CALL = {"inquirer_name": "Anahit", "channel": "phone", "family_name": "Sargsyan"}

    def post(self, **fields: str) -> Inquiry:
        self.login(self.tracing_officer)
        self.client.post(reverse("tracing:inquiry-new"), {**self.CALL, **fields})
        return Inquiry.objects.select_related("sought__place").get()

    def test_it_keeps_a_village_the_gazetteer_lacks_as_typed(self) -> None:
        sought = self.post(place_text="Karintak").sought
        self.assertEqual((sought.place, sought.place_text), (None, "Karintak"))

    def test_it_links_a_place_found_near_the_operation(self) -> None:
        sought = self.post(place_text="Шуша").sought
        self.assertEqual(sought.place.name if sought.place else None, "Shusha")
        self.assertEqual(sought.place_text, "Шуша")

    def test_it_keeps_the_text_as_typed_when_the_officer_says_so(self) -> None:
        sought = self.post(place_text="Shushi", place_as_typed="true").sought
        self.assertEqual((sought.place, sought.place_text), (None, "Shushi"))

    def test_it_shows_the_typed_village_through_the_api(self) -> None:
        self.login(self.tracing_officer)
        payload = {**self.CALL, "place_text": "Karintak"}
        data = self.client.post("/api/tracing/inquiries", payload, content_type="application/json")
        sought = data.json()["sought"]
        self.assertEqual((sought["place_id"], sought["place_text"]), (None, "Karintak"))
        self.assertEqual((sought["place_in_gazetteer"], sought["place_name"]), (False, ""))

    def test_the_api_names_a_linked_place_by_the_policy(self) -> None:
        self.login(self.tracing_officer)
        payload = {**self.CALL, "place_text": "Шуша"}
        data = self.client.post("/api/tracing/inquiries", payload, content_type="application/json")
        sought = data.json()["sought"]
        self.assertEqual(
            (sought["place_in_gazetteer"], sought["place_name"]), (True, "Shusha (Shushi)")
        )
