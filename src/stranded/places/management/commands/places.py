"""`stranded places import` and `stranded places resolve TEXT... [--limit N] [--json]`."""

from __future__ import annotations

import json
import os
import sys
from argparse import RawDescriptionHelpFormatter
from dataclasses import asdict
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from stranded.core.models import Operation
from stranded.places.actions import import_gazetteer, import_place_files
from stranded.places.files import FileError, csv_columns_help
from stranded.places.mapdata import operation_region
from stranded.places.resolver import Region
from stranded.places.search import find_places


class Command(BaseCommand):
    help = "The gazetteer: import it from packages, or resolve names to places."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser(
            "import",
            help="load places from the packages, or from the files given (idempotent, all or "
            "nothing)",
            description="Without files: the places that ship inside the packages. With files: "
            "GeoNames country dumps and alternate names, and place CSV files, merged with what "
            "is held. CSV columns:\n" + csv_columns_help(),
            formatter_class=RawDescriptionHelpFormatter,
        )
        load.add_argument(
            "--geonames",
            action="append",
            default=[],
            metavar="FILE",
            help="a GeoNames dump (AZ.zip, AZ.txt, AM.zip) or a country's alternatenames file",
        )
        load.add_argument(
            "--alternate-names",
            action="append",
            default=[],
            metavar="FILE",
            help="GeoNames alternateNamesV2.zip/.txt: language-tagged names of the places",
        )
        load.add_argument("--csv", action="append", default=[], metavar="FILE")
        load.add_argument("--json", action="store_true")
        resolve = sub.add_parser("resolve", help="find places by any name; '-' reads stdin")
        resolve.add_argument("texts", nargs="+", metavar="TEXT")
        resolve.add_argument("--limit", type=int, default=5)
        resolve.add_argument("--json", action="store_true")
        resolve.add_argument(
            "--near",
            help="LAT,LON of the operation; default: the first operation's centre and areas, "
            "or STRANDED_FOCUS",
        )
        resolve.add_argument("--display", default="both", help="both, en, hy, az or ru")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "import":
            self.import_(options)
        else:
            self.resolve(options)

    def import_(self, options: dict[str, Any]) -> None:
        files = {k: options[k] for k in ("geonames", "alternate_names", "csv")}
        for path in (p for paths in files.values() for p in paths):
            if not os.path.isfile(path):
                raise CommandError(f"{path}: no such file")
        try:
            result = (
                import_place_files(
                    geonames=files["geonames"],
                    alternate_names=files["alternate_names"],
                    csvs=files["csv"],
                )
                if any(files.values())
                else import_gazetteer()
            )
        except FileError as error:
            raise CommandError(f"nothing imported: {error}") from error
        if options["json"]:
            self.stdout.write(json.dumps(asdict(result), ensure_ascii=False))
            return
        self.stdout.write(
            f"places: {result.places_created} created, {result.places_updated} updated, "
            f"{result.places_merged} merged into held places, {result.places_total} in all; "
            f"names: {result.names_added} added, "
            f"{result.names_total} in all; {len(result.unmatched)} source names not placed"
        )

    def resolve(self, options: dict[str, Any]) -> None:
        region = parse_region(options["near"])
        texts = options["texts"]
        if texts == ["-"]:
            texts = [line.strip() for line in sys.stdin if line.strip()]
        for text in texts:
            found = find_places(
                text, limit=options["limit"], display=options["display"], region=region
            )
            if options["json"]:
                line = json.dumps({"query": text, **found}, ensure_ascii=False)
                self.stdout.write(line)
                continue
            self.stdout.write(f"{text}:" if found["found"] else f"{text}: not in the gazetteer")
            for c in found["candidates"]:
                self.stdout.write(f"  {c['score']:.3f}  {describe_line(c)}")
            for c in found["weak"]:
                self.stdout.write(f"  weak   {describe_line(c)} {c['distance_km']:.0f} km away")


def describe_line(c: dict[str, Any]) -> str:
    return f"{c['display_name']:<32} {c['kind']:<9} {c['lat']:.4f},{c['lon']:.4f} {c['evidence']}"


def parse_region(value: str | None) -> Region | None:
    if value:
        try:
            lat, lon = (float(v) for v in value.split(","))
        except ValueError as error:
            raise CommandError("--near must be LAT,LON, e.g. 39.8155,46.7519") from error
        return Region(((lat, lon),))
    operation = Operation.objects.exclude(center_lat=None).order_by("started_on").first()
    if operation is None:
        focus = settings.STRANDED_FOCUS
        return Region((focus,)) if focus else None
    return operation_region(operation)
