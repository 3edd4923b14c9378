"""Linking two lists of distinct persons: candidates compete for one match, a rare name counts
more than a common one, relatives inside each list teach what a family shares, spellings by
German and French conventions read as one name, and typos in both names still meet."""

import numpy as np
import pytest

from stranded.tracing.matching import Record, households, link
from stranded.tracing.matching.columns import Columns, levels, vocabulary
from stranded.tracing.matching.compare import FIELD_INDEX, FIELDS, NAME_LEVELS, SAME_NAME, names
from stranded.tracing.matching.index import Index, candidate_positions, term_frequency
from stranded.tracing.matching.model import compete, default_model, fit
from stranded.tracing.matching.records import Prepared

GIVEN, FAMILY = FIELD_INDEX["given_name"], FIELD_INDEX["family_name"]


def _with_sure_pairs(rows: list[int], columns: list[int], pairwise: list[float]) -> tuple:
    """The pairs under test, among 100 records a side of which 80 have a sure match."""
    sure = np.arange(20, 100)
    return (
        np.r_[rows, sure],
        np.r_[columns, sure],
        np.r_[pairwise, np.full(len(sure), 0.999)],
    )


PRIOR = 80 / (100 * 100)


def test_a_lone_candidate_gains_when_most_of_each_list_is_on_the_other() -> None:
    rows, columns, pairwise = _with_sure_pairs([0, 1, 1], [0, 1, 2], [0.6, 0.6, 0.6])
    found = compete(rows, columns, pairwise, PRIOR, (100, 100))
    assert found[0] > 0.9  # nobody else for either record: both would have to be missing
    assert found[1] == pytest.approx(found[2]) and found[1] + found[2] <= 1  # brothers share


def test_a_candidate_another_record_explains_better_is_freed() -> None:
    # record 0 (left) fits columns 0 and 1 equally; column 1 is record 1's sure match
    rows, columns, pairwise = _with_sure_pairs([0, 0, 1], [0, 1, 1], [0.6, 0.6, 0.999])
    found = compete(rows, columns, pairwise, PRIOR, (100, 100))
    assert found[0] > 0.85 and found[1] < 0.1 and found[2] > 0.99


def _records(family: str, count: int, start: int) -> list[Record]:
    return [
        Record(id=f"r{start + k}", given_name="Armen", family_name=family, birth_year=1950 + k % 40)
        for k in range(count)
    ]


def test_a_rare_agreeing_name_counts_more_than_a_common_one() -> None:
    records = _records("Petrosyan", 600, 0) + _records("Zakaryan", 2, 600)
    records += [
        Record(id=f"s{k}", given_name=f"Name{k}", family_name=f"Other{k}") for k in range(600)
    ]
    c = Columns(records, vocabulary())
    common, rare = np.array([0, 1]), np.array([600, 601])
    pairs = levels(c, c, np.r_[common[:1], rare[:1]], np.r_[common[1:], rare[1:]])
    assert (pairs[:, FAMILY] >= SAME_NAME).all()
    adjustment = term_frequency(
        default_model(), pairs, (c, np.array([0, 600])), (c, np.array([1, 601]))
    )
    assert adjustment[1] > adjustment[0] + 5  # bits: Zakaryan is 300 times rarer here


def test_u_among_kin_is_learnt_from_pairs_inside_one_list() -> None:
    width = len(FIELDS)
    pairs = np.full((200, width), -1)
    pairs[:, GIVEN], pairs[:, FAMILY] = 5, 5
    # inside one list, half of the relatives sharing the family name share the given name too
    kin = np.full((400, width), -1)
    kin[:, FAMILY], kin[:, GIVEN] = 5, np.where(np.arange(400) % 2 == 0, 5, 0)
    random_pairs = np.full((400, width), -1)
    random_pairs[:, GIVEN], random_pairs[:, FAMILY] = 0, 0
    model = fit(pairs, random_pairs, kin_pairs=kin, kin_distinct=True)
    assert model.u_kin is not None
    assert model.u_kin[GIVEN][5] > 0.3 > model.u[GIVEN][5]


def test_among_namesakes_the_sex_says_almost_nothing() -> None:
    width = len(FIELDS)
    sex = FIELD_INDEX["sex"]
    pairs = np.full((200, width), -1)
    pairs[:, GIVEN], pairs[:, FAMILY], pairs[:, sex] = 5, 5, 1
    kin = np.full((400, width), -1)
    kin[:, FAMILY], kin[:, GIVEN], kin[:, sex] = 5, 0, np.arange(400) % 2
    namesakes = np.full((400, width), -1)
    namesakes[:, FAMILY], namesakes[:, GIVEN], namesakes[:, sex] = 5, 5, 1  # one given name
    random_pairs = np.full((400, width), -1)
    random_pairs[:, GIVEN], random_pairs[:, FAMILY], random_pairs[:, sex] = 0, 0, np.arange(400) % 2
    model = fit(pairs, random_pairs, kin_pairs=kin, kin_distinct=True, namesake_pairs=namesakes)
    general, _, among_namesakes = model.tables()
    assert among_namesakes[sex][1] < 0.5 < general[sex][1]  # bits for the same sex
    assert among_namesakes[GIVEN] == general[GIVEN]  # the names against strangers


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Awetisjan", "Ավետիսյան"),  # German: w for v, j for y
        ("Chatschatrjan", "Хачатрян"),  # German: ch for kh, tsch for ch
        ("Schahbasjan", "Шахбазян"),  # German: sch for sh
        ("Wanezjan", "Vanetsyan"),  # German: z for ts
        ("Bajramow", "Bayramov"),  # German: -ow for -ov
        ("Chahbazian", "Շահբազյան"),  # French: ch for sh
        ("Tchobanian", "Чобанян"),  # French: tch for ch
        ("Djanoyan", "Ջանոյան"),  # French: dj for j
        ("Haroutiounian", "Арутюнян"),  # French and Western: ou for u
        ("Cavadov", "Джавадов"),  # Azerbaijani c is дж
        ("Dschawadow", "Cavadov"),  # German dsch, Azerbaijani c
        ("Оганджанян", "Օհանջանյան"),  # Russian Ог for Օհ, as for Հով
        ("Ohandschanjan", "Оганджанян"),
        ("Howssep", "Овсеп"),  # German w after o (not ISO 9985's ow for ու), ss for s
        ("Warushan", "Варужан"),  # German sh for ж
        ("Chagani", "Хагани"),  # German ch for х without other German marks
        ("Anjela", "Анжела"),  # French j for ж
        ("Abelanz", "Абелянц"),  # German z for ц, in -anz as in -ants
        ("Zolak", "Ցոլակ"),  # German z for ց
        ("Hmajak", "Հմայակ"),  # German j for յ between vowels
        ("Howhanness", "Hovhannes"),  # German w after o
        ("Abachian", "Աբաշյան"),  # French ch: no other known name than Աբաշյան
        ("Brijit", "Բրիժիտ"),  # French j, the known name by its French reading
    ],
)
def test_it_reads_german_and_french_spellings_as_one_name(a: str, b: str) -> None:
    p = Prepared.of(Record(id="p", given_name="Ani", family_name=a))
    q = Prepared.of(Record(id="q", given_name="Ani", family_name=b))
    assert NAME_LEVELS[names(p, q)[1]] == "same across scripts"


def test_english_spellings_keep_j_and_ch_as_they_are() -> None:
    # nj and dj in English are ջ: Ohanjanyan is not Ohanyanyan
    for a, b in (("Ohanjanyan", "Օհանջանյան"), ("Khachatryan", "Խաչատրյան")):
        p = Prepared.of(Record(id="p", family_name=a))
        q = Prepared.of(Record(id="q", family_name=b))
        assert names(p, q)[1] >= SAME_NAME
        assert p.family_skel == q.family_skel  # blocked together too


def test_linking_meets_a_typo_in_each_name() -> None:
    left = [Record(id="a", given_name="Norayr", family_name="Adruni", birth_date="1962-07-19")]
    right = [Record(id="b", given_name="Noryar", family_name="Aruni", birth_year=1960)]
    left_index, right_index = Index(loose=True), Index(loose=True)
    left_index.add(left)
    right_index.add(right)
    rows, columns = candidate_positions(left_index, right_index)
    assert (rows.tolist(), columns.tolist()) == ([0], [0])


def test_a_record_with_little_else_meets_its_family_name_from_either_side() -> None:
    left = [Record(id="a", given_name="Elina", family_name="Yeghiazaryan", birth_year=1993)]
    right = [Record(id="b", given_name="Eina", family_name="Եղիազարյան")]
    left_index, right_index = Index(loose=True), Index(loose=True)
    left_index.add(left)
    right_index.add(right)
    assert candidate_positions(left_index, right_index)[0].tolist() == [0]


def test_the_held_out_households_set_links_with_honest_bands() -> None:
    left, right, truth = households.linked_lists(households.HELD_OUT)
    pairs, _ = link(left, right)
    likely = {(p.left_id, p.right_id) for p in pairs if p.band == "likely"}
    precision, recall = len(likely & truth) / len(likely), len(likely & truth) / len(truth)
    assert precision > 0.98 and recall > 0.95, (precision, recall)
    sure = [p for p in pairs if p.probability >= 0.95]
    assert sum((p.left_id, p.right_id) in truth for p in sure) / len(sure) > 0.95
