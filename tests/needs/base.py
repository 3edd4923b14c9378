"""Builders for needs tests: the sweeps grid, the cell held by Team A, needs made by action."""

from __future__ import annotations

from typing import Any

from stranded.needs.actions import record_need
from stranded.needs.models import Need
from stranded.places.models import Address, Area
from stranded.sweeps.actions import assign_area
from tests.sweeps.base import SweepsTestCase


class NeedsTestCase(SweepsTestCase):
    def setUp(self) -> None:
        assign_area(area=self.cell, team=self.team, by=self.coordinator)

    def create_address(
        self, text: str = "Tumanyan 3", area: Area | None = None, **fields: Any
    ) -> Address:
        area = area or self.cell
        fields.setdefault("lat", area.center_lat)
        fields.setdefault("lon", area.center_lon)
        return Address.objects.create(
            operation=self.operation, area=area, text=text, key=f"{area.code}|{text}", **fields
        )

    def create_need(self, kind: str = "drinking_water", **fields: Any) -> Need:
        fields.setdefault("area", self.cell)
        return record_need(operation=self.operation, kind=kind, by=self.coordinator, **fields)

    def api_post(self, url: str, data: dict[str, Any]) -> Any:
        return self.client.post(url, data, content_type="application/json")

    def change(self, user: Any, need: Need, **data: Any) -> Any:
        self.login(user)
        return self.api_post(f"/api/needs/{need.pk}/status", data)
