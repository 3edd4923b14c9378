"""The PDF manifest in any script: Armenian, Azerbaijani and Cyrillic glyphs embedded."""

from __future__ import annotations

from datetime import UTC, datetime
from types import SimpleNamespace

from django.test import SimpleTestCase

from stranded.evacuation import manifests

ROWS = [
    {"order": 1, "eta": "2023-10-02T14:20:00+00:00", "request": "EVR-0001",
     "name": "Հովհաննես Սարգսյան", "mobility": "stretcher",
     "address": "Ստեփանակերտ, Ազատամարտիկների 12", "lat": 39.81, "lon": 46.75,
     "escort": "Анна Петрова", "phone": "+374 91 000000"},
    {"order": 2, "eta": "2023-10-02T14:30:00+00:00", "request": "EVR-0002",
     "name": "Əliyev Şəmsəddin", "mobility": "wheelchair", "address": "Xankəndi, Qələbə küç. 4",
     "lat": 39.82, "lon": 46.76, "escort": "", "phone": ""},
]  # fmt: skip
TRIP = SimpleNamespace(
    vehicle="Bus 3", number=2, depart_at=datetime(2023, 10, 2, 14, 5, tzinfo=UTC),
    destination="Goris",
)  # fmt: skip


class ManifestFontTests(SimpleTestCase):
    def test_it_embeds_noto_sans_with_armenian_as_fallback(self) -> None:
        self.assertIsNotNone(manifests.font_path(), "make setup installs fonts-noto-core")
        self.assertTrue(manifests.ARMENIAN_FONT.exists())
        pdf = manifests.to_pdf(TRIP, ROWS)
        self.assertIn(b"+NotoSans", pdf)
        self.assertIn(b"+NotoSansArmenian", pdf)
