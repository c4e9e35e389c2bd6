"""Parameter sweeps: designs, seeded runs, streamed results, resume.

A design of points gets one seeded run per point and replication; results stream to a
Parquet dataset as they finish, and a sweep resumes after any interruption.

Layout of an output folder DIR:

- `DIR/manifest.json`: the spec, the root seed, versions, start and end times;
- `DIR/runs/part-*.parquet`: one file per finished batch of runs, written to a hidden
  temporary name (`.part-*.tmp<pid>`, which Parquet readers skip) and renamed, so a file is
  either complete or absent; `pandas.read_parquet(DIR/"runs")` loads every run: `run_id`,
  `point`, `replication`, `seed`, the parameter values, the outcomes and any chosen weekly
  series.

Running the same sweep again on DIR runs only the run ids not yet in `DIR/runs`, after removing
the temporary files a killed sweep left behind. A manifest whose folder holds no runs yet
records nothing worth keeping: a failed start removes it, and any sweep may replace it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import itertools
import json
import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
import pyarrow as pa

import config
from config.parameters import parameter_info
from config.scenarios import ScenarioError, shipped_scenario
from experiments.runner import run_summary, versions
from experiments.sweep_spec import SweepSpec

if TYPE_CHECKING:
    from dask.distributed import Client

RUNS = "runs"
MANIFEST = "manifest.json"
SCHEDULER_TIMEOUT = "5s"  # an unreachable --scheduler fails within this
# Local workers start as fresh interpreters, not as forks of this process: it runs threads (a
# progress bar; numpy's thread pool from its import on), and a fork of a multi-threaded process
# can deadlock in the child (Python 3.12 warns about it).
WORKER_START = multiprocessing.get_context("spawn")


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
    # SALib (and scipy behind it) only here: the workers, which import this module to run
    # their batches, never draw a design and start quicker and smaller without it.
    from SALib.sample import latin, morris, sobol

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


def scenario_fingerprint(name: str) -> str:
    """A short hash of what a shipped scenario runs.

    Its parameters (defaults included), events and cast, the data files and the code of the
    model: runs made before any of them changed are not mixed with runs made after.
    """
    scenario = dataclasses.replace(shipped_scenario(name), source="")
    return hashlib.sha256((repr(scenario) + model_fingerprint()).encode()).hexdigest()[:16]


@cache
def model_fingerprint() -> str:
    """A hash of the simulation's code and data: model/, agents/, config/ and its data files."""
    root = Path(config.__file__).parent.parent
    digest = hashlib.sha256()
    for folder in ("model", "agents", "config"):
        for path in sorted((root / folder).rglob("*")):
            if path.is_file() and path.suffix in (".py", ".csv", ".toml", ".geojson"):
                digest.update(path.relative_to(root).as_posix().encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


def run_parts(out: Path) -> list[Path]:
    """The complete part files of DIR/runs, in name order (temporary files are not parts)."""
    folder = out / RUNS
    return sorted(folder.glob("part-*.parquet")) if folder.is_dir() else []


def read_part(part: Path, columns: list[str] | None = None) -> pd.DataFrame:
    """One part file, or ScenarioError naming it and saying how to redo its runs."""
    try:
        return pd.read_parquet(part, columns=columns)
    except (pa.ArrowException, OSError) as exc:
        raise ScenarioError(
            f"{part}: not a readable part of a sweep ({exc}); delete it and run the sweep "
            "again to redo its runs"
        ) from None


def completed_run_ids(out: Path) -> set[int]:
    """Run ids already written to DIR/runs (complete files only)."""
    done: set[int] = set()
    for part in run_parts(out):
        done.update(read_part(part, columns=["run_id"])["run_id"].tolist())
    return done


def write_part(out: Path, rows: pd.DataFrame) -> Path:
    """Write a batch's rows atomically: to a hidden temporary file, then renamed into place."""
    folder = out / RUNS
    folder.mkdir(parents=True, exist_ok=True)
    first, last = int(rows["run_id"].min()), int(rows["run_id"].max())
    path = folder / f"part-{first:08d}-{last:08d}.parquet"
    temporary = folder / f".{path.name}.tmp{os.getpid()}"
    rows.to_parquet(temporary, index=False)
    os.replace(temporary, path)
    return path


def remove_temporaries(out: Path) -> None:
    """Delete the temporary files of writes a killed sweep never finished."""
    folder = out / RUNS
    for stale in folder.glob("*.tmp*") if folder.is_dir() else []:
        stale.unlink()


def read_manifest(out: Path) -> dict[str, Any]:
    """DIR/manifest.json, or ScenarioError naming the folder and what is wrong with it."""
    path = out / MANIFEST
    if not path.is_file():
        raise ScenarioError(f"{out} is not a sweep folder (no {MANIFEST}); run `libya-abm sweep`")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError, OSError) as exc:
        raise ScenarioError(
            f"{path}: not a manifest written by `libya-abm sweep` ({exc})"
        ) from None
    if not isinstance(manifest, dict) or not isinstance(manifest.get("spec"), dict):
        raise ScenarioError(f"{path}: not a manifest written by `libya-abm sweep` (no spec)")
    return manifest


def write_manifest(out: Path, manifest: dict[str, Any]) -> None:
    """Write DIR/manifest.json atomically, so that a kill never leaves half a manifest."""
    temporary = out / f".{MANIFEST}.tmp{os.getpid()}"
    temporary.write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    os.replace(temporary, out / MANIFEST)


def spec_differences(stored: dict[str, Any], spec: SweepSpec) -> list[str]:
    """The settings in which a stored spec differs from `spec`, as 'key: old there, new here'."""
    new = spec.model_dump(mode="json", exclude={"batch_size"})
    differences = []
    for key, value in new.items():
        old = stored.get(key)
        if old != value:
            shown = f"{old!r} there, {value!r} here"
            differences.append(f"{key}: {shown}" if len(shown) <= 80 else f"{key} differs")
    return differences


def open_manifest(out: Path, spec: SweepSpec, total: int) -> dict[str, Any]:
    """Start or resume DIR: a new manifest, or the existing one if it is the same sweep.

    Temporary files left by a killed sweep are removed either way. A manifest without any
    finished runs is replaced.

    Raises:
        ScenarioError: DIR holds a different sweep's runs, or a broken manifest.
    """
    path = out / MANIFEST
    fingerprint = spec_fingerprint(spec)
    remove_temporaries(out)
    if run_parts(out) and not path.is_file():
        raise ScenarioError(
            f"{out / RUNS} holds runs of an unknown sweep (no {MANIFEST}); "
            "choose another --out folder"
        )
    if path.is_file() and run_parts(out):
        manifest = read_manifest(out)
        if manifest.get("fingerprint") != fingerprint:
            differences = "; ".join(spec_differences(manifest["spec"], spec)) or "another spec"
            raise ScenarioError(
                f"{out} holds a different sweep ({manifest['spec'].get('name')!r}; "
                f"{differences}); choose another --out folder, or the same settings to resume"
            )
        stored = manifest.get("scenario_fingerprint")  # absent in manifests before 2026-12
        if stored is not None and stored != scenario_fingerprint(spec.scenario):
            raise ScenarioError(
                f"{out} holds runs of scenario {spec.scenario!r} as it was before its file, its "
                "cast, the parameter defaults, the data or the model's code changed; choose "
                "another --out folder"
            )
        return manifest
    out.mkdir(parents=True, exist_ok=True)
    manifest = {
        "spec": spec.model_dump(mode="json"),
        "fingerprint": fingerprint,
        "scenario_fingerprint": scenario_fingerprint(spec.scenario),
        "root_seed": spec.seed,
        "runs": total,
        "versions": versions(),
        "started": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "finished": None,
    }
    write_manifest(out, manifest)
    return manifest


@contextmanager
def manifest_kept_only_with_runs(out: Path) -> Iterator[None]:
    """On any failure or interruption, remove DIR's manifest if no run was kept.

    So a start that failed (a bad scheduler, an error in the runs) blocks no other sweep there.
    """
    try:
        yield
    except BaseException:
        if not run_parts(out):
            (out / MANIFEST).unlink(missing_ok=True)
        raise


def run_remaining(
    out: Path,
    spec: SweepSpec,
    done: set[int],
    workers: int,
    on_rows: Callable[[int], None] | None = None,
) -> None:
    """Run the runs of `spec` not in `done` on local workers, keeping each batch in OUT.

    `on_rows` is told how many runs each finished batch adds. If nothing is kept, the
    manifest goes too (`manifest_kept_only_with_runs`).
    """

    def keep(rows: pd.DataFrame) -> None:
        write_part(out, rows)
        if on_rows is not None:
            on_rows(len(rows))

    todo = (run for run in iter_runs(spec) if run.run_id not in done)
    with manifest_kept_only_with_runs(out):
        run_local(spec, todo, workers, keep)


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
    with ProcessPoolExecutor(max_workers=workers, mp_context=WORKER_START) as pool:
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


def dask_client(scheduler: str) -> Client:
    """A Dask client connected to `scheduler`, or ScenarioError saying why it cannot connect."""
    from dask.distributed import Client

    try:
        return Client(scheduler, timeout=SCHEDULER_TIMEOUT)
    except ValueError as exc:
        raise ScenarioError(
            f"--scheduler {scheduler!r}: not a scheduler address ({exc}); "
            "expected e.g. tcp://127.0.0.1:8786"
        ) from None
    except OSError as exc:
        raise ScenarioError(
            f"--scheduler {scheduler!r}: no Dask scheduler answered within {SCHEDULER_TIMEOUT} "
            f"({exc}); start one with `dask scheduler`, or leave out --scheduler to run locally"
        ) from None


def run_dask(
    spec: SweepSpec,
    todo: Iterable[Run],
    scheduler: str,
    on_rows: Callable[[pd.DataFrame], None],
) -> None:
    """Run batches on a Dask distributed cluster (its workers need this package installed).

    Raises:
        ScenarioError: no scheduler can be reached at `scheduler`.
    """
    from dask.distributed import as_completed

    spec_json = spec.model_dump_json()
    with dask_client(scheduler) as client:
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
    manifest = read_manifest(out)
    manifest["finished"] = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    write_manifest(out, manifest)


def load_runs(out: Path) -> pd.DataFrame:
    """Every finished run of the sweep in DIR, in run-id order.

    Raises:
        ScenarioError: DIR has no finished runs, or a part that cannot be read.
    """
    parts = run_parts(out)
    if not parts:
        raise ScenarioError(
            f"{out}: no finished runs in {out / RUNS}; run `libya-abm sweep` with --out {out}"
        )
    runs = pd.concat([read_part(part) for part in parts], ignore_index=True)
    return runs.sort_values("run_id", ignore_index=True)
