"""The people of `stranded bench load`, as Locust users: phones, tracing officers, coordinators.

Run by `stranded bench load` as a process of its own (`python -m benchmarks._load_users IN OUT`):
Locust patches the standard library with gevent on import, which must come before Django.
"""

from __future__ import annotations

import html
import json
import random
import re
import sys
import time
from collections import deque
from datetime import UTC, datetime
from itertools import count
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import gevent
import locust  # patches the standard library with gevent: before Django is imported
from locust.env import Environment

OPENROSA = {"X-OpenRosa-Version": "1.0"}
RESEND_ONE_IN = 5
PLAN_WAIT_S = 120
NEEDS = ["medical_care", "medicines", "food", "drinking_water", "gas_heating", "shelter"]
SPECIES = ["dog", "cat", "chickens", "cow"]
OUTCOMES = ["persons_present"] * 5 + ["empty"] * 2 + ["no_answer"] * 2 + ["damaged"]


class Run:
    """The accounts handed out to the users, and what the users sent (compared with what was
    stored at the end)."""

    host = ""
    password = ""
    destination: str | None = None
    persons: list[dict[str, Any]] = []
    phones: deque[dict[str, Any]] = deque()
    tracers: deque[str] = deque()
    coordinators: deque[str] = deque()
    seeds = count(1)
    stopping = False
    instance_ids: set[str] = set()
    outboxes: list[deque[tuple[str, bytes]]] = []
    inquiries_sent = 0
    plans_published = 0


def visit_values(rng: random.Random, areas: list[str]) -> dict[str, Any]:
    outcome = rng.choice(OUTCOMES)
    values: dict[str, Any] = {
        "visited_at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.000+00:00"),
        "area": rng.choice(areas),
        "address": f"Load street {rng.randint(1, 400)}",
        "outcome": outcome,
        "electricity": rng.choice(["working", "not_working", "unknown"]),
        "water": rng.choice(["working", "not_working"]),
        "gas": "unknown",
    }
    if outcome == "persons_present":
        values["persons"] = [
            person_entry(rng, rng.choice(Run.persons)) for _ in range(rng.randint(1, 3))
        ]
    if rng.random() < 0.5:
        values["needs"] = [
            {"kind": kind, "urgency": rng.choice(["medium", "high"])}
            for kind in rng.sample(NEEDS, rng.randint(1, 2))
        ]
    if rng.random() < 0.3:
        values["animals"] = [
            {"species": rng.choice(SPECIES), "count": rng.randint(1, 4), "needs": ["food", "water"]}
        ]
    return values


def person_entry(rng: random.Random, known: dict[str, Any]) -> dict[str, Any]:
    entry = {
        "given_name": known["given_name"],
        "family_name": known["family_name"],
        "sex": known["sex"] or "unknown",
        "condition": rng.choice(["well", "needs_care"]),
    }
    if known["birth_year"]:
        entry["birth_year"] = known["birth_year"]
    if rng.random() < 0.3:
        entry.update(
            {
                "wants_to_leave": "yes",
                "consent_to_leave": "yes",
                "mobility": rng.choice(["seated", "seated", "wheelchair"]),
            }
        )
    return entry


class Phone(locust.HttpUser):
    """A field phone (ODK Collect): the form once, then visits; a failed one stays in the
    outbox and is sent again; one in five is sent twice (the answer was lost on the way)."""

    wait_time = locust.between(5, 15)

    def on_start(self) -> None:
        account = Run.phones.popleft()
        self.client.auth = (account["username"], Run.password)
        self.areas: list[str] = account["areas"]
        self.rng = random.Random(next(Run.seeds))
        self.outbox: deque[tuple[str, bytes]] = deque()
        Run.outboxes.append(self.outbox)
        self.xform = ""

    def fetch_form(self) -> None:
        listing = self.client.get("/openrosa/formList", headers=OPENROSA, name="openrosa formList")
        found = re.search(r"<downloadUrl>([^<]+)</downloadUrl>", listing.text)
        if found:
            path = urlsplit(html.unescape(found.group(1))).path
            form = self.client.get(path, headers=OPENROSA, name="openrosa form")
            if form.status_code == 200:
                self.xform = form.text

    @locust.task
    def submit(self) -> None:
        from tests.fieldwork import odk

        if not self.xform:
            self.fetch_form()
            return
        if not self.outbox and not Run.stopping:
            key = odk.new_id()
            xml = odk.instance(self.xform, visit_values(self.rng, self.areas), instance_id=key)
            self.outbox.append((key, xml))
        if self.outbox:
            key, xml = self.outbox[0]
            Run.instance_ids.add(key)
            created = self.send(xml, "openrosa submission") == 201
            if created and self.rng.randrange(RESEND_ONE_IN) == 0:
                self.send(xml, "openrosa resend", expect=202)

    def send(self, xml: bytes, name: str, expect: int | None = None) -> int:
        files = {"xml_submission_file": ("submission.xml", xml, "text/xml")}
        with self.client.post(
            "/openrosa/submission", files=files, headers=OPENROSA, name=name, catch_response=True
        ) as response:
            status = int(response.status_code)
            if status in (201, 202) and (expect is None or status == expect):
                if self.outbox and self.outbox[0][1] == xml:
                    self.outbox.popleft()
                response.success()
            else:
                response.failure(f"HTTP {status}")  # stays on the phone, sent again
        return status


class Browser(locust.HttpUser):
    abstract = True

    def log_in(self, username: str) -> None:
        page = self.client.get("/login/", name="login page")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        self.client.post(
            "/login/",
            name="login",
            allow_redirects=False,
            data={
                "username": username,
                "password": Run.password,
                "csrfmiddlewaretoken": token.group(1) if token else "",
            },
        )

    def post_json(self, url: str, payload: dict[str, Any], name: str, **kw: Any) -> Any:
        headers = {"X-CSRFToken": self.client.cookies.get("csrftoken", "")}
        return self.client.post(url, json=payload, headers=headers, name=name, **kw)


class Tracer(Browser):
    """A tracing officer on the phone with a family: saves the inquiry, reads the candidates,
    confirms a likely match."""

    wait_time = locust.between(3, 8)

    def on_start(self) -> None:
        self.rng = random.Random(next(Run.seeds))
        self.log_in(Run.tracers.popleft())

    @locust.task
    def inquiry(self) -> None:
        if Run.stopping:
            return
        known = self.rng.choice(Run.persons)
        payload = {
            "inquirer_name": "Load caller",
            "inquirer_relation": "daughter",
            "channel": "phone",
            "given_name": known["given_name"],
            "family_name": known["family_name"],
            "father_name": known["father_name"],
            "sex": known["sex"],
            "birth": str(known["birth_year"] or ""),
            "consent_tracing": True,
        }
        Run.inquiries_sent += 1
        saved = self.post_json("/api/tracing/inquiries", payload, "inquiry save")
        if saved.status_code != 201:
            return
        inquiry = saved.json()["id"]
        detail = self.client.get(f"/api/tracing/inquiries/{inquiry}", name="inquiry candidates")
        if detail.status_code != 200:
            return
        likely = [
            m
            for m in detail.json()["matches"]
            if m["band"] == "likely" and m["decision"] == "pending"
        ]
        if likely:
            with self.post_json(
                f"/api/tracing/matches/{likely[0]['id']}/confirm",
                {},
                "match confirm",
                catch_response=True,
            ) as response:
                if response.status_code in (200, 409):  # 409: a colleague decided first
                    response.success()


class Coordinator(Browser):
    """Opens the sweeps map; now and then starts a plan, waits for it and publishes it."""

    wait_time = locust.between(5, 15)

    def on_start(self) -> None:
        self.rounds = 0
        self.log_in(Run.coordinators.popleft())

    @locust.task
    def work(self) -> None:
        """A plan first, then the map twice, and again."""
        self.rounds += 1
        if self.rounds % 3 == 1:
            self.plan()
        else:
            self.sweeps_map()

    def sweeps_map(self) -> None:
        self.client.get("/sweeps/", name="sweeps map")
        self.client.get("/sweeps/areas.geojson", name="sweeps areas.geojson")

    def plan(self) -> None:
        if Run.stopping or not Run.destination:
            return
        payload = {"destination": Run.destination, "seconds": 2}
        started = self.post_json("/api/evacuation/plans", payload, "plan start")
        if started.status_code != 202:
            return
        plan = started.json()["id"]
        deadline = time.monotonic() + PLAN_WAIT_S
        status = "queued"
        while status in ("queued", "running") and time.monotonic() < deadline:
            gevent.sleep(2)
            polled = self.client.get(f"/api/evacuation/plans/{plan}", name="plan status")
            status = polled.json()["status"] if polled.status_code == 200 else status
        if status == "done":
            published = self.post_json(f"/api/evacuation/plans/{plan}/publish", {}, "plan publish")
            Run.plans_published += published.status_code == 200


def run(given: dict[str, Any]) -> dict[str, Any]:
    setup, options = given["setup"], given["options"]
    Run.host, Run.password, Run.destination = given["host"], given["password"], setup["destination"]
    Run.persons = setup["persons"]
    Run.phones, Run.tracers = deque(setup["phones"]), deque(setup["tracers"])
    Run.coordinators = deque(setup["coordinators"])
    Phone.fixed_count = options["phones"]
    Tracer.fixed_count = options["tracers"]
    Coordinator.fixed_count = options["coordinators"]
    env = Environment(user_classes=[Phone, Tracer, Coordinator], host=Run.host, stop_timeout=30)
    runner = env.create_local_runner()
    users = options["phones"] + options["tracers"] + options["coordinators"]
    runner.start(users, spawn_rate=max(1.0, users / 10))
    gevent.sleep(options["minutes"] * 60)
    Run.stopping = True  # no new work; phones send what is still in their outbox
    drain_deadline = time.monotonic() + 30
    while any(Run.outboxes) and time.monotonic() < drain_deadline:
        gevent.sleep(1)
    runner.quit()
    return summary(env)


def summary(env: Environment) -> dict[str, Any]:
    kinds = {}
    for (name, _method), entry in env.stats.entries.items():
        kinds[name] = {
            "requests": entry.num_requests,
            "failures": entry.num_failures,
            "p50_ms": entry.get_response_time_percentile(0.5) or 0,
            "p95_ms": entry.get_response_time_percentile(0.95) or 0,
        }
    errors: dict[str, int] = {}
    for error in env.stats.errors.values():
        kind = f"{error.name}: {error.error}"
        errors[kind] = errors.get(kind, 0) + error.occurrences
    return {
        "requests": env.stats.total.num_requests,
        "errors": errors,
        "p95_ms": {name: row["p95_ms"] for name, row in kinds.items()},
        "p50_ms": {name: row["p50_ms"] for name, row in kinds.items()},
        "kinds": kinds,
        "submissions_sent": len(Run.instance_ids),
        "left_on_phones": sum(len(box) for box in Run.outboxes),
        "instance_ids": sorted(Run.instance_ids),
        "inquiries_sent": Run.inquiries_sent,
        "plans_published": Run.plans_published,
    }


if __name__ == "__main__":
    import django

    django.setup()  # the XForm filler reads the form's vocabularies from the apps
    result = run(json.loads(Path(sys.argv[1]).read_text(encoding="utf-8")))
    Path(sys.argv[2]).write_text(json.dumps(result), encoding="utf-8")
