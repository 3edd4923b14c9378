"""A coordinator adds a place the gazetteer lacks, from the map page or the API."""

from django.urls import reverse

from stranded.places.models import Place, PlaceName
from stranded.places.resolver import Region
from stranded.places.search import find_places
from tests.base import StrandedTestCase

KHANKENDI = Region(((39.8155, 46.7519),))
KARINTAK = {
    "name_hy": "Քարինտակ", "name_az": "Daşaltı", "name_ru": "", "name_en": "",
    "other_names": "Dashalty", "kind": "village", "lat": "39.7046", "lon": "46.7365",
    "note": "test entry",
}  # fmt: skip


class AddPlaceTests(StrandedTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.district = Place.objects.create(
            kind="district",
            name="Shusha District",
            lat=39.76,
            lon=46.75,
            source="test",
            source_id="d1",
            country_code="AZ",
        )

    def add(self, **changes: str) -> object:
        self.login(self.coordinator)
        return self.client.post(reverse("places:add"), {**KARINTAK, **changes})

    def test_it_adds_a_village_with_its_names_kind_and_district(self) -> None:
        response = self.add(parent=str(self.district.pk))
        self.assertRedirects(response, reverse("places:map"))  # type: ignore[arg-type]
        place = Place.objects.get(source="field")
        self.assertEqual(
            (place.kind, place.parent_id, place.added_by_hand, place.country_code),
            ("village", self.district.pk, True, "AZ"),
        )
        names = set(place.names.values_list("text", "language", "script"))
        self.assertEqual(
            names, {("Քարինտակ", "hy", "Armn"), ("Daşaltı", "az", "Latn"), ("Dashalty", "", "Latn")}
        )
        [event] = self.events(verb="place.added")
        self.assertEqual((event.actor, event.target_id), (self.coordinator, str(place.pk)))

    def test_it_is_found_at_once_by_every_name_and_fold(self) -> None:
        self.add()
        place = Place.objects.get(source="field")
        for spelling in ("Քարինտակ", "Karintak", "Daşaltı", "Dashalti", "DASHALTY", "Карintak"):
            found = find_places(spelling.replace("intak", "интак"), region=KHANKENDI)
            self.assertEqual(found["candidates"][0]["id"], str(place.pk), spelling)

    def test_it_proposes_duplicates_before_saving(self) -> None:
        held = Place.objects.create(
            kind="village", name="Dashalty", lat=39.706, lon=46.738, source="test", source_id="v1"
        )
        PlaceName.objects.create(place=held, text="Dashalty", source="test")
        response = self.add(other_names="")
        self.assertEqual(response.status_code, 409)  # type: ignore[attr-defined]
        self.assertContains(response, f'data-place-id="{held.pk}"', status_code=409)  # type: ignore[arg-type]
        self.assertFalse(Place.objects.filter(source="field").exists())
        self.add(other_names="", confirm="on")
        self.assertTrue(Place.objects.filter(source="field").exists())

    def test_it_proposes_a_place_nearby_under_another_name(self) -> None:
        Place.objects.create(
            kind="village",
            name="Elsewhere",
            lat=39.7050,
            lon=46.7370,
            source="test",
            source_id="v2",
        )
        self.assertEqual(self.add().status_code, 409)  # type: ignore[attr-defined]

    def test_it_names_the_field_that_is_wrong_and_saves_nothing(self) -> None:
        response = self.add(lat="north")
        self.assertContains(response, "Enter a number.", status_code=400)  # type: ignore[arg-type]
        response = self.add(name_hy="", name_az="", other_names="")
        self.assertContains(response, "give at least one name", status_code=400)  # type: ignore[arg-type]
        self.assertFalse(Place.objects.filter(source="field").exists())

    def test_only_coordinators_add_places(self) -> None:
        self.assert_status_by_role(
            "post", reverse("places:add"), {"coordinator": 302}, data={**KARINTAK, "confirm": "on"}
        )
        self.login(self.field_member)
        self.assertNotContains(self.client.get(reverse("places:map")), 'id="add-place"')
        self.login(self.coordinator)
        self.assertContains(self.client.get(reverse("places:map")), 'id="add-place"')


class AddPlaceApiTests(StrandedTestCase):
    PAYLOAD = {
        "names": [
            {"text": "Քարինտակ", "language": "hy"},
            {"text": "Daşaltı", "language": "az"},
            {"text": "Karintak", "language": "de"},
        ],
        "kind": "village",
        "lat": 39.7046,
        "lon": 46.7365,
    }

    def post(self, payload: dict) -> object:
        return self.client.post("/api/places/", payload, content_type="application/json")

    def test_it_adds_and_answers_the_place(self) -> None:
        self.login(self.coordinator)
        response = self.post(self.PAYLOAD)
        self.assertEqual(response.status_code, 201)  # type: ignore[attr-defined]
        data = response.json()  # type: ignore[attr-defined]
        self.assertEqual(
            (data["kind"], data["added_by_hand"], data["source"]), ("village", True, "field")
        )
        self.assertEqual({n["text"] for n in data["names"]}, {"Քարինտակ", "Daşaltı", "Karintak"})

    def test_it_answers_409_with_the_possible_duplicates(self) -> None:
        self.login(self.coordinator)
        self.post(self.PAYLOAD)
        again = self.post(self.PAYLOAD)
        self.assertEqual(again.status_code, 409)  # type: ignore[attr-defined]
        self.assertEqual(len(again.json()["duplicates"]), 1)  # type: ignore[attr-defined]
        self.assertEqual(self.post({**self.PAYLOAD, "confirm": True}).status_code, 201)  # type: ignore[attr-defined]

    def test_it_refuses_a_place_without_names(self) -> None:
        self.login(self.coordinator)
        response = self.post({**self.PAYLOAD, "names": []})
        self.assertEqual(response.status_code, 422)  # type: ignore[attr-defined]
        self.assertIn("give at least one name", response.json()["detail"])  # type: ignore[attr-defined]

    def test_it_hides_adding_from_roles_that_cannot_edit_places(self) -> None:
        self.assert_status_by_role(
            "post",
            "/api/places/",
            {"coordinator": 201, "outsider": 404},
            data={**self.PAYLOAD, "confirm": True},
            content_type="application/json",
        )
