"""Worklists: open leads and unvisited addresses of the team's areas, in route order."""

from __future__ import annotations

import random

from django.core.cache import caches
from django.urls import reverse

from stranded.places.models import Address
from stranded.sweeps.actions import assign_area
from stranded.sweeps.route import Stop, length, nearest_neighbour, route
from stranded.sweeps.worklist import route_key, routed
from tests.sweeps.base import SweepsTestCase


class RouteEngineTests(SweepsTestCase):
    def test_route_visits_every_stop_once_and_is_no_longer_than_nearest_neighbour(self) -> None:
        rng = random.Random(3)
        start = (39.8155, 46.7519)
        stops = [
            Stop(str(i), 39.80 + rng.random() * 0.03, 46.74 + rng.random() * 0.03)
            for i in range(40)
        ]
        order = route(start, stops, seconds=0.5)
        self.assertEqual(sorted(s.key for s in order), sorted(s.key for s in stops))
        self.assertLessEqual(length(start, order), length(start, nearest_neighbour(start, stops)))

    def test_three_stops_on_a_line_are_taken_in_order(self) -> None:
        start = (39.80, 46.70)
        stops = [Stop("far", 39.83, 46.70), Stop("near", 39.81, 46.70), Stop("mid", 39.82, 46.70)]
        self.assertEqual([s.key for s in route(start, stops, seconds=0.2)], ["near", "mid", "far"])


class WorklistPageTests(SweepsTestCase):
    def test_the_team_sees_the_addresses_of_its_areas_only(self) -> None:
        assign_area(area=self.cell, team=self.team, by=self.coordinator)
        for area, text in ((self.cell, "Tumanyan 1"), (self.village, "Shosh 4")):
            Address.objects.create(
                operation=self.operation,
                area=area,
                text=text,
                key=text,
                lat=area.center_lat,
                lon=area.center_lon,
            )
        self.login(self.field_member)
        response = self.client.get("/api/sweeps/worklist")
        self.assertEqual([i["label"] for i in response.json()["items"]], ["Tumanyan 1"])
        self.login(self.other_field_member)
        self.assertEqual(self.client.get("/api/sweeps/worklist").json()["items"], [])
        page = self.client.get(reverse("sweeps:worklist"))
        self.assertContains(page, "Nothing to do")


class RouteCacheTests(SweepsTestCase):
    """A route is solved once for a set of stops and kept in the shared cache (any process
    reads it there); a stop moved is a new set, solved anew."""

    start = (39.80, 46.70)
    line = [Stop("near", 39.81, 46.70), Stop("mid", 39.82, 46.70), Stop("far", 39.83, 46.70)]

    def setUp(self) -> None:
        caches["shared"].clear()

    def keys(self, stops: list[Stop]) -> list[str]:
        return [s.key for s in routed(self.start, stops, seconds=0.2)]

    def test_the_same_stops_are_routed_from_the_cache(self) -> None:
        self.assertEqual(self.keys(self.line), ["near", "mid", "far"])
        self.assertEqual(caches["shared"].get(route_key(self.start, self.line)),
                         ["near", "mid", "far"])  # fmt: skip
        # What the cache holds is what is shown: put another order there, it comes back.
        caches["shared"].set(route_key(self.start, self.line), ["far", "near", "mid"])
        self.assertEqual(self.keys(list(reversed(self.line))), ["far", "near", "mid"])

    def test_a_moved_stop_is_routed_anew(self) -> None:
        self.keys(self.line)
        caches["shared"].set(route_key(self.start, self.line), ["far", "mid", "near"])
        moved = [*self.line[:2], Stop("far", 39.84, 46.70)]
        self.assertEqual(self.keys(moved), ["near", "mid", "far"])
