"""Folding tables of real name pairs across scripts and standards."""

import pytest

from stranded.tracing.matching.givennames import given_group, same_group
from stranded.tracing.matching.names import (
    father_from_patronymic,
    skeleton,
    sorted_skeleton,
    split_patronymic,
)

SAME_FAMILY_NAME = [
    ["Հովհաննիսյան", "Оганесян", "Ovanesyan", "Hovhannisyan", "Hovannisian", "Oganesian"],
    ["Պետրոսյան", "Петросян", "Petrosyan", "Bedrosian", "Petrossian"],
    ["Հակոբյան", "Акопян", "Hakobyan", "Hagopian", "Akopyan"],
    ["Սարգսյան", "Саргсян", "Sargsyan", "Sarksyan"],
    ["Մկրտչյան", "Мкртчян", "Mkrtchyan", "Mkrtchian"],
    ["Ղուկասյան", "Гукасян", "Ghukasyan", "Ghoukassian"],
    ["Harutyunyan", "Арутюнян", "Հարությունյան", "Harutiunian"],
    ["Məmmədov", "Мамедов", "Mammadov", "Mamedov", "Məmmədova"],
    ["Əliyev", "Алиев", "Aliyev", "Aliev", "Əliyeva", "Алиева"],
    ["Hüseynov", "Гусейнов", "Huseynov", "Guseynov"],
]


@pytest.mark.parametrize("spellings", SAME_FAMILY_NAME, ids=lambda s: s[2])
def test_it_gives_one_skeleton_to_every_spelling_of_a_family_name(spellings: list[str]) -> None:
    assert len({skeleton(name) for name in spellings}) == 1, {n: skeleton(n) for n in spellings}


@pytest.mark.parametrize(
    ("a", "b"), [("Petrosyan", "Mkrtchyan"), ("Hakobyan", "Harutyunyan"), ("Aliyev", "Quliyev")]
)
def test_it_keeps_different_names_apart(a: str, b: str) -> None:
    assert skeleton(a) != skeleton(b)


def test_it_ignores_word_order() -> None:
    assert sorted_skeleton("Hovhannisyan Hovhannes") == sorted_skeleton("Ованес Оганесян")


def test_it_finds_patronymics_and_the_father_in_them() -> None:
    assert split_patronymic("Hovhannes Ashotovich") == ("Hovhannes", "Ashotovich")
    assert split_patronymic("Vüqar Məmməd oğlu") == ("Vüqar", "Məmməd oğlu")
    assert split_patronymic("Anahit Ashotovna") == ("Anahit", "Ashotovna")
    assert father_from_patronymic("Ашотович") == "ashot"
    assert father_from_patronymic("Məmməd oğlu") == "mammad"


def test_it_knows_given_name_equivalents_from_the_table() -> None:
    assert same_group(given_group("Hovhannes"), given_group("Ованес"))
    assert same_group(given_group("Հովհաննես"), given_group("Оганнес"))
    assert not same_group(given_group("Hovhannes"), given_group("Armen"))
