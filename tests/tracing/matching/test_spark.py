"""The Splink settings on Spark (pyspark, local mode) link as they do on DuckDB."""

import shutil

import pytest

from stranded.tracing.matching import splink_engine
from stranded.tracing.matching.synthetic import linked_lists

pytestmark = pytest.mark.spark


@pytest.mark.skipif(shutil.which("java") is None, reason="no Java runtime (make setup installs it)")
def test_it_links_on_spark_as_on_duckdb() -> None:
    left, right, truth = linked_lists(40, extra=20, seed=5)
    on_duckdb = {
        (p.left_id, p.right_id) for p in splink_engine.link(left, right) if p.band == "likely"
    }
    on_spark = {
        (p.left_id, p.right_id)
        for p in splink_engine.link(left, right, backend="spark")
        if p.band == "likely"
    }
    assert len(on_spark & truth) >= 34, len(on_spark & truth)
    assert len(on_spark ^ on_duckdb) <= 2, on_spark ^ on_duckdb
