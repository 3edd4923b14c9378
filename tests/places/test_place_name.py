"""One place, its names by the operation's display policy, in the reader's language."""

from __future__ import annotations

from django.template import Context, Template
from django.utils import translation

from stranded.places import geometry
from stranded.places.models import Area, Place, PlaceName
from stranded.places.naming import place_name
from stranded.sweeps.actions import save_areas
from tests.base import StrandedTestCase

# As the sources give them: GeoNames (main name and untagged alternates), the Armenian-side
# codes (hy, en, ru), the Azerbaijani side (en) and pycountry (az).
KHANKENDI_NAMES = [
    ("Khankendi", "", "Latn"), ("Stepanakert", "", "Latn"), ("Ханкенді", "", "Cyrl"),
    ("Ханкенди", "", "Cyrl"), ("Степанакерт", "", "Cyrl"), ("Խանքենդի", "", "Armn"),
    ("Ստեփանակերտ", "", "Armn"), ("Ստեփանակերտ", "hy", "Armn"), ("Stepanakert", "en", "Latn"),
    ("Степанакерт", "ru", "Cyrl"), ("Khankandi", "en", "Latn"), ("Xankəndi", "az", "Latn"),
]  # fmt: skip
# policy -> names for an English, Armenian, Azerbaijani and Russian reader
EXPECTED = {
    "both": ("Khankendi (Stepanakert)", "Ստեփանակերտ (Խանքենդի)", "Xankəndi (Stepanakert)",
             "Степанакерт (Ханкенди)"),
    "user": ("Khankendi", "Ստեփանակերտ", "Xankəndi", "Степанакерт"),
    "en": ("Khankendi",) * 4,
    "hy": ("Ստեփանակերտ",) * 4,
    "az": ("Xankəndi",) * 4,
    "ru": ("Степанакерт",) * 4,
}  # fmt: skip
READERS = ("en", "hy", "az", "ru")


def khankendi() -> Place:
    place = Place.objects.create(
        kind="city", name="Khankendi", lat=39.8177, lon=46.7528, source="test", source_id="k"
    )
    for n, (text, language, script) in enumerate(KHANKENDI_NAMES):
        PlaceName.objects.create(
            place=place, text=text, language=language, script=script, source=f"s{n}"
        )
    return place


class PlaceNameTests(StrandedTestCase):
    def test_it_names_a_place_by_each_policy_for_each_reader(self) -> None:
        place = khankendi()
        for policy, expected in EXPECTED.items():
            for reader, name in zip(READERS, expected, strict=True):
                with self.subTest(policy=policy, reader=reader), translation.override(reader):
                    self.assertEqual(place_name(place, policy=policy), name)
                    self.assertEqual(place_name(place.pk, policy=policy), name)  # by its id

    def test_it_gives_one_name_when_both_traditions_spell_it_alike(self) -> None:
        place = Place.objects.create(
            kind="town", name="Aghdam", lat=39.99, lon=46.93, source="test", source_id="a"
        )
        for text, language, script in [
            ("Agdam", "en", "Latn"),
            ("Ağdam", "", "Latn"),
            ("Агдам", "", "Cyrl"),
            ("Ағдам", "", "Cyrl"),
        ]:
            PlaceName.objects.create(
                place=place, text=text, language=language, script=script, source="s"
            )
        with translation.override("ru"):  # Russian letters only: not the Kazakh Ағдам
            self.assertEqual(place_name(place, policy="both"), "Агдам")
        with translation.override("az"):
            self.assertEqual(place_name(place, policy="both"), "Ağdam")
        self.assertEqual(place_name(place, policy="both"), "Aghdam")

    def test_it_names_nothing_for_no_place(self) -> None:
        self.assertEqual(place_name(None, policy="both"), "")

    def test_the_template_tag_follows_the_operation_in_the_context(self) -> None:
        place = khankendi()
        template = Template("{% load place_names %}{% place_name place %}|{% area_label area %}")
        save_areas(
            operation=self.operation,
            by=None,
            shapes=[geometry.village("V-KHANKENDI", "Khankendi", place.lat, place.lon, 900)],
        )
        area = Area.objects.get(code="V-KHANKENDI")
        area.place = place
        area.save()
        for policy, expected in EXPECTED.items():
            self.operation.place_display = policy
            rendered = template.render(
                Context({"place": place, "area": area, "operation": self.operation})
            )
            self.assertEqual(rendered, f"{expected[0]}|V-KHANKENDI {expected[0]}")


class PlaceNameOnPagesTests(StrandedTestCase):
    def setUp(self) -> None:
        self.place = khankendi()
        save_areas(
            operation=self.operation,
            by=None,
            shapes=[geometry.village("V-KHANKENDI", "Khankendi", 39.8177, 46.7528, 900)],
        )
        self.area = Area.objects.get(code="V-KHANKENDI")
        self.area.place = self.place
        self.area.save()

    def policy(self, value: str) -> None:
        self.operation.place_display = value
        self.operation.save()

    def test_the_area_page_and_the_area_lists_name_it_by_the_policy(self) -> None:
        self.login(self.coordinator)
        page = self.client.get(f"/sweeps/areas/{self.area.pk}/")
        self.assertContains(page, "Area V-KHANKENDI Khankendi (Stepanakert)")
        self.policy("hy")
        page = self.client.get(f"/sweeps/areas/{self.area.pk}/")
        self.assertContains(page, "Area V-KHANKENDI Ստեփանակերտ")
        self.assertNotContains(page, "Stepanakert")
        coverage = self.client.get("/sweeps/")
        self.assertContains(coverage, "Ստեփանակերտ")
        features = self.client.get("/sweeps/areas.geojson").json()["features"]
        self.assertEqual({f["properties"]["name"] for f in features}, {"Ստեփանակերտ"})

    def test_a_persons_place_is_named_by_the_policy(self) -> None:
        from stranded.tracing.actions import record_person
        from stranded.tracing.models import PersonStatus, Source

        person = record_person(
            operation=self.operation,
            source=Source.FIELD,
            by=self.coordinator,
            status=PersonStatus.LOCATED,
            data={"given_name": "Anahit", "family_name": "Sargsyan", "place": self.place},
        )
        self.policy("az")
        self.login(self.tracing_officer)
        page = self.client.get(f"/tracing/persons/{person.pk}/")
        self.assertContains(page, "Xankəndi")
        self.assertNotContains(page, "Stepanakert")


class PlaceOrTextTests(StrandedTestCase):
    def test_a_place_id_kept_in_a_comparison_is_named_and_text_stays(self) -> None:
        place = khankendi()
        template = Template("{% load place_names %}{% place_or_text a %}|{% place_or_text b %}")
        context = Context({"a": str(place.pk), "b": "Karintak", "operation": self.operation})
        self.assertEqual(template.render(context), "Khankendi (Stepanakert)|Karintak")
