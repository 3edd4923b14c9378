"""The second generator: households, hard negatives, independent renderings."""

import random

from stranded.tracing.matching import households
from stranded.tracing.matching.households import Config, armenian_latin, linked_lists


def test_it_builds_families_whose_children_share_the_fathers_name() -> None:
    people = households.households(50, random.Random(3))
    fathers = {p.household: p for p in people if p.key.endswith("f")}
    children = [p for p in people if "c" in p.key.split("h", 1)[1]]
    assert children
    for child in children:
        father = fathers[child.household]
        assert child.father == father.given and child.family == father.family
        assert child.born.year - father.born.year >= 12


def test_it_makes_two_lists_with_relatives_as_hard_negatives() -> None:
    left, right, truth = linked_lists(Config(seed=5, shared=200, only=60))
    assert (len(left), len(right), len(truth)) == (260, 260, 200)
    assert len({r.id for r in left}) == 260
    lonely = {r.id[1:] for r in left} - {a[1:] for a, _ in truth}
    assert sum(key.startswith("h") for key in lonely) > 30  # mostly relatives


def test_it_writes_armenian_in_its_own_passport_and_diaspora_tables() -> None:
    assert armenian_latin("Պետրոսյան", households._PASSPORT) == "Petrosyan"
    assert armenian_latin("Պետրոսյան", households._DIASPORA, western=True) == "Bedrosian"
    assert armenian_latin("Հակոբյան", households._DIASPORA, western=True) == "Hagopian"
