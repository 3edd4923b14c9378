"""Known names from data/given_names.tsv and data/family_names.tsv (see data/README.md).

Two uses. `given_group` / `same_group`: two spellings of one given name (Hovhannes, Ованес)
share a group, keyed by the loose skeleton. `known`: the groups a spelling is, read exactly
(by its Armenian-aware fold), so that two spellings that are two different known names
(Hayrapetyan and Karapetyan, Armen and Arman) count as a disagreement, not as a typo, even
when the loose skeleton confuses them. Groups whose spellings differ only in what a
transliteration changes (Սարգսյան, Սարկիսյան: the same skeleton but for the opening) are one
group for that purpose.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from functools import cache
from pathlib import Path

from stranded.tracing.matching.names import core_skeleton, first_word_keys, hy_key, skeleton

DATA = Path(__file__).parent / "data"
TABLES = {"given": DATA / "given_names.tsv", "family": DATA / "family_names.tsv"}
TABLE = TABLES["given"]
NOBODY: frozenset[int] = frozenset()


def _rows(kind: str) -> list[tuple[str, str]]:
    path = TABLES[kind]
    if not path.exists():
        return []
    with path.open(encoding="utf-8") as handle:
        return [(row["group"], row["variant"]) for row in csv.DictReader(handle, delimiter="\t")]


@cache
def _groups() -> dict[str, frozenset[str]]:
    by_key: dict[str, set[str]] = defaultdict(set)
    for group, variant in _rows("given"):
        key = skeleton(variant)
        if key:
            by_key[key].add(group)
    return {key: frozenset(groups) for key, groups in by_key.items()}


def given_group(name: str) -> str:
    """The equivalence groups of a given name, '|'-joined; '' when the table does not know it."""
    groups = _groups().get(skeleton(name.split()[0] if name.split() else ""))
    return "|".join(sorted(groups)) if groups else ""


def same_group(a: str, b: str) -> bool:
    return bool(a and b and set(a.split("|")) & set(b.split("|")))


@cache
def _known(kind: str) -> dict[str, frozenset[int]]:
    """Exact fold of each known spelling -> the merged groups it belongs to."""
    rows = _rows(kind)
    parent = {group: group for group, _ in rows}

    def root(group: str) -> str:
        while parent[group] != group:
            parent[group] = parent[parent[group]]
            group = parent[group]
        return group

    by_core: dict[str, str] = {}
    for group in sorted(parent):  # the names themselves, not their romanisations
        core = core_skeleton(group)
        if core in by_core:
            parent[root(group)] = root(by_core[core])
        else:
            by_core[core] = group
    numbers: dict[str, int] = {}
    found: dict[str, set[int]] = defaultdict(set)
    for group, variant in rows:
        key = hy_key(variant)
        if key:
            found[key].add(numbers.setdefault(root(group), len(numbers)))
    return {key: frozenset(groups) for key, groups in found.items()}


@cache
def known(kind: str, name: str) -> frozenset[int]:
    """The (merged) groups of a known given or family name; empty when the lists lack it. A
    Latin spelling is every known name that one of its readings is (`names.first_word_keys`):
    Abachian is Աբաչյան in English and Աբաշյան in French, so it is no other name than
    Աբաշյան."""
    table = _known(kind)
    found = [table.get(key, NOBODY) for key in first_word_keys(name)]
    return frozenset().union(*found) if found else NOBODY


def different_names(a: frozenset[int], b: frozenset[int]) -> bool:
    """Both spellings are known names, and no known name is both."""
    return bool(a and b and not a & b)
