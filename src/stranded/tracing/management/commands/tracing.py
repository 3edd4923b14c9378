"""`stranded tracing link LEFT.csv RIGHT.csv --out PAIRS.csv [--json] [--one-to-one]
[--engine ours|splink|spark]` and `stranded tracing dedupe FILE.csv --out PAIRS.csv [--json]
[--engine ours|splink|spark]`."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from stranded.tracing.batch import BatchError, Warnings, read_records, write_pairs
from stranded.tracing.matching import Pair, dedupe, link
from stranded.tracing.matching.assign import one_to_one


class Command(BaseCommand):
    help = "Batch record linkage of CSV files of persons (any script)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        linking = sub.add_parser("link", help="pairs across two files")
        linking.add_argument("left", type=Path)
        linking.add_argument("right", type=Path)
        linking.add_argument(
            "--one-to-one",
            action="store_true",
            help="each person is at most once on each list: keep the best assignment",
        )
        deduping = sub.add_parser("dedupe", help="pairs within one file")
        deduping.add_argument("file", type=Path)
        for command in (linking, deduping):
            command.add_argument("--out", type=Path, required=True)
            command.add_argument("--json", action="store_true", help="print a JSON summary")
            command.add_argument(
                "--engine",
                choices=["ours", "splink", "spark"],
                default="ours",
                help="splink: the same comparisons on Splink (DuckDB); spark: on Splink with "
                "Spark (pyspark, local unless SPARK_MASTER names a cluster)",
            )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        warnings = Warnings()
        try:
            pairs = self.pairs(options, warnings)
        except BatchError as error:
            raise CommandError(str(error)) from error
        if options["action"] == "link" and options["one_to_one"]:
            pairs = one_to_one(pairs)
        count = write_pairs(options["out"], pairs)
        summary = {
            "pairs": count,
            "likely": sum(p.band == "likely" for p in pairs),
            "possible": sum(p.band == "possible" for p in pairs),
            "seconds": round(time.perf_counter() - started, 2),
            "warnings": warnings.summary(),
        }
        if options["json"]:
            self.stdout.write(json.dumps(summary, ensure_ascii=False))
            return
        self.stdout.write(
            f"{count} pairs ({summary['likely']} likely, {summary['possible']} possible) "
            f"written to {options['out']} in {summary['seconds']} s"
        )
        if warnings.count:
            first = warnings.examples[0]
            self.stdout.write(
                f"{warnings.count} dirty values linked as text (first: {first['file']} row "
                f"{first['row']}, column {first['column']!r}: {first['reason']}); --json lists them"
            )

    def pairs(self, options: dict[str, Any], warnings: Warnings) -> list[Pair]:
        engine = options["engine"]
        if options["action"] == "link":
            left = read_records(options["left"], warnings)
            right = read_records(options["right"], warnings)
            if engine != "ours":
                from stranded.tracing.matching import splink_engine

                return splink_engine.link(left, right, backend=engine)
            return link(left, right)[0]
        records = read_records(options["file"], warnings)
        if engine != "ours":
            from stranded.tracing.matching import splink_engine

            return splink_engine.dedupe(records, backend=engine)
        return dedupe(records)[0]
