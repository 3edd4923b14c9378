"""The same comparisons on Splink, for batches that outgrow one process's memory.

The Python side computes each record's keys (`Columns`: Armenian-aware fold, skeletons,
father's name from a patronymic, digits of phones and documents); Splink compares them at the
same levels as `compare.py` and trains by the same method (u from random pairs, m by EM in
sessions blocked on birth date and on names). DuckDB runs it here; the same settings run on
Spark by passing a SparkAPI (`splink.backends.spark`) and Spark DataFrames instead.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Literal

from stranded.tracing.matching.columns import Columns
from stranded.tracing.matching.index import Pair
from stranded.tracing.matching.model import POSSIBLE, band
from stranded.tracing.matching.records import Record

LinkType = Literal["link_only", "dedupe_only"]
Backend = Literal["splink", "spark"]
COLUMNS = (
    "given_hy", "given_skel", "family_hy", "family_skel", "father_skel", "sex", "year", "dob",
    "place", "address", "phone", "document",
)  # fmt: skip


def frame(records: Iterable[Record], source: str) -> Any:
    """One row per record with its keys, computed once per distinct value (`Columns`)."""
    import numpy as np
    import pandas as pd

    items = list(records)
    c = Columns(items)
    strings = c.strings()

    def text(values: Any) -> Any:
        array = np.asarray(values, dtype=object)
        array[array == ""] = None
        return array

    def folds(names: Any, attribute: str) -> Any:
        return text(np.asarray(getattr(names, attribute), dtype=object)[names.value])

    full = (c.year > 0) & (c.month > 0) & (c.day > 0)
    dob = np.full(len(items), None, dtype=object)
    dob[full] = [
        f"{y:04d}-{m:02d}-{d:02d}"
        for y, m, d in zip(c.year[full], c.month[full], c.day[full], strict=True)
    ]
    data = {
        "unique_id": [r.id for r in items],
        "source_dataset": source,
        "given_hy": folds(c.given, "hy"),
        "given_skel": folds(c.given, "skel"),
        "family_hy": folds(c.family, "hy"),
        "family_skel": folds(c.family, "skel"),
        "father_skel": folds(c.father, "skel"),
        "sex": text(strings[c.sex]),
        "year": pd.array(np.where(c.year > 0, c.year, 0), dtype="Int64"),
        "dob": dob,
        "place": text(strings[c.place]),
        "address": text(strings[c.address]),
        "phone": text(strings[c.phone]),
        "document": text(strings[c.document]),
    }
    result = pd.DataFrame(data, columns=["unique_id", "source_dataset", *COLUMNS])
    result.loc[c.year <= 0, "year"] = pd.NA
    return result


def _name(column: str) -> Any:
    import splink.comparison_level_library as cll
    import splink.comparison_library as cl

    return cl.CustomComparison(
        output_column_name=column,
        comparison_levels=[
            cll.NullLevel(f"{column}_hy"),
            cll.ExactMatchLevel(f"{column}_hy"),
            cll.ExactMatchLevel(f"{column}_skel"),
            cll.JaroWinklerLevel(f"{column}_hy", 0.92),
            cll.JaroWinklerLevel(f"{column}_hy", 0.80),
            cll.ElseLevel(),
        ],
    )


def _birth() -> Any:
    import splink.comparison_level_library as cll
    import splink.comparison_library as cl

    return cl.CustomComparison(
        output_column_name="birth",
        comparison_levels=[
            cll.NullLevel("year"),
            cll.ExactMatchLevel("dob"),
            cll.ExactMatchLevel("year"),
            cll.CustomLevel("abs(year_l - year_r) <= 1", label_for_charts="within a year"),
            cll.ElseLevel(),
        ],
    )


def settings(link_type: LinkType) -> Any:
    import splink.comparison_library as cl
    from splink import SettingsCreator, block_on

    return SettingsCreator(
        link_type=link_type,
        comparisons=[
            _name("given"),
            _name("family"),
            cl.JaroWinklerAtThresholds("father_skel", [0.85]),
            cl.ExactMatch("sex"),
            _birth(),
            cl.JaroWinklerAtThresholds("place", [0.9]),
            cl.JaroWinklerAtThresholds("address", [0.9]),
            cl.ExactMatch("phone"),
            cl.LevenshteinAtThresholds("document", [1]),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("family_skel", "substr(given_skel, 1, 2)"),
            block_on("given_skel", "substr(family_skel, 1, 3)"),
            block_on("family_skel", "year"),
            block_on("dob"),
            block_on("document"),
            block_on("phone"),
            block_on("family_skel", "place"),
        ],
        retain_intermediate_calculation_columns=False,
        max_iterations=12,
    )


def run(
    frames: list[Any],
    link_type: LinkType,
    *,
    minimum: float = POSSIBLE,
    backend: Backend = "splink",
) -> list[Pair]:
    from splink import Linker, block_on

    _, tables = _tables(frames, backend)
    linker = Linker(tables if len(tables) > 1 else tables[0], settings(link_type), log_level=40)
    linker.training.estimate_probability_two_random_records_match(
        [block_on("dob", "family_skel"), block_on("document")], recall=0.7
    )
    # One chunk: on Spark each chunk is a job; the count it gives is the same.
    linker.training.estimate_u_using_random_sampling(max_pairs=2e6, num_chunks=1, seed=1)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("dob"))
    linker.training.estimate_parameters_using_expectation_maximisation(
        block_on("family_skel", "given_skel")
    )
    predicted = linker.inference.predict(threshold_match_probability=minimum)
    rows = predicted.as_pandas_dataframe()
    return [
        Pair(
            str(r.unique_id_l),
            str(r.unique_id_r),
            float(r.match_probability),
            band(float(r.match_probability)),
        )
        for r in rows.itertuples()
    ]


def _tables(frames: list[Any], backend: Backend) -> tuple[Any, list[Any]]:
    if backend == "spark":
        from stranded.tracing.matching import spark

        return spark.tables(frames)
    from splink import DuckDBAPI

    api = DuckDBAPI()
    return api, [api.register(f) for f in frames]


def link(
    left: Iterable[Record], right: Iterable[Record], *, backend: Backend = "splink"
) -> list[Pair]:
    return run([frame(left, "left"), frame(right, "right")], "link_only", backend=backend)


def dedupe(records: Iterable[Record], *, backend: Backend = "splink") -> list[Pair]:
    return run([frame(records, "records")], "dedupe_only", backend=backend)
