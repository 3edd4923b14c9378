"""Given-name equivalents from data/given_names.tsv (see data/README.md for provenance)."""

from __future__ import annotations

import csv
from collections import defaultdict
from functools import cache
from pathlib import Path

from stranded.tracing.matching.names import skeleton

TABLE = Path(__file__).parent / "data" / "given_names.tsv"


@cache
def _groups() -> dict[str, frozenset[str]]:
    by_key: dict[str, set[str]] = defaultdict(set)
    if TABLE.exists():
        with TABLE.open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle, delimiter="\t"):
                key = skeleton(row["variant"])
                if key:
                    by_key[key].add(row["group"])
    return {key: frozenset(groups) for key, groups in by_key.items()}


def given_group(name: str) -> str:
    """The equivalence groups of a given name, '|'-joined; '' when the table does not know it."""
    groups = _groups().get(skeleton(name.split()[0] if name.split() else ""))
    return "|".join(sorted(groups)) if groups else ""


def same_group(a: str, b: str) -> bool:
    return bool(a and b and set(a.split("|")) & set(b.split("|")))
