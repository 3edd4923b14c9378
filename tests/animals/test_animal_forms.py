"""The animal forms name every fault, each by its field, and a visit's animals by row and field."""

from __future__ import annotations

from django.test import SimpleTestCase

from stranded.animals.forms import PetInquiryForm, SightingForm, clean_visit_animals
from stranded.core.inputs import InputError


class AnimalFormTests(SimpleTestCase):
    def test_it_names_every_fault_of_a_sighting(self) -> None:
        data = {"species": "other", "count": "many", "needs": "food love", "lat": 40.1}
        with self.assertRaises(InputError) as caught:
            SightingForm.check(data)
        # Their order is core.inputs' (fields, then what clean() finds); each is named once.
        self.assertCountEqual(
            caught.exception.errors,
            [
                ("count", "'many' is not a whole number"),
                ("needs", "'love' is not one of food, water, veterinary_care"),
                ("species_other", "say which animal when the species is 'other'"),
                ("lat", "latitude and longitude come together"),
            ],
        )

    def test_it_takes_an_owner_named_as_known_and_drops_other_for_a_species(self) -> None:
        cleaned = SightingForm.check(
            {"species": "cat", "species_other": "lynx", "owner_contact": "+374 1", "count": ""}
        )
        self.assertEqual(
            (cleaned["species_other"], cleaned["owner_known"], cleaned["count"]), ("", True, 1)
        )

    def test_it_asks_the_inquirer_first(self) -> None:
        with self.assertRaises(InputError) as caught:
            PetInquiryForm.check({"species": "bird"})
        self.assertEqual(
            [field for field, _ in caught.exception.errors], ["inquirer_name", "species"]
        )

    def test_it_names_each_animal_of_a_visit_by_row(self) -> None:
        animals = [
            {"species": "dogs", "count": "3", "condition": "thin", "needs": "food water"},
            {"species": " ", "count": 0, "needs": ["love"]},
        ]
        with self.assertRaises(InputError) as caught:
            clean_visit_animals({"area": "KHA-1", "animals": animals})
        self.assertEqual(
            caught.exception.errors,
            [
                ("animals[2].species", "is required"),
                ("animals[2].count", "0 is outside 1..1000"),
                ("animals[2].needs", "'love' is not one of food, water, veterinary_care"),
            ],
        )
        self.assertEqual(
            clean_visit_animals({"animals": animals[:1]}),
            [{"species": "dogs", "count": 3, "condition": "thin", "needs": ["food", "water"]}],
        )
        self.assertEqual(clean_visit_animals({"area": "KHA-1"}), [])
