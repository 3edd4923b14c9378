"""A thin Python-3 shim for Person Finder's PFIF validator and parser (Apache 2.0, see
personfinder/README.md): the Python-2 sources are rewritten in memory, line by line, where Python 3
differs, and loaded as modules. The files themselves stay as published."""

from __future__ import annotations

import io
import sys
import types
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent / "personfinder"
REWRITES = (  # (Python 2, Python 3): the only differences these files hit
    ("def check_tag(self, (ns, local), parent=None):",
     "def check_tag(self, _tag, parent=None):\n        ns, local = _tag"),
    (".iteritems()", ".items()"),
    ("import StringIO", "import io as StringIO"),
    ("from urlparse import urlparse", "from urllib.parse import urlparse"),
    ("inspect.getargspec(", "inspect.getfullargspec("),
    ("import cgi", "import html as cgi"),
    ("tree_parser.next()", "next(tree_parser)"),
    ("import urllib\n", "import urllib.request as urllib\n"),
    ("ur'''", "r'''"),
    (".getchildren()", "[:]"),
)  # fmt: skip
_loaded: dict[str, types.ModuleType] = {}


def load(name: str) -> Any:
    if name in _loaded:
        return _loaded[name]
    source = (HERE / f"{name}.py2").read_text()
    for old, new in REWRITES:
        source = source.replace(old, new)
    module = types.ModuleType(f"personfinder_{name}")
    module.__file__ = str(HERE / f"{name}.py2")
    saved = sys.modules.get("utils")
    if name == "pfif_validator":
        sys.modules["utils"] = load("utils")
    try:
        exec(compile(source, module.__file__, "exec"), module.__dict__)
    finally:
        if name == "pfif_validator":
            if saved is None:
                sys.modules.pop("utils", None)
            else:
                sys.modules["utils"] = saved
    _loaded[name] = module
    return module


def validate(xml: str) -> list[str]:
    """Person Finder's validator (PFIF 1.1-1.3) on a document: its messages, as text."""
    validator_module = load("pfif_validator")
    validator = validator_module.PfifValidator(io.StringIO(xml))
    messages = validator.run_validations()
    return [
        f"{'error' if m.is_error else 'warning'}: {m.category} {m.extra_data or ''} "
        f"<{m.xml_tag or ''}> {m.xml_text or ''} (line {m.xml_line_number})"
        for m in messages
    ]


def parse(xml: bytes) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """Person Finder's own parser (PFIF 1.1-1.4): (persons, notes) as dicts of PFIF fields."""
    persons, notes = load("pfif").parse_file(io.BytesIO(xml))
    return persons, notes
