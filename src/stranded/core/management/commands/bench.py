"""`stranded bench NAME [ARGS...]`: run benchmarks/NAME.py from the checkout.

Benchmarks print figures and their comparisons; they are not pass/fail and not part of the suite.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser


def benchmarks_dir() -> Path:
    return Path(settings.BASE_DIR) / "benchmarks"


class Command(BaseCommand):
    help = "Run a benchmark: stranded bench {places,matching,planner,sweeps,load} [options]"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name")
        parser.add_argument("args", nargs="*")

    def run_from_argv(self, argv: list[str]) -> None:
        # Pass everything after the name through untouched, options included.
        if len(argv) < 3:
            raise SystemExit(f"usage: stranded bench NAME [ARGS...]; NAME in {self.names()}")
        self.execute_benchmark(argv[2], argv[3:])

    def handle(self, *args: Any, **options: Any) -> None:
        self.execute_benchmark(options["name"], list(options["args"]))

    def names(self) -> list[str]:
        return sorted(p.stem for p in benchmarks_dir().glob("*.py") if not p.stem.startswith("_"))

    def execute_benchmark(self, name: str, args: list[str]) -> None:
        path = benchmarks_dir() / f"{name}.py"
        if not path.is_file():
            raise CommandError(f"no benchmark {name!r}; known: {', '.join(self.names())}")
        import django

        django.setup()
        sys.path.insert(0, str(benchmarks_dir().parent))
        spec = importlib.util.spec_from_file_location(f"benchmarks.{name}", path)
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        module.main(args)
