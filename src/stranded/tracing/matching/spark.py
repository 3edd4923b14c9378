"""Splink on Spark: a local session by default, a cluster when SPARK_MASTER names one.

pyspark is the optional extra `spark` (`pip install 'stranded[spark]'`); it needs a Java
runtime (17 here). `SPARK_MASTER` (for example `spark://host:7077`, or `yarn`) points the
session at a cluster; unset, Spark runs in this process on every core (`local[*]`). Under
`spark-submit` the session it made is reused (getOrCreate). Splink's Jaro-Winkler functions
come from the jar that Splink ships (`similarity_jar_location`), added to the session.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

CHECKPOINTS = "SPARK_CHECKPOINT_DIR"


def session() -> Any:
    from pyspark.sql import SparkSession
    from splink.backends.spark import similarity_jar_location

    builder = (
        SparkSession.builder.appName("stranded-matching")
        .master(os.environ.get("SPARK_MASTER", "local[*]"))
        .config("spark.jars", similarity_jar_location())
        .config("spark.sql.shuffle.partitions", os.environ.get("SPARK_PARTITIONS", "2"))
        .config("spark.default.parallelism", os.environ.get("SPARK_PARTITIONS", "2"))
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.driver.memory", os.environ.get("SPARK_DRIVER_MEMORY", "2g"))
    )
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    default = str(Path(tempfile.gettempdir()) / "stranded-spark")
    spark.sparkContext.setCheckpointDir(os.environ.get(CHECKPOINTS, default))
    return spark


def tables(frames: list[Any]) -> tuple[Any, list[Any]]:
    """Splink's SparkAPI and the pandas frames as Spark DataFrames."""
    from splink.backends.spark import SparkAPI

    spark = session()
    # persist: keep intermediate tables in memory (on a cluster, SPARK_BREAK_LINEAGE=parquet
    # writes them to the checkpoint directory instead).
    api = SparkAPI(
        spark_session=spark,
        break_lineage_method=os.environ.get("SPARK_BREAK_LINEAGE", "persist"),
        num_partitions_on_repartition=int(os.environ.get("SPARK_PARTITIONS", "2")),
    )
    return api, [
        api.register(spark.createDataFrame(f.astype(object).where(f.notna(), None))) for f in frames
    ]
