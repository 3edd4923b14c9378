"""Makespan local search: take work off the vehicle that finishes last.

A vehicle never waits (`schedule`), so its last arrival is the sum of its trips' drives, its
boarding and its unloadings; the makespan is the largest such sum. Each step looks at the
vehicle that finishes last and applies the move that lowers it most while the receiving
vehicle still finishes sooner than it did:
- a part moved into another vehicle's trip (at its cheapest place) or onto a new trip at the
  end of another vehicle's day;
- a part exchanged with a part of another vehicle, each taking the other's place;
- a whole trip moved to the end of another vehicle's day.
Capacities (seats, wheelchair places, stretchers) are checked on every trip. The moves are
evaluated for all candidates at once with numpy, a few milliseconds a step for 5,000 persons.
When no move helps, a kick moves a few random parts and the search goes on from the best plan
if the kick led nowhere (an iterated local search). PyVRP's search minimises total time under
a latest end; this one minimises the latest end directly, so the two are used together.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable

import numpy as np

from stranded.evacuation.planner.problem import (
    BASE,
    DESTINATION,
    Part,
    Problem,
    RoutePlan,
    schedule,
    unserved,
)


class _State:
    def __init__(self, problem: Problem, plan: RoutePlan) -> None:
        self.problem = problem
        parts = problem.parts
        self.s = np.asarray(problem.seconds, dtype=np.int64)
        self.idx = np.array([p.index for p in parts], dtype=np.int64)
        self.load = np.array([p.load for p in parts], dtype=np.int64)
        self.board = np.array([problem.board(p) for p in parts], dtype=np.int64)
        self.unload = problem.unload
        vehicles = problem.scenario.vehicles
        self.names = [v.id for v in vehicles]
        self.cap = np.array([v.capacity for v in vehicles], dtype=np.int64)
        number = {v.id: n for n, v in enumerate(vehicles)}
        free: dict[tuple[str, tuple[int, int, int]], list[int]] = {}
        for k, part in enumerate(parts):
            free.setdefault((part.group.id, part.load), []).append(k)
        self.trips: list[list[list[int]]] = [[] for _ in vehicles]
        for trip in sorted(plan.trips, key=lambda t: t.depart):
            self.trips[number[trip.vehicle]].append(
                [free[(stop.group, stop.load)].pop(0) for stop in trip.stops]
            )
        self.end = np.array([self.vehicle_end(v) for v in range(len(vehicles))], dtype=np.int64)

    def trip_time(self, origin: int, trip: list[int]) -> int:
        s, idx = self.s, self.idx
        points = [origin, *idx[trip].tolist(), DESTINATION]
        drive = int(s[points[:-1], points[1:]].sum())
        return drive + int(self.board[trip].sum())

    def vehicle_end(self, v: int, trips: list[list[int]] | None = None) -> int:
        trips = [t for t in (self.trips[v] if trips is None else trips) if t]
        if not trips:
            return 0
        total = sum(self.trip_time(BASE if n == 0 else DESTINATION, t) for n, t in enumerate(trips))
        return total + self.unload * (len(trips) - 1)

    def index(self) -> None:
        """Per part and per insertion slot: where it is, its neighbours, its trip's load.
        Built on whole arrays (it runs at every step)."""
        count = len(self.idx)
        table = [
            (v, n) for v, trips in enumerate(self.trips) for n, trip in enumerate(trips) if trip
        ]
        self.trip_table = table
        lengths = np.array([len(self.trips[v][n]) for v, n in table], dtype=np.int64)
        flat = np.array([k for v, n in table for k in self.trips[v][n]], dtype=np.int64)
        trip_of = np.repeat(np.arange(len(table)), lengths)
        vehicle = np.array([v for v, _ in table], dtype=np.int64)
        origin = np.array([BASE if n == 0 else DESTINATION for _, n in table], dtype=np.int64)
        starts = np.cumsum(lengths) - lengths
        self.owner = np.full(count, -1, dtype=np.int64)
        self.trip_id = np.full(count, -1, dtype=np.int64)
        self.alone = np.zeros(count, dtype=bool)
        self.prev = np.zeros(count, dtype=np.int64)
        self.next = np.zeros(count, dtype=np.int64)
        self.trip_load = np.zeros((count, 3), dtype=np.int64)
        if len(table) == 0:
            totals = np.zeros((0, 3), dtype=np.int64)
        else:
            totals = np.add.reduceat(self.load[flat], starts, axis=0)
        self.owner[flat] = vehicle[trip_of]
        self.trip_id[flat] = trip_of
        self.alone[flat] = lengths[trip_of] == 1
        self.trip_load[flat] = totals[trip_of]
        # each trip's points: origin, its pickups, the destination
        span = lengths + 2
        begin = np.cumsum(span) - span
        points = np.full(int(span.sum()), DESTINATION, dtype=np.int64)
        points[begin] = origin
        inner = np.repeat(begin + 1 - starts, lengths) + np.arange(len(flat))
        points[inner] = self.idx[flat]
        self.prev[flat] = points[inner - 1]
        self.next[flat] = points[inner + 1]
        last = begin + span - 1
        pair = np.ones(len(points), dtype=bool)
        pair[last] = False  # no slot from one trip's destination into the next trip
        first = np.flatnonzero(pair)
        self.slot_a, self.slot_b = points[first], points[first + 1]
        self.slot_t = np.repeat(np.arange(len(table)), lengths + 1)
        self.slot_pos = first - np.repeat(begin, lengths + 1)
        self.slot_v = vehicle[self.slot_t]
        self.slot_load = totals[self.slot_t]
        self.slot_room = self.cap[self.slot_v] - self.slot_load
        self.slot_cost = self.s[self.slot_a, self.slot_b]

    def slot_of(self, slot: int) -> tuple[int, int, int]:
        """(vehicle, trip number in its day, position in the trip) of an insertion slot."""
        v, n = self.trip_table[int(self.slot_t[slot])]
        return v, n, int(self.slot_pos[slot])

    def plan(self) -> RoutePlan:
        parts: list[Part] = self.problem.parts
        trips = []
        for v, name in enumerate(self.names):
            chosen = [[parts[k] for k in trip] for trip in self.trips[v] if trip]
            trips += schedule(self.problem, name, chosen)
        return RoutePlan(trips, unserved(self.problem.scenario, trips), method="balanced")


def _places(state: _State, k: int, *, avoid: int = -1) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Where part k could be inserted (trips with room, not of vehicle `avoid`): the slots,
    the time each adds to its vehicle, and that vehicle's end after."""
    fits = np.all(state.slot_room >= state.load[k], axis=1)
    if avoid >= 0:
        fits &= state.slot_v != avoid
    slots = np.flatnonzero(fits)
    added = (
        state.s[state.slot_a[slots], state.idx[k]]
        + state.s[state.idx[k], state.slot_b[slots]]
        - state.slot_cost[slots]
        + state.board[k]
    )
    return slots, added, state.end[state.slot_v[slots]] + added


def _new_trips(state: _State, k: int) -> tuple[np.ndarray, np.ndarray]:
    """The vehicles that can carry part k on a trip of its own at the end of their day, and
    the time that trip adds (from the base for a vehicle not yet used)."""
    s, idx = state.s, state.idx
    able = np.flatnonzero(np.all(state.cap >= state.load[k], axis=1))
    extra = (
        np.where(
            state.end[able] == 0,
            s[BASE, idx[k]] + s[idx[k], DESTINATION],
            state.unload + s[DESTINATION, idx[k]] + s[idx[k], DESTINATION],
        )
        + state.board[k]
    )
    return able, extra


def _place(state: _State, k: int, kind: str, where: int) -> None:
    """Put part k into insertion slot `where`, or ("new") on a new trip of vehicle `where`."""
    if kind == "insert":
        v, n, position = state.slot_of(where)
        state.trips[v][n].insert(position, k)
    else:
        v = where
        state.trips[v].append([k])
    state.end[v] = state.vehicle_end(v)


def improve(
    problem: Problem,
    plan: RoutePlan,
    *,
    seconds: float,
    seed: int = 1,
    on_best: Callable[[int], None] | None = None,
) -> RoutePlan:
    """The plan with its last vehicle's work moved to others, for about `seconds`; the plan
    itself if it leaves anyone out (this search only rebalances a complete plan)."""
    if plan.unserved or not plan.trips:
        return plan
    started = time.perf_counter()
    rng = random.Random(seed)
    state = _State(problem, plan)
    best_trips = [[list(t) for t in trips] for trips in state.trips]
    best_end = int(state.end.max())
    tidied = 0
    while time.perf_counter() - started < seconds:
        state.index()
        if _step(state):
            continue
        if tidied < TIDY_PASSES:
            tidied += 1
            state.index()
            if _tidy(state):
                continue
        tidied = 0
        # a local optimum: keep it if no worse than the best, else go back to the best
        if int(state.end.max()) <= best_end:
            if on_best is not None and int(state.end.max()) < best_end:
                on_best(int(state.end.max()))
            best_end = int(state.end.max())
            best_trips = [[list(t) for t in trips] for trips in state.trips]
        else:
            state.trips = [[list(t) for t in trips] for trips in best_trips]
            state.end = np.array([state.vehicle_end(v) for v in range(len(state.trips))])
            state.index()
        if rng.random() < RUIN_SHARE:
            _ruin(state, rng)
        else:
            _kick(state, rng)
    if int(state.end.max()) < best_end:
        best_trips = state.trips
    state.trips = best_trips
    result = state.plan()
    return result if result.makespan <= plan.makespan and not result.unserved else plan


def _best_part_move(
    state: _State, critical: int, mine: np.ndarray, without: np.ndarray
) -> tuple[int, tuple[str, int, int] | None]:
    """The best move of one of the critical vehicle's parts (rows) to another vehicle: into
    a trip, onto a new trip at the end of a day, or exchanged with another part, evaluated
    for all parts and places at once. Returns (the larger of the two vehicles' ends, move)."""
    s, idx, board, load = state.s, state.idx, state.board, state.load
    top = int(state.end[critical])
    best_value, best_move = top, None
    never = np.iinfo(np.int64).max
    # into a trip of another vehicle
    room = np.all(state.slot_room[None, :, :] >= load[mine][:, None, :], axis=2)
    room &= (state.slot_v != critical)[None, :]
    after = (
        state.end[state.slot_v][None, :]
        + s[state.slot_a[None, :], idx[mine][:, None]]
        + s[idx[mine][:, None], state.slot_b[None, :]]
        - state.slot_cost[None, :]
        + board[mine][:, None]
    )
    value = np.where(room, np.maximum(after, without[:, None]), never)
    if value.size:
        r, c = np.unravel_index(int(np.argmin(value)), value.shape)
        if value[r, c] < best_value:
            best_value, best_move = int(value[r, c]), ("insert", int(mine[r]), int(c))
    # onto a new trip at the end of another vehicle's day
    able = np.all(state.cap[None, :, :] >= load[mine][:, None, :], axis=2)
    able[:, critical] = False
    fresh = (state.end == 0)[None, :]
    extra = (
        np.where(
            fresh,
            (s[BASE, idx[mine]] + s[idx[mine], DESTINATION])[:, None],
            (state.unload + s[DESTINATION, idx[mine]] + s[idx[mine], DESTINATION])[:, None],
        )
        + board[mine][:, None]
    )
    value = np.where(able, np.maximum(state.end[None, :] + extra, without[:, None]), never)
    r, c = np.unravel_index(int(np.argmin(value)), value.shape)
    if value[r, c] < best_value:
        best_value, best_move = int(value[r, c]), ("new", int(mine[r]), int(c))
    # exchanged with a part of another vehicle, each in the other's place
    q = np.flatnonzero((state.owner != critical) & (state.owner >= 0))
    if len(q):
        there_room = (state.cap[state.owner[q]] - state.trip_load[q] + load[q])[None, :, :]
        here_room = (state.cap[critical] - state.trip_load[mine] + load[mine])[:, None, :]
        ok = np.all(there_room >= load[mine][:, None, :], axis=2)
        ok &= np.all(here_room >= load[q][None, :, :], axis=2)
        pm, nm, pq, nq = state.prev[mine], state.next[mine], state.prev[q], state.next[q]
        own_m = s[pm, idx[mine]] + s[idx[mine], nm] + board[mine]
        own_q = s[pq, idx[q]] + s[idx[q], nq] + board[q]
        here = (
            s[pm[:, None], idx[q][None, :]]
            + s[idx[q][None, :], nm[:, None]]
            + board[q][None, :]
            - own_m[:, None]
        )
        there = (
            s[pq[None, :], idx[mine][:, None]]
            + s[idx[mine][:, None], nq[None, :]]
            + board[mine][:, None]
            - own_q[None, :]
        )
        value = np.where(
            ok, np.maximum(top + here, state.end[state.owner[q]][None, :] + there), never
        )
        r, c = np.unravel_index(int(np.argmin(value)), value.shape)
        if value[r, c] < best_value:
            best_value, best_move = int(value[r, c]), ("swap", int(mine[r]), int(q[c]))
    return best_value, best_move


def _step(state: _State) -> bool:
    """Apply the best move off the vehicle that finishes last; False if none lowers it."""
    s, idx, board, load = state.s, state.idx, state.board, state.load
    critical = int(np.argmax(state.end))
    top = int(state.end[critical])
    mine = np.flatnonzero(state.owner == critical)
    if len(mine) == 0:
        return False
    # the critical vehicle's end without each of its parts (exact when the trip keeps others)
    removal = (
        s[state.prev[mine], idx[mine]]
        + s[idx[mine], state.next[mine]]
        - s[state.prev[mine], state.next[mine]]
        + board[mine]
    )
    without = top - removal
    alone = [k for k in mine.tolist() if _trip_of(state, critical, k)[1] == [k]]
    for k in alone:  # the trip disappears: recompute the vehicle
        without[np.searchsorted(mine, k)] = state.vehicle_end(
            critical, [[x for x in t if x != k] for t in state.trips[critical]]
        )
    best_value, best_move = top, None
    useful = without < top  # parts whose leaving lowers the critical vehicle's end
    mine, without = mine[useful], without[useful]
    if len(mine):
        best_value, best_move = _best_part_move(state, critical, mine, without)
    # a whole trip onto the end of another vehicle's day
    day = state.trips[critical]
    for n, trip in enumerate(day):
        if not trip:
            continue
        rest = state.vehicle_end(critical, day[:n] + day[n + 1 :])
        if rest >= best_value:
            continue
        total = load[trip].sum(axis=0)
        able = np.all(state.cap >= total, axis=1)
        able[critical] = False
        for v in np.flatnonzero(able).tolist():
            after = state.end[v] + (
                state.unload + state.trip_time(DESTINATION, trip)
                if state.end[v]
                else state.trip_time(BASE, trip)
            )
            value = max(int(after), rest)
            if value < best_value:
                best_value, best_move = value, ("trip", n, v)
    if best_move is None:
        return False
    _apply(state, critical, best_move)
    return True


RUIN_SHARE = 0.5  # of the kicks: ruin and recreate; the others move a few random parts
TIDY_CELLS = 1_000_000  # parts x slots evaluated at once; larger cases go in chunks
TIDY_PARTS = 300  # per pass, the parts with the longest detours
TIDY_PASSES = 3  # per descent: small savings add up slowly
TIDY_GAIN = 5  # seconds: a saving worth a move
PUT_BACK_ROUNDS = 3


def _tidy(state: _State) -> bool:
    """Shorten the day's driving without delaying the last vehicle: each part moved to the
    place that saves most driving (in another trip of any vehicle, or elsewhere in its own
    trip), as long as no vehicle then ends later than the last one does now. Moves of one pass
    touch different vehicles, so each saving is exact. The time freed lets the next steps
    take work off the vehicle that finishes last. False if nothing was saved."""
    s, idx, board, load = state.s, state.idx, state.board, state.load
    top = int(state.end.max())
    parts = np.flatnonzero((state.owner >= 0) & ~state.alone)
    if len(parts) == 0 or len(state.slot_a) == 0:
        return False
    detour = (
        s[state.prev[parts], idx[parts]]
        + s[idx[parts], state.next[parts]]
        - s[state.prev[parts], state.next[parts]]
    )
    if len(parts) > TIDY_PARTS:  # the parts that cost their trips the longest detours
        keep = np.argsort(-detour)[:TIDY_PARTS]
        parts, detour = parts[keep], detour[keep]
    saved = detour + board[parts]
    rows = max(1, TIDY_CELLS // len(state.slot_a))
    best_gain = np.zeros(len(parts), dtype=np.int64)
    best_slot = np.full(len(parts), -1, dtype=np.int64)
    for start in range(0, len(parts), rows):
        chunk = parts[start : start + rows]
        added = (
            s[idx[chunk][:, None], state.slot_b[None, :]]
            + s[state.slot_a[None, :], idx[chunk][:, None]]
            - state.slot_cost[None, :]
            + board[chunk][:, None]
        )
        same_trip = state.slot_t[None, :] == state.trip_id[chunk][:, None]
        same_vehicle = state.slot_v[None, :] == state.owner[chunk][:, None]
        room = np.all(state.slot_room[None, :, :] >= load[chunk][:, None, :], axis=2)
        # next to itself is no move; inside its own trip the load does not change
        beside = (state.slot_a[None, :] == state.prev[chunk][:, None]) | (
            state.slot_b[None, :] == state.next[chunk][:, None]
        )
        allowed = (room | same_trip) & ~(same_trip & beside)
        gain = saved[start : start + rows][:, None] - added
        end_after = state.end[state.slot_v][None, :] + added
        end_after = np.where(
            same_vehicle, end_after - saved[start : start + rows][:, None], end_after
        )
        allowed &= (gain >= TIDY_GAIN) & (end_after <= top)
        gain = np.where(allowed, gain, 0)
        choice = np.argmax(gain, axis=1)
        best_gain[start : start + rows] = gain[np.arange(len(chunk)), choice]
        best_slot[start : start + rows] = np.where(best_gain[start : start + rows] > 0, choice, -1)
    touched: set[int] = set()
    moved = False
    for position in np.argsort(-best_gain).tolist():
        if best_gain[position] <= 0:
            break
        k, slot = int(parts[position]), int(best_slot[position])
        source, target = int(state.owner[k]), int(state.slot_v[slot])
        if source in touched or target in touched:
            continue
        v, n, at = state.slot_of(slot)
        trip_now = _trip_of(state, source, k)[1]
        destination = state.trips[v][n]
        if destination is trip_now and trip_now.index(k) < at:
            at -= 1  # the part leaves its place before it is put back further on
        trip_now.remove(k)
        destination.insert(at, k)
        for vehicle in {source, target}:
            state.end[vehicle] = state.vehicle_end(vehicle)
        touched |= {source, target}
        moved = True
    return moved


def _trip_of(state: _State, v: int, k: int) -> tuple[int, list[int]]:
    for n, trip in enumerate(state.trips[v]):
        if k in trip:
            return n, trip
    raise KeyError(k)


def _apply(state: _State, critical: int, move: tuple[str, int, int]) -> None:
    kind, a, b = move
    touched = {critical}
    if kind == "trip":
        trip = state.trips[critical].pop(a)
        state.trips[b].append(trip)
        touched.add(b)
    elif kind == "insert":
        _trip_of(state, critical, a)[1].remove(a)
        v, n, position = state.slot_of(b)
        state.trips[v][n].insert(position, a)
        touched.add(v)
    elif kind == "new":
        _trip_of(state, critical, a)[1].remove(a)
        state.trips[b].append([a])
        touched.add(b)
    else:  # swap
        v = int(state.owner[b])
        here = _trip_of(state, critical, a)[1]
        there = _trip_of(state, v, b)[1]
        i, j = here.index(a), there.index(b)
        here[i], there[j] = b, a
        touched.add(v)
    for v in touched:
        state.trips[v] = [t for t in state.trips[v] if t]
        state.end[v] = state.vehicle_end(v)


def _kick(state: _State, rng: random.Random) -> None:
    """Move a few random parts of the last vehicles to the cheapest trip of another vehicle
    with room, even if that vehicle then ends later: the search goes on from there."""
    late = np.argsort(-state.end)[: max(2, len(state.end) // 10)].tolist()
    for _ in range(3):
        v = rng.choice(late)
        mine = np.flatnonzero(state.owner == v)
        if len(mine) == 0:
            continue
        k = int(rng.choice(mine.tolist()))
        slots, _, after = _places(state, k, avoid=v)
        if not len(slots):
            continue
        choice = int(slots[int(np.argmin(after))])
        _apply(state, v, ("insert", k, choice))
        state.index()


def _ruin(state: _State, rng: random.Random) -> None:
    """Ruin and recreate: take out the parts nearest a part of one of the last vehicles (a
    street, a village), then put each back where it adds least driving without making any
    vehicle end later than the last one did, else where it delays least; a part may also
    start a new trip at the end of a vehicle's day. Trips that mix far-apart places are
    taken apart this way, which single moves cannot do."""
    s, idx, load = state.s, state.idx, state.load
    top = int(state.end.max())
    late = np.argsort(-state.end)[: max(2, len(state.end) // 5)].tolist()
    centres = np.flatnonzero(np.isin(state.owner, late))
    if len(centres) == 0:
        return
    centre = int(rng.choice(centres.tolist()))
    placed = np.flatnonzero(state.owner >= 0)
    size = min(len(placed) - 1, rng.randint(4, max(5, min(40, len(placed) // 8))))
    if size < 1:
        return
    near = placed[np.argsort(s[idx[centre], idx[placed]] + s[idx[placed], idx[centre]])]
    taken = [int(k) for k in near[:size]]
    touched = {int(state.owner[k]) for k in taken}
    gone = set(taken)
    for v in touched:
        state.trips[v] = [[k for k in trip if k not in gone] for trip in state.trips[v]]
        state.trips[v] = [trip for trip in state.trips[v] if trip]
        state.end[v] = state.vehicle_end(v)
    rng.shuffle(taken)
    taken.sort(key=lambda k: -int(load[k][1:].sum()))  # scarce places first
    for k in taken:
        state.index()
        options: list[tuple[int, int, str, int]] = []  # (added, end after, kind, where)
        slots, added, after = _places(state, k)
        if len(slots):
            ok = after <= top
            pool = np.flatnonzero(ok) if ok.any() else np.arange(len(slots))
            pick = int(pool[np.argmin(added[pool] if ok.any() else after[pool])])
            options.append((int(added[pick]), int(after[pick]), "insert", int(slots[pick])))
        able, extra = _new_trips(state, k)
        if len(able):
            after = state.end[able] + extra
            pick = int(np.argmin(after))
            options.append((int(extra[pick]), int(after[pick]), "new", int(able[pick])))
        within = [o for o in options if o[1] <= top]
        _, _, kind, where = min(within) if within else min(options, key=lambda o: o[1])
        _place(state, k, kind, where)


def _put_back(
    state: _State, left_out: list[int], ranks: list[tuple[int, ...]], horizon: int
) -> None:
    """Parts left out go back, the highest ranked first, wherever they add least while every
    vehicle still ends within the window: into a trip with room, or on a new trip at the end
    of a vehicle's day. Between rounds the trips are shortened (without any vehicle ending
    later), which may make room for more."""
    waiting = sorted(left_out, key=lambda k: ranks[k], reverse=True)
    for _ in range(PUT_BACK_ROUNDS):
        placed = []
        for k in waiting:
            state.index()
            options: list[tuple[int, str, int]] = []  # (added, kind, where)
            slots, added, after = _places(state, k)
            ok = np.flatnonzero(after <= horizon)
            if len(ok):
                pick = int(ok[np.argmin(added[ok])])
                options.append((int(added[pick]), "insert", int(slots[pick])))
            able, extra = _new_trips(state, k)
            ok = np.flatnonzero(state.end[able] + extra <= horizon)
            if len(ok):
                pick = int(ok[np.argmin(extra[ok])])
                options.append((int(extra[pick]), "new", int(able[pick])))
            if not options:
                continue
            _, kind, where = min(options)
            _place(state, k, kind, where)
            placed.append(k)
        waiting = [k for k in waiting if k not in set(placed)]
        if not waiting:
            return
        tidied = False
        for _ in range(TIDY_PASSES):
            state.index()
            if not _tidy(state):
                break
            tidied = True
        if not placed and not tidied:
            return


def fit_window(
    problem: Problem,
    plan: RoutePlan,
    *,
    seconds: float,
    seed: int = 1,
    rank: Callable[[Part], tuple[int, ...]],
) -> RoutePlan:
    """Not everyone can be out in the window: a plan that ends within it, leaving out the
    lowest ranked first. From a plan for everyone (the hand plan), the search lowers the last
    vehicle's end; when it can lower it no more and the last vehicle still ends after the
    window, the lowest-ranked part of the vehicles ending late is left out (of equal rank,
    the one whose removal saves most) and the search goes on. At the end the parts left out
    are put back, the highest ranked first, wherever they still fit in the window."""
    if plan.unserved or not plan.trips:
        return plan
    started = time.perf_counter()
    state = _State(problem, plan)
    horizon = problem.horizon
    left_out: list[int] = []
    rng = random.Random(seed)
    ranks = [rank(part) for part in problem.parts]
    stuck = 0
    while int(state.end.max()) > horizon:
        state.index()
        if time.perf_counter() - started < seconds * 0.8 and _step(state):
            continue
        stuck += 1
        if stuck % 4 and time.perf_counter() - started < seconds * 0.8:
            _kick(state, rng)
            continue
        mine = np.flatnonzero(state.owner == int(np.argmax(state.end)))
        saving = (
            state.s[state.prev[mine], state.idx[mine]]
            + state.s[state.idx[mine], state.next[mine]]
            - state.s[state.prev[mine], state.next[mine]]
            + state.board[mine]
        )
        persons = state.load[mine].sum(axis=1)
        k = int(
            min(
                zip(mine.tolist(), (saving / persons).tolist(), strict=True),
                key=lambda pair: (ranks[pair[0]][:-1], -pair[1]),
            )[0]
        )
        v = int(state.owner[k])
        _trip_of(state, v, k)[1].remove(k)
        state.trips[v] = [t for t in state.trips[v] if t]
        state.end[v] = state.vehicle_end(v)
        left_out.append(k)
    _put_back(state, left_out, ranks, horizon)
    result = state.plan()
    result.method = "balanced within the window"
    return result
