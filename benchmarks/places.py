"""`stranded bench places`: resolution accuracy and speed on the full gazetteer.

Accuracy, leave-one-out: for a sample of places, each alternate name the sources give is taken
out of the index and queried; the answer is right when the place it names comes first (within
2 km, as the issue counts). Typo variants: one and two random edits of names still in the
index. Speed: median and p95 per query over all queries, on the full gazetteer, with the memory
the index holds.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
import tracemalloc
from dataclasses import replace

from stranded.lib.fold import fold
from stranded.lib.geo import great_circle_km
from stranded.places.importers import script_of
from stranded.places.models import Place
from stranded.places.resolver import PlaceEntry, Resolver
from stranded.places.search import place_entries

FOCUS = (39.8155, 46.7519)


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="stranded bench places")
    parser.add_argument("--places", type=int, default=150, help="places sampled for accuracy")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    if not Place.objects.exists():
        from stranded.places.actions import import_gazetteer

        import_gazetteer()
    entries = list(place_entries())
    rng = random.Random(args.seed)
    tracemalloc.start()
    started = time.perf_counter()
    full = Resolver.build(entries)
    build_s = time.perf_counter() - started
    memory_mb = tracemalloc.get_traced_memory()[0] / 1e6
    tracemalloc.stop()
    print(f"gazetteer: {len(entries)} places, {sum(len(e.names) for e in entries)} names")
    print(f"index build: {build_s:.2f} s, {memory_mb:.1f} MB held by the index")
    sample = rng.sample(entries, min(args.places, len(entries)))
    leave_one_out(entries, sample, rng)
    typos(full, entries, sample, rng)
    speed(full, entries, rng)


def is_right(found: list, target: PlaceEntry, by_id: dict[str, PlaceEntry]) -> bool:
    if not found:
        return False
    first = by_id[found[0].id]
    return great_circle_km((first.lat, first.lon), (target.lat, target.lon)) <= 2.0


def leave_one_out(entries: list[PlaceEntry], sample: list[PlaceEntry], rng: random.Random) -> None:
    """Each variant is queried against an index that does not hold it."""
    by_id = {e.id: e for e in entries}
    right = total = 0
    per_script: dict[str, list[int]] = {}
    for target in sample:
        variants = distinct_variants(target)
        if len(variants) < 2:
            continue
        for variant in rng.sample(variants, min(3, len(variants))):
            kept = tuple(n for n in target.names if fold(n) != fold(variant))
            others = [e for e in entries if e.id != target.id]
            resolver = Resolver.build([*others, replace(target, names=kept)])
            total += 1
            ok = is_right(resolver.resolve(variant, near=FOCUS), target, by_id)
            right += ok
            tally = per_script.setdefault(script_of(variant) or "other", [0, 0])
            tally[0] += ok
            tally[1] += 1
    print(f"leave-one-out variants: top-1 {right}/{total} = {right / max(total, 1):.1%}")
    for script, (ok_count, count) in sorted(per_script.items(), key=lambda kv: -kv[1][1]):
        print(f"  {script:6} {ok_count}/{count} = {ok_count / count:.1%}")


def distinct_variants(entry: PlaceEntry) -> list[str]:
    seen: dict[str, str] = {}
    for name in entry.names:
        key = fold(name)
        if key and len(key) >= 3 and key not in seen:
            seen[key] = name
    return list(seen.values())


def typo(name: str, edits: int, rng: random.Random) -> str:
    letters = "abcdefghijklmnopqrstuvwxyz"
    text = list(fold(name))
    for _ in range(edits):
        position = rng.randrange(len(text))
        operation = rng.choice(("delete", "insert", "replace", "swap"))
        if operation == "delete" and len(text) > 3:
            del text[position]
        elif operation == "insert":
            text.insert(position, rng.choice(letters))
        elif operation == "swap" and position + 1 < len(text):
            text[position], text[position + 1] = text[position + 1], text[position]
        else:
            text[position] = rng.choice(letters)
    return "".join(text)


def typos(
    resolver: Resolver, entries: list[PlaceEntry], sample: list[PlaceEntry], rng: random.Random
) -> None:
    by_id = {e.id: e for e in entries}
    for edits in (1, 2):
        right = total = 0
        for target in sample:
            name = target.names[0]
            if len(fold(name)) < 6:
                continue
            total += 1
            right += is_right(resolver.resolve(typo(name, edits, rng), near=FOCUS), target, by_id)
        print(
            f"typos, {edits} edit(s) of the main name: "
            f"top-1 {right}/{total} = {right / max(total, 1):.1%}"
        )


def speed(resolver: Resolver, entries: list[PlaceEntry], rng: random.Random) -> None:
    queries = [rng.choice(e.names) for e in rng.choices(entries, k=1500)]
    queries += [typo(q, 1, rng) for q in queries[:500]]
    times = []
    for query in queries:
        started = time.perf_counter()
        resolver.resolve(query, near=FOCUS)
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    p95 = times[int(len(times) * 0.95)]
    print(
        f"query time over {len(times)} queries (exact and misspelt): median "
        f"{statistics.median(times):.2f} ms, p95 {p95:.2f} ms (target: p95 under 5 ms)"
    )
