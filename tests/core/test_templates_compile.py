"""Every template compiles: a tag or filter whose library is not loaded fails here, not on the
page a user opens."""

from __future__ import annotations

from pathlib import Path

from django.template.loader import get_template
from django.test import SimpleTestCase

SRC = Path(__file__).resolve().parents[2] / "src" / "stranded"


class TemplatesCompileTests(SimpleTestCase):
    def test_every_template_compiles(self) -> None:
        names = sorted(
            str(p).split("/templates/", 1)[1] for p in SRC.glob("**/templates/**/*.html")
        )
        self.assertGreater(len(names), 50)
        broken = []
        for name in names:
            try:
                get_template(name)
            except Exception as error:  # every kind of template error is a finding
                broken.append(f"{name}: {error}")
        self.assertEqual(broken, [])
