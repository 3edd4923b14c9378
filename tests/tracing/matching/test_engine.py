"""The engine alone: comparisons, EM, search and batch linkage (no database)."""

import numpy as np

from stranded.tracing.matching import Index, Record, dedupe, default_model, link
from stranded.tracing.matching.compare import BIRTH_LEVELS, FIELD_INDEX, NAME_LEVELS, compare
from stranded.tracing.matching.model import estimate_u, fit
from stranded.tracing.matching.records import Prepared
from stranded.tracing.matching.synthetic import linked_lists

FOUND = Record(
    id="found", given_name="Հովհաննես", family_name="Հովհաննիսյան", father_name="Աշոտ",
    sex="male", birth_date="1944-03-02", address="Tigran Mets 12",
)  # fmt: skip
OTHERS = [
    Record(id="a", given_name="Armen", family_name="Petrosyan", sex="male", birth_year=1950),
    Record(id="b", given_name="Anahit", family_name="Hovhannisyan", sex="female", birth_year=1980),
    Record(id="c", given_name="Gulnara", family_name="Məmmədova", sex="female", birth_year=1944),
]


def levels(a: Record, b: Record) -> dict[str, int]:
    values = compare(Prepared.of(a), Prepared.of(b))
    return {name: values[i] for name, i in FIELD_INDEX.items()}


def test_it_compares_across_scripts_field_by_field() -> None:
    query = Record(
        id="q",
        given_name="Ованес",
        family_name="Оганесян",
        father_name="Ашотович",
        sex="male",
        birth_year=1944,
    )
    found = levels(query, FOUND)
    assert found["given_name"] >= 3 and found["family_name"] >= 3
    assert found["father_name"] == 3 and found["sex"] == 1
    assert BIRTH_LEVELS[found["birth"]] == "same year"
    assert found["address"] == -1  # missing on one side: no evidence


def test_it_tolerates_an_approximate_age() -> None:
    about = Record(id="q", family_name="Hovhannisyan", birth_year=1946, birth_approximate=True)
    assert BIRTH_LEVELS[levels(about, FOUND)["birth"]].startswith("near")
    exact_but_far = Record(id="q", family_name="Hovhannisyan", birth_year=1950)
    assert BIRTH_LEVELS[levels(exact_but_far, FOUND)["birth"]] == "years apart"


def test_it_counts_conflicting_full_dates_against_a_match() -> None:
    other = Record(id="q", family_name="Hovhannisyan", birth_date="1944-07-19")
    assert BIRTH_LEVELS[levels(other, FOUND)["birth"]] == "dates conflict"
    slip = Record(id="q", family_name="Hovhannisyan", birth_date="1944-02-03")  # day/month
    assert BIRTH_LEVELS[levels(slip, FOUND)["birth"]] == "one slip in the date"
    far = Record(id="q", family_name="Hovhannisyan", birth_date="1961-08-30")
    assert BIRTH_LEVELS[levels(far, FOUND)["birth"]] == "over 10 years apart"
    nine = Record(id="q", family_name="Hovhannisyan", birth_date="1935-12-23")
    assert BIRTH_LEVELS[levels(nine, FOUND)["birth"]] == "full dates years apart"


def test_it_reads_a_place_across_scripts_as_one_place() -> None:
    place = FIELD_INDEX["place"]
    for a, b in (("Hadrut", "Гадрут"), ("Հադրութ", "Hadrut"), ("Askeran", "Əsgəran"),
                 ("Khankendi", "Xankəndi"), ("Թաղավարդ", "Тагавард")):  # fmt: skip
        assert levels(Record(id="a", place=a), Record(id="b", place=b))["place"] == 2, (a, b)
    assert levels(Record(id="a", place="Hadrut"), Record(id="b", place="Askeran"))["place"] == 0
    resolved = Record(id="a", place_id="P1"), Record(id="b", place_id="P2")
    assert compare(*(Prepared.of(r) for r in resolved))[place] == 0


def test_it_tells_another_known_name_from_a_typo() -> None:
    hayrapetyan = Record(id="a", given_name="Արշակ", family_name="Հայրապետյան")
    karapetyan = Record(id="b", given_name="Arshak", family_name="Karapetyan")
    typo = Record(id="c", given_name="Arshak", family_name="Hayrapteyan")
    assert NAME_LEVELS[levels(hayrapetyan, karapetyan)["family_name"]] == "another known name"
    assert NAME_LEVELS[levels(hayrapetyan, typo)["family_name"]] != "another known name"
    russian = Record(id="d", given_name="Аршак", family_name="Айрапетян")
    assert NAME_LEVELS[levels(hayrapetyan, russian)["family_name"]] == "same across scripts"


def test_it_keeps_the_issues_two_wrong_pairs_out_of_likely() -> None:
    left, right, _ = linked_lists(1000, extra=1000, seed=3)
    left += [
        Record(
            id="x1",
            given_name="Արշակ",
            father_name="Գագիկ",
            family_name="Հայրապետյան",
            birth_year=1975,
        ),
        Record(
            id="x2", given_name="Гоар", family_name="Мирзоян", sex="female", birth_date="1985-05-16"
        ),
    ]
    right += [
        Record(id="y1", given_name="Արշակ", family_name="Կարապետյան", birth_date="1974-01-23"),
        Record(
            id="y2",
            given_name="Գոհար",
            father_name="Տիգրան",
            family_name="Մրիզոյան",
            sex="female",
            birth_date="1976-12-23",
        ),
    ]
    pairs, _ = link(left, right, minimum=0.0)
    scored = {(p.left_id, p.right_id): p.probability for p in pairs}
    assert scored.get(("x1", "y1"), 0) < 0.95 and scored.get(("x2", "y2"), 0) < 0.95


def test_it_finds_the_person_first_across_scripts() -> None:
    index = Index()
    index.add([FOUND, *OTHERS])
    query = Record(id="q", given_name="Hovhannes", family_name="Ovanesyan", birth_year=1944)
    [first, *rest] = index.search(query)
    assert (first.id, first.band) == ("found", "likely")
    assert all(c.probability < first.probability for c in rest)
    fields = {row.field: row.level for row in first.comparison}
    assert fields["family_name"] == "same across scripts"


def test_it_finds_nobody_for_a_stranger() -> None:
    index = Index()
    index.add([FOUND, *OTHERS])
    stranger = Record(id="q", given_name="Tigran", family_name="Sargsyan", birth_year=1990)
    assert index.search(stranger) == []


def test_em_learns_that_names_agree_more_often_in_matches() -> None:
    left, right, _ = linked_lists(400, extra=200, seed=5)
    _, model = link(left, right)
    given = FIELD_INDEX["given_name"]
    assert model.m[given][0] < model.u[given][0]  # disagreement is rarer among matches
    assert model.m[given][4] > model.u[given][4]
    assert 0 < model.prior < 1 and model.fitted_on["pairs"] > 0


def test_it_links_a_cross_script_set_with_high_precision_and_recall() -> None:
    left, right, truth = linked_lists(500, extra=500, seed=11)
    pairs, _ = link(left, right)
    likely = {(p.left_id, p.right_id) for p in pairs if p.band == "likely"}
    precision = len(likely & truth) / len(likely)
    recall = len(likely & truth) / len(truth)
    assert precision > 0.95 and recall > 0.93, (precision, recall)


def test_dedupe_finds_the_duplicate_once() -> None:
    twin = Record(
        id="twin",
        given_name="Hovhannes",
        family_name="Hovhannisyan",
        father_name="Ashot",
        sex="male",
        birth_date="1944-03-02",
    )
    pairs, _ = dedupe([FOUND, twin, *OTHERS], train=False)
    assert [(p.left_id, p.right_id, p.band) for p in pairs] == [("found", "twin", "likely")]


def test_u_comes_from_the_frequencies_of_random_pairs() -> None:
    random_pairs = np.array([[0, 0, -1, 1, 0, 0, 0, -1, -1]] * 9 + [[4, 4, -1, 1, 3, 2, 2, -1, -1]])
    u = estimate_u(random_pairs)
    assert u[0][0] > 0.7 and u[0][4] < 0.2
    model = fit(random_pairs, random_pairs, start=default_model())
    assert abs(sum(model.m[0]) - 1) < 1e-9


def test_em_never_learns_that_one_person_is_born_decades_apart() -> None:
    # Pairs agreeing on names, father and place: most born the same year, some namesakes born
    # fifty years apart (a grandson named after his grandfather). EM would half take them for
    # matches; m of "over 10 years apart" stays the smoothing alone.
    birth, over = FIELD_INDEX["birth"], BIRTH_LEVELS.index("over 10 years apart")
    same = [5, 5, 3, 1, BIRTH_LEVELS.index("same year"), 2, 2, -1, -1]
    apart = [5, 5, 3, 1, over, 2, 2, -1, -1]
    pairs = np.array([same] * 300 + [apart] * 30)
    random_pairs = np.array([[0, 0, 0, 1, over, 0, 0, -1, -1]] * 300 + [same] * 3)
    model = fit(pairs, random_pairs)
    assert model.m[birth][over] < 1 / 300
