"""One person per list: an assignment, not a threshold."""

from stranded.tracing.matching import Pair
from stranded.tracing.matching.assign import one_to_one


def pair(left: str, right: str, probability: float) -> Pair:
    return Pair(left, right, probability, "likely" if probability >= 0.95 else "possible")


def test_it_finds_the_assignment_that_greedy_misses() -> None:
    pairs = [pair("a1", "b1", 0.97), pair("a1", "b2", 0.96), pair("a2", "b1", 0.96)]
    chosen = {(p.left_id, p.right_id) for p in one_to_one(pairs)}
    assert chosen == {("a1", "b2"), ("a2", "b1")}  # greedy by score would keep a1-b1 alone


def test_it_solves_each_family_apart_and_leaves_a_record_alone() -> None:
    pairs = [
        pair("a1", "b1", 0.99),
        pair("a2", "b1", 0.40),  # a2 stays alone: b1 is taken
        pair("c1", "d1", 0.50),
        pair("c1", "d2", 0.60),
        pair("c2", "d2", 0.90),
    ]
    chosen = {(p.left_id, p.right_id) for p in one_to_one(pairs)}
    assert chosen == {("a1", "b1"), ("c1", "d1"), ("c2", "d2")}
    assert one_to_one([]) == []
