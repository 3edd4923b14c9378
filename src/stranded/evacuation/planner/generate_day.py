"""Generated day scenarios (for benchmarks and tests): the day as it runs around Khankendi.

Two bases (the town and Askeran), the Stepanakert hospital receiving stretcher cases only and
the Hakari bridge crossing receiving everyone, vehicles on shifts of 4 to 8 hours starting
through the morning, a third of the requests arriving during the day (ready later), some groups
naming where they may go. Seeded: the same call gives the same scenario.
"""

from __future__ import annotations

import random
from typing import Any

from stranded.evacuation.planner.generate import CROSSING, fleet, scenario

BASES = [
    {"id": "khankendi", "lat": 39.8155, "lon": 46.7519},
    {"id": "askeran", "lat": 39.9333, "lon": 46.8333},
]
FLEET = 2.5  # vehicles on shifts: as many as for 2.5 times the persons all day
HOSPITAL = {"id": "hospital", "lat": 39.8210, "lon": 46.7640, "unload_minutes": 10,
            "accepts": ["stretcher"]}  # fmt: skip


def day_scenario(persons: int, *, seed: int = 1, horizon_minutes: int = 720) -> dict[str, Any]:
    rng = random.Random(seed)
    data = scenario(persons, seed=seed, horizon_minutes=horizon_minutes)
    data["vehicles"] = fleet(round(persons * FLEET))
    del data["base"], data["destination"]
    data["bases"] = BASES
    data["destinations"] = [{"id": "crossing", **CROSSING}, HOSPITAL]
    for vehicle in data["vehicles"]:
        vehicle["base"] = rng.choice(BASES)["id"]
        start = rng.choice((0, 0, 30, 60, 120, 180))
        vehicle["available_from"] = start
        vehicle["available_until"] = start + rng.randint(4, 8) * 60
    for group in data["groups"]:
        if rng.random() < 1 / 3:
            group["ready_minutes"] = rng.randint(30, max(31, horizon_minutes // 2))
        if group["stretcher"] and rng.random() < 0.5:
            group["destinations"] = ["hospital", "crossing"]
        elif rng.random() < 0.1:
            group["destinations"] = ["crossing"]
    return data
