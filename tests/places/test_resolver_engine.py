"""The resolver alone, on a handful of places (no database)."""

from stranded.places.resolver import PlaceEntry, Resolver

PLACES = [
    PlaceEntry("k", ("Khankendi", "Stepanakert", "Ստեփանակերտ"), "city", 39.8177, 46.7528, 2100),
    PlaceEntry("am-martuni", ("Martuni", "Մարտունի"), "town", 40.1403, 45.3023, 12034),
    PlaceEntry("kh", ("Khojavend", "Martuni", "Մարտունի"), "town", 39.795, 47.1117, 3700),
    PlaceEntry("s", ("Shusha", "Shushi"), "town", 39.7601, 46.7499, 19400),
]


def test_it_prefers_exact_evidence_over_importance() -> None:
    first = Resolver.build(PLACES).resolve("Shushi")[0]
    assert (first.id, first.evidence) == ("s", "exact")


def test_it_breaks_a_tie_of_names_by_the_focus_point() -> None:
    resolver = Resolver.build(PLACES)
    assert resolver.resolve("Martuni")[0].id == "am-martuni"  # bigger town, no focus
    assert resolver.resolve("Martuni", near=(39.8155, 46.7519))[0].id == "kh"


def test_it_tolerates_one_or_two_edits() -> None:
    resolver = Resolver.build(PLACES)
    assert [(c.id, c.evidence) for c in resolver.resolve("Khakendi", limit=1)] == [("k", "fuzzy-1")]
    assert resolver.resolve("Stepanakret", limit=1)[0].id == "k"


def test_it_finds_nothing_for_an_unrelated_word() -> None:
    assert Resolver.build(PLACES).resolve("Zzyzx") == []
