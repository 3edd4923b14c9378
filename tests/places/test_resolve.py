import json
from io import StringIO

from django.core.management import call_command

from stranded.lib.geo import great_circle_km
from tests.places.gazetteer import GazetteerMixin

EXPECTED = {
    (39.8155, 46.7519): [
        "Stepanakert", "Ստեփանակերտ", "Степанакерт", "Ханкенди", "Xankəndi", "Khankendi",
        "Hankendi", "khakendi", "STEPANAKERT", "Stepanakret",
    ],
    (39.7601, 46.7499): ["Şuşa", "Шуша", "Շուշի", "Shushi"],
    (40.2124, 46.8209): ["Aghdara", "Ağdərə", "Մարտակերտ", "Мартакерт"],
    (39.7950, 47.1117): ["Khojavend", "Xocavənd", "Martuni", "Մարտունի"],
    (39.6374, 46.5498): ["Berdzor", "Laçın", "Lachin"],
    (39.5476, 46.5305): ["Kornidzor", "Կոռնիձոր"],
}  # fmt: skip


class ResolveCommandTests(GazetteerMixin):
    def resolve(self, *args: str) -> list[dict[str, object]]:
        out = StringIO()
        call_command("places", "resolve", *args, "--json", stdout=out)
        return [json.loads(line) for line in out.getvalue().splitlines()]

    def test_it_puts_the_right_place_first_for_every_name_script_and_misspelling(self) -> None:
        queries = [q for names in EXPECTED.values() for q in names]
        answers = {a["query"]: a["candidates"] for a in self.resolve(*queries)}
        for point, names in EXPECTED.items():
            for name in names:
                first = answers[name][0]  # type: ignore[index]
                distance = great_circle_km(point, (first["lat"], first["lon"]))
                self.assertLess(distance, 2.0, f"{name} -> {first['display_name']}")

    def test_it_prints_the_documented_shape(self) -> None:
        [answer] = self.resolve("Ստեփանակերտ", "--limit", "3")
        self.assertEqual(answer["query"], "Ստեփանակերտ")
        first = answer["candidates"][0]  # type: ignore[index]
        shape = {"id", "display_name", "names", "kind", "lat", "lon", "score", "evidence"}
        self.assertEqual(set(first), shape | {"distance_km"})
        self.assertEqual(first["display_name"], "Khankendi (Stepanakert)")
        self.assertIn("Степанакерт", first["names"])

    def test_it_reads_names_from_standard_input(self) -> None:
        import sys

        stdin = sys.stdin
        sys.stdin = StringIO("Shushi\nLachin\n")
        try:
            answers = self.resolve("-")
        finally:
            sys.stdin = stdin
        self.assertEqual([a["query"] for a in answers], ["Shushi", "Lachin"])

    def test_it_uses_the_display_policy(self) -> None:
        [answer] = self.resolve("Khankendi", "--display", "hy")
        self.assertEqual(answer["candidates"][0]["display_name"], "Ստեփանակերտ")  # type: ignore[index]
