"""Parameter sweeps: designs, seeded runs, streamed results, resume.

A design of points gets one seeded run per point and replication; results stream to a
Parquet dataset as they finish, and a sweep resumes after any interruption.

Layout of an output folder DIR:

- `DIR/manifest.json`: the spec, the root seed, versions, start and end times;
- `DIR/runs/part-*.parquet`: one file per finished batch of runs, written to a temporary
  name and renamed, so a file is either complete or absent; `pandas.read_parquet(DIR/"runs")`
  loads every run: `run_id`, `point`, `replication`, `seed`, the parameter values, the
  outcomes and any chosen weekly series.

Running the same sweep again on DIR runs only the run ids not yet in `DIR/runs`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import json
import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from SALib.sample import latin, morris, sobol

from config.parameters import parameter_info
from config.scenarios import ScenarioError, shipped_scenario
from config.sweeps import SweepSpec
from model.runner import run_summary, versions

RUNS = "runs"
MANIFEST = "manifest.json"


@dataclass(frozen=True)
class Run:
    """One run of a sweep: its id, design point, replication, seed and parameter values."""

    run_id: int
    point: int
    replication: int
    seed: int
    values: dict[str, float]


def problem(spec: SweepSpec) -> dict[str, Any]:
    """The SALib problem: names and bounds of the varied parameters, in spec order."""
    names = list(spec.parameters)
    return {
        "num_vars": len(names),
        "names": names,
        "bounds": [[spec.parameters[n].low, spec.parameters[n].high] for n in names],
    }


def design_points(spec: SweepSpec) -> np.ndarray:
    """The design: one row per point, one column per varied parameter (SALib samplers)."""
    if spec.design == "full_factorial":
        levels = [spec.parameters[name].values() for name in spec.parameters]
        return np.array(list(itertools.product(*levels)), dtype=float)
    sampler = {
        "latin_hypercube": lambda p: latin.sample(p, spec.samples, seed=spec.seed),
        "sobol": lambda p: sobol.sample(p, spec.samples, calc_second_order=True, seed=spec.seed),
        "morris": lambda p: morris.sample(p, spec.samples, seed=spec.seed),
    }[spec.design]
    return np.asarray(sampler(problem(spec)), dtype=float)


def run_seed(root: int, index: int) -> int:
    """The seed of child `index` of the root seed: numpy's SeedSequence(root).spawn(n)[index].

    Computed on its own, so that a sweep never holds all its seeds in memory.
    """
    return int(np.random.SeedSequence(root, spawn_key=(index,)).generate_state(1)[0])


def count_runs(spec: SweepSpec) -> int:
    """How many runs the sweep has: design points times replications."""
    return len(design_points(spec)) * spec.replications


def iter_runs(spec: SweepSpec) -> Iterator[Run]:
    """Every run of the sweep in run-id order, made one at a time (memory stays flat).

    Each run's seed is spawned from the root seed (numpy SeedSequence); with `common_seeds`,
    replication r uses the same seed at every design point.
    """
    points = design_points(spec)
    integers = {info.name for info in parameter_info() if info.type is int}
    names = list(spec.parameters)
    for point, row in enumerate(points):
        values = {
            name: round(value) if name in integers else float(value)
            for name, value in zip(names, row, strict=True)
        }
        for replication in range(spec.replications):
            run_id = point * spec.replications + replication
            seed = run_seed(spec.seed, replication if spec.common_seeds else run_id)
            yield Run(run_id, point, replication, seed, values)


def plan(spec: SweepSpec) -> list[Run]:
    """Every run of the sweep, as a list (for small sweeps and tests)."""
    return list(iter_runs(spec))


def run_batch(spec_json: str, batch: list[Run]) -> pd.DataFrame:
    """Run a batch of runs in a worker and return their rows (picklable for any engine)."""
    spec = SweepSpec.model_validate_json(spec_json)
    base = shipped_scenario(spec.scenario)
    rows = []
    for run in batch:
        scenario = base.with_overrides(run.values, where=f"run {run.run_id}")
        row: dict[str, Any] = {
            "run_id": run.run_id,
            "point": run.point,
            "replication": run.replication,
            "seed": run.seed,
            **run.values,
        }
        row.update(run_summary(scenario, run.seed, spec.outcomes, spec.series))
        rows.append(row)
    return pd.DataFrame(rows)


def spec_fingerprint(spec: SweepSpec) -> str:
    """A short hash that identifies what a sweep computes (not how it is run)."""
    defining = spec.model_dump(mode="json", exclude={"batch_size"})
    return hashlib.sha256(json.dumps(defining, sort_keys=True).encode()).hexdigest()[:16]


def completed_run_ids(out: Path) -> set[int]:
    """Run ids already written to DIR/runs (complete files only)."""
    folder = out / RUNS
    if not folder.is_dir():
        return set()
    done: set[int] = set()
    for part in folder.glob("part-*.parquet"):
        done.update(pd.read_parquet(part, columns=["run_id"])["run_id"].tolist())
    return done


def write_part(out: Path, rows: pd.DataFrame) -> Path:
    """Write a batch's rows atomically: to a temporary file, then renamed into place."""
    folder = out / RUNS
    folder.mkdir(parents=True, exist_ok=True)
    first, last = int(rows["run_id"].min()), int(rows["run_id"].max())
    path = folder / f"part-{first:08d}-{last:08d}.parquet"
    temporary = path.with_suffix(f".tmp{os.getpid()}")
    rows.to_parquet(temporary, index=False)
    os.replace(temporary, path)
    return path


def open_manifest(out: Path, spec: SweepSpec, total: int) -> dict[str, Any]:
    """Start or resume DIR: a new manifest, or the existing one if it is the same sweep.

    Raises:
        ScenarioError: DIR holds a different sweep.
    """
    path = out / MANIFEST
    fingerprint = spec_fingerprint(spec)
    if path.is_file():
        manifest = json.loads(path.read_text(encoding="utf-8"))
        if manifest.get("fingerprint") != fingerprint:
            raise ScenarioError(
                f"{out} holds a different sweep ({manifest.get('spec', {}).get('name')!r}); "
                "choose another --out folder"
            )
        return manifest
    out.mkdir(parents=True, exist_ok=True)
    for stale in (out / RUNS).glob("*.tmp*") if (out / RUNS).is_dir() else []:
        stale.unlink()
    manifest = {
        "spec": spec.model_dump(mode="json"),
        "fingerprint": fingerprint,
        "root_seed": spec.seed,
        "runs": total,
        "versions": versions(),
        "started": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "finished": None,
    }
    path.write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    return manifest


def batches(runs: Iterable[Run], size: int) -> Iterator[list[Run]]:
    """Runs in batches of `size`, so that process overhead does not dominate."""
    iterator = iter(runs)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


def run_local(
    spec: SweepSpec,
    todo: Iterable[Run],
    workers: int,
    on_rows: Callable[[pd.DataFrame], None],
) -> None:
    """Run batches on a local process pool, keeping at most 2 x workers batches in flight."""
    spec_json = spec.model_dump_json()
    pending = batches(todo, spec.batch_size)
    with ProcessPoolExecutor(max_workers=workers) as pool:
        in_flight: set[Future] = set()
        try:
            while True:
                while len(in_flight) < 2 * workers:
                    batch = next(pending, None)
                    if batch is None:
                        break
                    in_flight.add(pool.submit(run_batch, spec_json, batch))
                if not in_flight:
                    return
                done, in_flight = wait(in_flight, return_when=FIRST_COMPLETED)
                for future in done:
                    on_rows(future.result())
        except BaseException:
            for future in in_flight:
                future.cancel()
            pool.shutdown(wait=False, cancel_futures=True)
            raise


def run_dask(
    spec: SweepSpec,
    todo: Iterable[Run],
    scheduler: str,
    on_rows: Callable[[pd.DataFrame], None],
) -> None:
    """Run batches on a Dask distributed cluster (its workers need this package installed)."""
    from dask.distributed import Client, as_completed

    spec_json = spec.model_dump_json()
    with Client(scheduler, timeout="30s") as client:
        futures = [
            client.submit(run_batch, spec_json, batch, pure=False)
            for batch in batches(todo, spec.batch_size)
        ]
        try:
            for future in as_completed(futures):
                on_rows(future.result())
        except BaseException:
            client.cancel(futures)
            raise


def finish_manifest(out: Path) -> None:
    """Record the end time once every run is in."""
    path = out / MANIFEST
    manifest = json.loads(path.read_text(encoding="utf-8"))
    manifest["finished"] = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    path.write_text(json.dumps(manifest, indent=2), encoding="utf-8")


def load_runs(out: Path) -> pd.DataFrame:
    """Every finished run of the sweep in DIR, in run-id order."""
    return pd.read_parquet(out / RUNS).sort_values("run_id", ignore_index=True)
