"""Generated evacuation scenarios around Khankendi (for benchmarks, tests and the demo).

Families of one to six in the town and in the villages around it, some with a wheelchair user or
a bed-ridden person on a stretcher; a fleet of buses, minibuses and ambulances scaled to the
number of persons; the Hakari bridge crossing as destination. Seeded: the same call gives the
same scenario.
"""

from __future__ import annotations

import math
import random
from typing import Any

TOWN = (39.8155, 46.7519)
VILLAGES = [
    (39.9391, 46.8316), (39.7601, 46.7499), (39.8536, 46.6917), (39.7734, 46.8497),
    (39.8830, 46.7800), (39.7420, 46.6580), (39.9000, 46.7100), (39.8000, 46.9100),
]  # fmt: skip
CROSSING = {"lat": 39.5140, "lon": 46.5560, "unload_minutes": 20}


def scenario(persons: int, *, seed: int = 1, horizon_minutes: int = 720) -> dict[str, Any]:
    rng = random.Random(seed)
    groups: list[dict[str, Any]] = []
    total = 0
    while total < persons:
        size = min(rng.choice((1, 1, 2, 2, 3, 3, 4, 5, 6)), persons - total)
        groups.append(_group(len(groups), size, rng))
        total += size
    return {
        "horizon_minutes": horizon_minutes,
        "base": {"lat": TOWN[0], "lon": TOWN[1]},
        "destination": CROSSING,
        "travel": {"detour": 1.3, "speed_kmh": 40},
        "vehicles": fleet(persons),
        "groups": groups,
    }


def _group(number: int, size: int, rng: random.Random) -> dict[str, Any]:
    if rng.random() < 0.7:
        centre, spread = TOWN, 0.025
    else:
        centre, spread = rng.choice(VILLAGES), 0.006
    angle, radius = rng.uniform(0, 2 * math.pi), spread * math.sqrt(rng.random())
    stretcher = 1 if rng.random() < 0.04 else 0
    wheelchair = 1 if not stretcher and rng.random() < 0.06 else 0
    seated = size - stretcher - wheelchair
    return {
        "id": f"g{number}",
        "lat": round(centre[0] + radius * math.cos(angle), 5),
        "lon": round(centre[1] + radius * math.sin(angle), 5),
        "seated": seated,
        "wheelchair": wheelchair,
        "stretcher": stretcher,
        "priority": 2 if stretcher else (1 if wheelchair or rng.random() < 0.1 else 0),
        "board_minutes": 3 + seated + 5 * wheelchair + 10 * stretcher,
    }


def fleet(persons: int) -> list[dict[str, Any]]:
    buses = max(1, round(persons / 120))
    minibuses = max(1, round(persons / 250))
    ambulances = max(1, round(persons / 300))
    vehicles = [
        {"id": f"bus-{i + 1}", "seats": 45, "wheelchair": 0, "stretcher": 0} for i in range(buses)
    ]
    vehicles += [
        {"id": f"minibus-{i + 1}", "seats": 16, "wheelchair": 1, "stretcher": 0}
        for i in range(minibuses)
    ]
    vehicles += [
        {"id": f"ambulance-{i + 1}", "seats": 2, "wheelchair": 1, "stretcher": 2}
        for i in range(ambulances)
    ]
    return vehicles
