"""The pet matcher alone: species must agree; colour, markings and distance score it."""

from __future__ import annotations

from stranded.animals.matching import Animal, normalise, rank, score, text_score

HOME = (39.8155, 46.7519)
NEAR = (39.8200, 46.7519)  # 0.5 km north
FAR = (39.9055, 46.7519)  # 10 km north


def test_it_refuses_another_species_however_alike() -> None:
    sought = Animal("dog", colour="black", markings="white chest", point=HOME)
    seen = Animal("cat", colour="black", markings="white chest", point=HOME)
    assert score(sought, seen) is None


def test_other_species_must_name_the_same_animal() -> None:
    donkey = Animal("other", species_other="Donkey", colour="grey")
    assert score(donkey, Animal("other", species_other="donkey", colour="grey")) is not None
    assert score(donkey, Animal("other", species_other="rabbit", colour="grey")) is None


def test_it_reads_russian_and_armenian_colour_words() -> None:
    assert normalise("Чёрная, белая грудь") == "black white grud"
    assert normalise("սև") == "black"
    assert normalise("Gray tabby") == "grey striped"
    assert text_score("рыжий", "ginger") == 1.0
    assert text_score("сев", "") is None


def test_same_colour_and_markings_close_by_score_high() -> None:
    sought = Animal("dog", colour="black", markings="white patch on chest", point=HOME)
    seen = Animal("dog", colour="Чёрный", markings="white patch on the chest", point=NEAR)
    result = score(sought, seen)
    assert result is not None
    assert result.parts["colour"] == 1.0
    assert result.parts["markings"] == 1.0
    assert 0.84 < result.parts["distance"] < 0.86  # exp(-0.5/3)
    assert result.score > 0.95
    assert "distance: 0.5 km" in result.reasons


def test_distance_scores_it_down() -> None:
    sought = Animal("dog", colour="brown", point=HOME)
    near = score(sought, Animal("dog", colour="brown", point=NEAR))
    far = score(sought, Animal("dog", colour="brown", point=FAR))
    assert near is not None and far is not None
    assert near.score > far.score
    assert far.parts["distance"] < 0.05
    # colour agrees, markings unknown (a coin toss), distance nearly nothing
    assert far.score == round(0.4 + 0.3 * 0.5 + 0.3 * far.parts["distance"], 3)


def test_another_colour_scores_low() -> None:
    sought = Animal("cat", colour="white", point=HOME)
    seen = Animal("cat", colour="black", point=HOME)
    result = score(sought, seen)
    assert result is not None
    assert result.parts["colour"] < 0.5
    assert result.score < 0.75


def test_missing_parts_count_as_a_coin_toss() -> None:
    result = score(Animal("horse", colour="bay"), Animal("horse", colour="гнедой"))
    assert result is not None
    assert result.score == 0.7  # 0.4 colour + 0.5 of markings' 0.3 + 0.5 of distance's 0.3
    assert "markings: not known on both sides" in result.reasons
    assert "distance: no coordinates on both sides" in result.reasons
    only_species = score(Animal("horse"), Animal("horse"))
    assert only_species is not None and only_species.score == 0.5
    assert rank(Animal("horse"), [("k", Animal("horse"))]) == []  # type: ignore[list-item]


def test_rank_keeps_candidates_above_the_threshold_best_first() -> None:
    sought = Animal("dog", colour="ginger", markings="torn left ear", point=HOME)
    seen = [
        ("far", Animal("dog", colour="ginger", point=FAR)),
        ("best", Animal("dog", colour="рыжая", markings="left ear torn", point=NEAR)),
        ("cat", Animal("cat", colour="ginger", point=HOME)),
        ("white", Animal("dog", colour="white", markings="none", point=FAR)),
    ]
    ranked = rank(sought, seen)  # type: ignore[arg-type]
    assert [key for key, _ in ranked] == ["best", "far"]


def test_an_undescribed_animal_next_door_ranks_below_a_described_one() -> None:
    sought = Animal("dog", colour="black", markings="white chest", point=HOME)
    seen = [
        ("undescribed", Animal("dog", point=HOME)),
        ("described", Animal("dog", colour="black", markings="white chest", point=NEAR)),
        ("other colour", Animal("dog", colour="white", markings="brown spots", point=HOME)),
    ]
    ranked = rank(sought, seen)  # type: ignore[arg-type]
    assert [key for key, _ in ranked] == ["described", "undescribed"]
    assert ranked[1][1].score == 0.65
