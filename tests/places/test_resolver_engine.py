"""The resolver alone, on a handful of places (no database)."""

from stranded.places.resolver import PlaceEntry, Region, Resolver

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


# The operation at Khankendi; Sevkar (northern Armenia, 191 km) is one letter from nothing near.
REGION = Region(((39.8155, 46.7519),))
FAR_AND_NEAR = [
    *PLACES,
    PlaceEntry("sevkar", ("Sevkar", "Սևքար"), "town", 41.016, 45.1418, 2800),
    PlaceEntry("vank-am", ("Vank",), "village", 40.95, 45.10, 900),
    PlaceEntry("vang", ("Vanko",), "village", 39.95, 46.70, 600),
]


def test_it_offers_no_far_look_alike_as_the_answer() -> None:
    answer = Resolver.build(FAR_AND_NEAR).answer("Sevkur", region=REGION)
    assert not answer.found
    assert [(c.id, c.evidence) for c in answer.weak] == [("sevkar", "fuzzy-1")]
    assert answer.weak[0].distance_km is not None and answer.weak[0].distance_km > 150


def test_it_keeps_a_near_misspelling_as_the_answer() -> None:
    answer = Resolver.build(FAR_AND_NEAR).answer("Khankandi", region=REGION)
    assert [c.id for c in answer.candidates] == ["k"]
    assert answer.candidates[0].distance_km is not None and answer.candidates[0].distance_km < 1


def test_it_lists_a_far_namesake_apart_from_the_answer() -> None:
    answer = Resolver.build(FAR_AND_NEAR).answer("Martuni", region=REGION)
    assert [c.id for c in answer.candidates] == ["kh"]
    assert [c.id for c in answer.weak] == ["am-martuni"]


def test_it_looks_for_a_near_spelling_when_only_a_far_namesake_is_exact() -> None:
    answer = Resolver.build(FAR_AND_NEAR).answer("Vank", region=REGION)
    assert [c.id for c in answer.candidates] == ["vang"]
    assert "vank-am" in [c.id for c in answer.weak]


def test_it_widens_the_region_by_the_operation_areas() -> None:
    near_sevkar = Region(((39.8155, 46.7519), (41.0, 45.15)))
    answer = Resolver.build(FAR_AND_NEAR).answer("Sevkur", region=near_sevkar)
    assert [c.id for c in answer.candidates] == ["sevkar"]


def test_it_answers_everything_without_a_region() -> None:
    answer = Resolver.build(FAR_AND_NEAR).answer("Sevkur", region=None)
    assert [c.id for c in answer.candidates] == ["sevkar"]


def test_an_area_widens_the_region_by_half_a_reach() -> None:
    resolver = Resolver.build(FAR_AND_NEAR)
    area_40_km_away = Region(((39.8155, 46.7519), (40.65, 45.1418)))
    area_24_km_away = Region(((39.8155, 46.7519), (40.80, 45.1418)))
    assert not resolver.answer("Sevkar", region=area_40_km_away).found
    assert [c.id for c in resolver.answer("Sevkar", region=area_24_km_away).candidates] == [
        "sevkar"
    ]


# resolve() itself: with an operation, a look-alike far away is never among its answers.
def test_resolve_gives_no_far_look_alike_with_a_region() -> None:
    resolver = Resolver.build(FAR_AND_NEAR)
    assert resolver.resolve("Sevkur", region=REGION) == []
    assert resolver.resolve("Sevkur", near=REGION.focus()) == []


def test_resolve_keeps_the_near_village_and_drops_the_far_namesake() -> None:
    resolver = Resolver.build(FAR_AND_NEAR)
    # "Vank" is spelt exactly like a village 130 km away and one letter from Vanko, 15 km away.
    assert [c.id for c in resolver.resolve("Vank", near=REGION.focus())] == ["vang"]
    assert [c.id for c in resolver.resolve("Martuni", region=REGION)] == ["kh"]


# Places 80 km and more from Khankendi, each queried by a spelling one or two letters from its
# own name and near a local village's: resolve() says not found, answer() lists them as weak.
FAR_SPELT_NEAR = [
    *FAR_AND_NEAR,
    PlaceEntry("ganja", ("Ganja", "Gəncə", "Гянджа"), "city", 40.6828, 46.3606, 335600),
    PlaceEntry("goris", ("Goris", "Գորիս"), "town", 39.5111, 46.3381, 20600),
    PlaceEntry("karintak", ("Karintak", "Daşaltı"), "village", 39.7433, 46.7294, 400),
    PlaceEntry("sarigyugh", ("Sarigyugh", "Սարիգյուղ"), "village", 40.95, 45.10, 700),
]


def test_resolve_says_not_found_for_far_places_spelt_near_a_local_village() -> None:
    resolver = Resolver.build(FAR_SPELT_NEAR)
    for query, far in (("Sevkarr", "sevkar"), ("Sarigyugk", "sarigyugh"), ("Gangja", "ganja")):
        assert resolver.resolve(query, region=REGION) == [], query
        answer = resolver.answer(query, region=REGION)
        assert not answer.found
        assert far in [c.id for c in answer.weak], query
        assert all((c.distance_km or 0) >= 80 for c in answer.weak), query


def test_resolve_still_answers_a_far_place_named_exactly_when_near_enough() -> None:
    # Goris is 50 km from Khankendi: an exact name reaches 60 km, a misspelling does not.
    resolver = Resolver.build(FAR_SPELT_NEAR)
    assert [c.id for c in resolver.resolve("Goris", region=REGION)] == ["goris"]
    assert resolver.resolve("Gotis", region=REGION) == []
    assert [c.id for c in resolver.resolve("Karintac", region=REGION)] == ["karintak"]
