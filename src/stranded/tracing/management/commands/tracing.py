"""`stranded tracing link LEFT.csv RIGHT.csv --out PAIRS.csv [--json] [--engine ours|splink]`
and `stranded tracing dedupe FILE.csv --out PAIRS.csv [--json] [--engine ours|splink]`."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from stranded.tracing.batch import BatchError, read_records, write_pairs
from stranded.tracing.matching import Pair, dedupe, link


class Command(BaseCommand):
    help = "Batch record linkage of CSV files of persons (any script)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        linking = sub.add_parser("link", help="pairs across two files")
        linking.add_argument("left", type=Path)
        linking.add_argument("right", type=Path)
        deduping = sub.add_parser("dedupe", help="pairs within one file")
        deduping.add_argument("file", type=Path)
        for command in (linking, deduping):
            command.add_argument("--out", type=Path, required=True)
            command.add_argument("--json", action="store_true", help="print a JSON summary")
            command.add_argument(
                "--engine", choices=["ours", "splink"], default="ours",
                help="splink: the same comparisons on Splink (DuckDB), for very large files",
            )  # fmt: skip

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        try:
            pairs = self.pairs(options)
        except BatchError as error:
            raise CommandError(str(error)) from error
        count = write_pairs(options["out"], pairs)
        summary = {
            "pairs": count,
            "likely": sum(p.band == "likely" for p in pairs),
            "possible": sum(p.band == "possible" for p in pairs),
            "seconds": round(time.perf_counter() - started, 2),
        }
        if options["json"]:
            self.stdout.write(json.dumps(summary))
        else:
            self.stdout.write(
                f"{count} pairs ({summary['likely']} likely, {summary['possible']} possible) "
                f"written to {options['out']} in {summary['seconds']} s"
            )

    def pairs(self, options: dict[str, Any]) -> list[Pair]:
        splink = options["engine"] == "splink"
        if options["action"] == "link":
            left, right = read_records(options["left"]), read_records(options["right"])
            if splink:
                from stranded.tracing.matching import splink_engine

                return splink_engine.link(left, right)
            return link(left, right)[0]
        records = read_records(options["file"])
        if splink:
            from stranded.tracing.matching import splink_engine

            return splink_engine.dedupe(records)
        return dedupe(records)[0]
