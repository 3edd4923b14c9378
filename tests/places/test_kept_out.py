"""Kept out: village names of the region that no test or benchmark tuned the resolver on.

No name may resolve (through `Resolver.resolve` with the operation's region, or the API) to a
place more than 80 km from the operation: every one of these villages lies within about 50 km of
Khankendi, so an answer further than that is a confident wrong place.

Sources (spellings kept as the sources give them, as a caller may spell them):
- ARMENEWS: the Armenian government's list of Artsakh localities handed over, as published by
  armenews.com, 2020-11 (https://www.armenews.com/spip.php?page=article&id_article=72405),
  French transliteration; regions of Martakert, Hadrut, Askeran and Martuni.
- HATIS: "Martuni Province", hatis.am (https://hatis.am/en/martuni-province/), villages named
  along its ridges.
"""

from stranded.lib.geo import great_circle_km
from stranded.places.mapdata import operation_region
from stranded.places.search import resolver
from tests.base import StrandedTestCase
from tests.places.gazetteer import GazetteerMixin

KHANKENDI = (39.8155, 46.7519)
ARMENEWS = [
    # Martakert
    "Nor Seysoulan", "Hovatachen", "Nor Haykadjour", "Nor Karmiravan", "Nor Aygestan",
    "Nor Maragha",
    # Hadrut
    "Aknaghbyour", "Aratchamough", "Arakel", "Arevchat", "Banadzor", "Drakhtik", "Taghaser",
    "Taghot", "Khantsador", "Dzakouri", "Dzamdzor", "Hartachen", "Mariamadzor", "Medz Tagher",
    "Mokhrenis", "Pletants", "Tchrakous", "Vardachat", "Toumi", "Kyouratagh",
    # Askeran
    "Akraghbyour", "Tchraghatsner", "Madatachen", "Skhnakh", "Mochkhmhat", "Oughtasar",
    "Armenakavan",
    # Martuni
    "Djivani", "Chekher", "Zardanachen", "Sargsachen", "Vazgenachen",
]  # fmt: skip
HATIS = ["Nneng", "Kaghartsin", "Ashan", "Kherkhan", "Mos"]
KEPT_OUT = ARMENEWS + HATIS


class KeptOutTests(GazetteerMixin, StrandedTestCase):
    def test_no_village_name_resolves_further_than_80_km(self) -> None:
        region = operation_region(self.operation)
        index = resolver()
        far = []
        for name in KEPT_OUT:
            for candidate in index.resolve(name, region=region):
                entry = index.entry(candidate.id)
                distance = great_circle_km(KHANKENDI, (entry.lat, entry.lon))
                if distance > 80:
                    far.append(f"{name} -> {entry.names[0]} ({distance:.0f} km)")
        self.assertEqual(far, [])

    def test_the_api_answers_no_village_name_further_than_80_km(self) -> None:
        self.login(self.tracing_officer)
        for name in KEPT_OUT:
            data = self.client.get("/api/places/resolve", {"q": name}).json()
            for candidate in data["candidates"]:
                distance = great_circle_km(KHANKENDI, (candidate["lat"], candidate["lon"]))
                self.assertLess(distance, 80, f"{name} -> {candidate['display_name']}")
