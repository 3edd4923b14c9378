"""The floors of the house: an app imports only from the floors below it, never from above.

LAYERS is the order, lowest first, written here once. Apps on one floor are peers: they do not
import each other either, so that each can change without the others. Every import counts, at
the top of a module or inside a function (a late import is still a dependency), and under
TYPE_CHECKING too. A new app must be given its floor here before its first import is allowed.

The engines (matching, planning, place resolution, lib) are plain Python: no Django, and
nothing of stranded but themselves and lib.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

SRC = Path(__file__).resolve().parents[2] / "src" / "stranded"

LAYERS: list[set[str]] = [
    {"lib", "formats"},  # pure helpers; Django's format modules
    {"core"},  # users, operations, teams, roles, audit
    {"places"},  # geography: gazetteer, areas, addresses
    {"tracing"},  # persons, inquiries, leads, matches
    {"sweeps"},  # coverage of the areas, visits
    {"evacuation", "needs", "remains", "animals"},  # what a visit finds, each on its own
    {"interop"},  # exchanges with the outside: PFIF, HXL, sharing, movement notifications
    {"fieldwork"},  # a field visit across every app; OpenRosa, XLSForm, imports
    {"project"},  # settings, urls, api, wsgi, cli: the modules at src/stranded/*.py
]
FLOOR = {unit: number for number, floor in enumerate(LAYERS) for unit in floor}
ENGINES = ["tracing/matching", "evacuation/planner", "places/resolver", "lib"]


@dataclass(frozen=True)
class Import:
    path: str
    line: int
    module: str  # stranded.x.y, or a module outside stranded

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: imports {self.module}"


def imports_of(source: str, path: str) -> list[Import]:
    found = []
    for node in ast.walk(ast.parse(source, path)):
        if isinstance(node, ast.Import):
            found += [Import(path, node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "stranded":  # from stranded import tracing
                found += [Import(path, node.lineno, f"stranded.{a.name}") for a in node.names]
            else:
                found.append(Import(path, node.lineno, node.module))
    return sorted(found, key=lambda i: i.line)


def unit_of(module: str) -> str:
    """The app a dotted name belongs to (stranded.tracing.models -> tracing), or the project."""
    name = module.split(".")[1]
    return "project" if (SRC / f"{name}.py").exists() else name


def modules() -> list[tuple[str, str]]:
    """(path under src/, source) of every module but the migrations."""
    return [
        (str(path.relative_to(SRC.parents[1])), path.read_text(encoding="utf-8"))
        for path in sorted(SRC.rglob("*.py"))
        if "migrations" not in path.parts and path != SRC / "__init__.py"
    ]


def upward(path: str, source: str) -> list[str]:
    """The imports of one module that reach a floor above its own or a peer on its floor."""
    parts = Path(path).with_suffix("").parts  # src/stranded/<app>/... or src/stranded/<module>
    here = unit_of(".".join(parts[parts.index("stranded") :]))
    faults = []
    for found in imports_of(source, path):
        if not found.module.startswith("stranded."):
            continue
        there = unit_of(found.module)
        if there == here:
            continue
        if there not in FLOOR or here not in FLOOR:
            faults.append(f"{found}: give {there if there not in FLOOR else here} a floor")
        elif FLOOR[there] >= FLOOR[here]:
            side = "a peer of" if FLOOR[there] == FLOOR[here] else "above"
            faults.append(f"{found}: {there} is {side} {here}")
    return faults


def test_every_app_has_a_floor() -> None:
    apps = {name.split(".")[1] for name in settings.INSTALLED_APPS if name.startswith("stranded.")}
    folders = {p.name for p in SRC.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    assert sorted((apps | folders) - set(FLOOR)) == []


def test_no_import_runs_upward() -> None:
    faults = [fault for path, source in modules() for fault in upward(path, source)]
    assert faults == [], "\n".join(faults)


def test_engines_import_no_django() -> None:
    faults = []
    for engine in ENGINES:
        prefix = "stranded." + engine.replace("/", ".")
        for path in sorted((SRC / engine).rglob("*.py")):
            text, name = path.read_text(encoding="utf-8"), str(path.relative_to(SRC.parents[1]))
            for found in imports_of(text, name):
                outside = found.module.startswith("stranded.") and not (
                    found.module.startswith(prefix) or found.module.startswith("stranded.lib")
                )
                if found.module.split(".")[0] == "django" or outside:
                    faults.append(str(found))
    assert faults == [], "\n".join(faults)


def test_it_names_the_file_line_and_import_of_an_upward_import() -> None:
    source = (
        "from stranded.core.models import User\n"
        "def late():\n"
        "    from stranded.sweeps.models import Visit\n"
        "    import stranded.needs.models\n"
        "from stranded import interop\n"
    )
    path = "src/stranded/tracing/actions.py"
    assert upward(path, source) == [
        f"{path}:3: imports stranded.sweeps.models: sweeps is above tracing",
        f"{path}:4: imports stranded.needs.models: needs is above tracing",
        f"{path}:5: imports stranded.interop: interop is above tracing",
    ]
    assert upward("src/stranded/needs/views.py", "from stranded.remains import access\n") == [
        "src/stranded/needs/views.py:1: imports stranded.remains: remains is a peer of needs"
    ]
