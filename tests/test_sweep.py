"""Sweeps: every design, seeds, streaming to Parquet, resume after kill -9, Dask, SALib."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from experiments.sweep import plan
from experiments.sweep_spec import spec_from_mapping

BIN = Path(sys.executable).parent


def libya_abm(*args: str, timeout: float = 300, **environment: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(BIN / "libya-abm"), *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, "COLUMNS": "120", **environment},
        check=False,
    )


def write_spec(folder: Path, **fields) -> Path:
    lines = []
    parameters = fields.pop("parameters")
    for key, value in fields.items():
        lines.append(f"{key} = {json.dumps(value)}")
    for name, spread in parameters.items():
        lines.append(f"[parameters.{name}]")
        lines += [f"{key} = {json.dumps(value)}" for key, value in spread.items()]
    path = folder / "spec.toml"
    path.write_text("\n".join(lines) + "\n")
    return path


def start_sweep(spec: Path, out: Path, parts: int, **popen) -> subprocess.Popen:
    """Start a one-worker sweep and return once it has written `parts` batches."""
    sweep = subprocess.Popen(
        [str(BIN / "libya-abm"), "sweep", str(spec), "--out", str(out), "--workers", "1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        **popen,
    )
    deadline = time.monotonic() + 120
    while len(list((out / "runs").glob("part-*.parquet"))) < parts:
        assert time.monotonic() < deadline and sweep.poll() is None, "the sweep did not start"
        time.sleep(0.05)
    return sweep


TWO_RANGES = {
    "blockade_bias": {"low": 5.0, "high": 7.5},
    "restart_ramp_per_week": {"low": 0.2, "high": 0.6},
}
DESIGNS = {
    "full_factorial": ({"blockade_bias": {"levels": [5.0, 7.0]}, "weeks": {"levels": [60, 92]}}, 4),
    "latin_hypercube": (TWO_RANGES, 8),
    "sobol": (TWO_RANGES, 4 * (2 * 2 + 2)),
    "morris": (TWO_RANGES, 4 * (2 + 1)),
}


@pytest.mark.parametrize("design", DESIGNS)
def test_every_design_runs_each_point_and_records_parameters_seeds_and_outcomes(design, tmp_path):
    parameters, expected_runs = DESIGNS[design]
    spec = write_spec(
        tmp_path,
        design=design,
        samples=4 if design != "latin_hypercube" else 8,
        seed=7,
        parameters=parameters,
        outcomes=["final_influence_lna", "blockade_weeks"],
    )
    result = libya_abm("sweep", str(spec), "--out", str(tmp_path / "out"), "--workers", "2")
    assert result.returncode == 0, result.stderr
    runs = pd.read_parquet(tmp_path / "out" / "runs")
    assert len(runs) == expected_runs == runs["run_id"].nunique()
    assert {"run_id", "point", "replication", "seed", *parameters, "final_influence_lna"} <= set(
        runs
    )
    assert runs["final_influence_lna"].between(0, 1).all()
    if design == "full_factorial":
        assert set(map(tuple, runs[["blockade_bias", "weeks"]].to_numpy())) == {
            (5.0, 60),
            (5.0, 92),
            (7.0, 60),
            (7.0, 92),
        }
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text())
    assert manifest["root_seed"] == 7 and manifest["finished"]
    assert "mesa" in manifest["versions"]


def test_seeds_come_from_the_root_seed_and_the_plan_is_reproducible():
    spec = spec_from_mapping(
        {"samples": 5, "replications": 3, "seed": 11, "parameters": TWO_RANGES}, "t"
    )
    first, second = plan(spec), plan(spec)
    assert first == second
    assert len({run.seed for run in first}) == 15
    common = plan(spec.model_copy(update={"common_seeds": True}))
    assert {run.seed for run in common if run.replication == 0} == {common[0].seed}


def test_a_sweep_killed_mid_way_resumes_to_the_same_dataset_without_duplicates(tmp_path):
    spec = write_spec(
        tmp_path,
        design="latin_hypercube",
        samples=120,
        seed=3,
        batch_size=4,
        parameters=TWO_RANGES,
        outcomes=["final_influence_lna"],
    )
    interrupted = tmp_path / "interrupted"
    # its own process group, so that kill -9 takes the workers too, as a crash would
    sweep = start_sweep(spec, interrupted, parts=5, start_new_session=True)
    os.killpg(sweep.pid, signal.SIGKILL)
    sweep.wait()
    kept = len(pd.read_parquet(interrupted / "runs"))
    assert 0 < kept < 120
    assert libya_abm("sweep", str(spec), "--out", str(interrupted)).returncode == 0
    uninterrupted = tmp_path / "uninterrupted"
    assert libya_abm("sweep", str(spec), "--out", str(uninterrupted)).returncode == 0
    resumed = pd.read_parquet(interrupted / "runs").sort_values("run_id", ignore_index=True)
    whole = pd.read_parquet(uninterrupted / "runs").sort_values("run_id", ignore_index=True)
    assert resumed["run_id"].is_unique
    pd.testing.assert_frame_equal(resumed, whole)


def test_a_sweep_run_again_on_a_finished_folder_runs_nothing(tmp_path):
    spec = write_spec(tmp_path, samples=4, parameters=TWO_RANGES, outcomes=["blockade_weeks"])
    out = tmp_path / "out"
    assert libya_abm("sweep", str(spec), "--out", str(out)).returncode == 0
    again = libya_abm("sweep", str(spec), "--out", str(out))
    assert "4 runs (4 already done)" in again.stdout
    assert len(list((out / "runs").glob("part-*.parquet"))) == 1


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def stop(processes: list[subprocess.Popen]) -> None:
    """Terminate processes, killing any that do not stop within ten seconds."""
    for process in processes:
        process.terminate()
    for process in processes:
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def test_local_workers_are_not_forked_from_the_multi_threaded_command(tmp_path):
    spec = write_spec(tmp_path, samples=4, batch_size=2, parameters=TWO_RANGES)
    out = tmp_path / "out"
    shown = "always::DeprecationWarning"  # Python 3.12 warns on fork() with threads running
    result = libya_abm(
        "sweep", str(spec), "--out", str(out), "--workers", "2", PYTHONWARNINGS=shown
    )
    assert result.returncode == 0, result.stderr
    assert len(pd.read_parquet(out / "runs")) == 4
    assert "use of fork() may lead to deadlocks" not in result.stderr


def test_the_dask_engine_gives_the_same_results_as_the_local_engine(tmp_path):
    port = free_port()
    address = f"tcp://127.0.0.1:{port}"
    cluster = [
        subprocess.Popen(
            [
                str(BIN / "dask"),
                "scheduler",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--dashboard-address",
                ":0",
                "--no-show",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    ]
    try:
        for _ in range(2):
            cluster.append(
                subprocess.Popen(
                    [
                        str(BIN / "dask"),
                        "worker",
                        address,
                        "--nthreads",
                        "1",
                        "--dashboard-address",
                        ":0",
                        "--no-nanny",
                    ],
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
            )
        spec = write_spec(
            tmp_path,
            samples=12,
            seed=5,
            batch_size=3,
            parameters=TWO_RANGES,
            outcomes=["final_influence_lna", "cumulative_loss_usd_bn"],
        )
        on_dask = libya_abm(
            "sweep", str(spec), "--out", str(tmp_path / "dask"), "--scheduler", address
        )
        assert on_dask.returncode == 0, on_dask.stderr
        local = libya_abm("sweep", str(spec), "--out", str(tmp_path / "local"))
        assert local.returncode == 0, local.stderr
        a = pd.read_parquet(tmp_path / "dask" / "runs").sort_values("run_id", ignore_index=True)
        b = pd.read_parquet(tmp_path / "local" / "runs").sort_values("run_id", ignore_index=True)
        pd.testing.assert_frame_equal(a, b)
    finally:
        stop(cluster)


def test_sobol_indices_flag_a_parameter_that_cannot_affect_the_outcome(tmp_path):
    # Protests feed back into nothing that moves oil, so protest_steepness cannot change the
    # blockade loss; common seeds give every point the same random numbers.
    spec = write_spec(
        tmp_path,
        design="sobol",
        samples=32,
        seed=1,
        common_seeds=True,
        parameters={
            "storage_decay_per_week": {"low": 0.2, "high": 0.9},
            "protest_steepness": {"low": 20.0, "high": 200.0},
        },
        outcomes=["cumulative_loss_usd_bn"],
    )
    out = tmp_path / "out"
    assert libya_abm("sweep", str(spec), "--out", str(out)).returncode == 0
    analysis = libya_abm("analyze", str(out))
    assert analysis.returncode == 0, analysis.stderr
    table = pd.read_csv(out / "analysis" / "indices.csv").set_index("parameter")
    assert table.loc["protest_steepness", "negligible"]
    assert table.loc["protest_steepness", "ST"] < 1e-9
    assert not table.loc["storage_decay_per_week", "negligible"]
    assert table.loc["storage_decay_per_week", "ST"] > 0.5
    assert (out / "analysis" / "cumulative_loss_usd_bn.png").is_file()
    assert "negligible: protest_steepness" in analysis.stdout


VARY = "[parameters.utilisation]\nlow = 0.7\nhigh = 0.9\n"
BAD_SPECS = {
    "unknown parameter": (
        VARY.replace("utilisation", "utilisaton"),
        "unknown numeric parameter; did you mean 'utilisation'?",
    ),
    "out of range": (VARY.replace("0.7", "0.5"), "outside its range 0.6 to 1.0"),
    "factorial without levels": ('design = "full_factorial"\n' + VARY, "needs levels"),
    "low above high": (VARY.replace("0.7", "0.95"), "low < high"),
    "unknown design": ('design = "grid"\n' + VARY, "design"),
    "unknown outcome": ('outcomes = ["happiness"]\n' + VARY, "outcomes: unknown ['happiness']"),
    "malformed TOML": ("design = \n", "malformed TOML"),
    "sobol samples not a power of 2": (
        'design = "sobol"\nsamples = 3\n' + VARY,
        "samples: 3 is not a power of 2, which the sobol design needs for balanced points; "
        "use 2 or 4",
    ),
    "nothing varied": ("samples = 4\n", "parameters"),
}


@pytest.mark.parametrize("case", BAD_SPECS, ids=list(BAD_SPECS))
def test_bad_sweep_specs_exit_2_with_a_clear_message(case, tmp_path):
    text, message = BAD_SPECS[case]
    path = tmp_path / "bad.toml"
    path.write_text(text)
    result = libya_abm("sweep", str(path), "--out", str(tmp_path / "out"))
    assert result.returncode == 2
    assert message in result.stderr.replace("\n", "")
    assert "Traceback" not in result.stderr


def test_analyze_explains_which_designs_have_indices(tmp_path):
    spec = write_spec(tmp_path, samples=4, parameters=TWO_RANGES, outcomes=["blockade_weeks"])
    assert libya_abm("sweep", str(spec), "--out", str(tmp_path / "out")).returncode == 0
    result = libya_abm("analyze", str(tmp_path / "out"))
    assert result.returncode == 2
    assert "design is latin_hypercube" in result.stderr.replace("\n", "")


def test_the_shipped_specs_are_valid():
    from experiments.sweep_spec import load_spec

    assert len(plan(load_spec("smoke"))) == 200
    assert len(plan(load_spec("morris_4"))) == 250
    assert len(plan(load_spec("sobol_10"))) == 22_528


def test_the_readmes_quick_analysis_finds_the_brent_price_behind_the_loss(tmp_path):
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    assert "sweep morris_4 --out results/morris_4 && .venv/bin/libya-abm analyze" in readme
    out = tmp_path / "morris_4"
    assert libya_abm("sweep", "morris_4", "--out", str(out)).returncode == 0
    analysis = libya_abm("analyze", str(out))
    assert analysis.returncode == 0, analysis.stderr
    table = pd.read_csv(out / "analysis" / "indices.csv")
    strongest = table.loc[table.groupby("outcome")["mu_star"].idxmax()].set_index("outcome")
    assert strongest.loc["cumulative_loss_usd_bn", "parameter"] == "brent_multiplier"
    assert strongest.loc["peak_broker_prominence", "parameter"] == "deal_broker_boost"
    prominence = table[table["outcome"] == "peak_broker_prominence"]
    assert prominence.loc[prominence["negligible"], "parameter"].tolist() == [
        "restart_ramp_per_week",
        "brent_multiplier",
        "noc_deal_objection",
    ]
    assert "cumulative_loss_usd_bn: negligible: deal_broker_boost" in analysis.stdout


def test_ctrl_c_stops_cleanly_keeping_what_is_done(tmp_path):
    spec = write_spec(
        tmp_path,
        samples=200,
        seed=9,
        batch_size=4,
        parameters=TWO_RANGES,
        outcomes=["blockade_weeks"],
    )
    out = tmp_path / "out"
    sweep = start_sweep(spec, out, parts=3)
    sweep.send_signal(signal.SIGINT)
    _, stderr = sweep.communicate(timeout=60)
    assert sweep.returncode == 130
    assert "run the same command again to resume" in stderr.replace("\n", " ")
    assert "Traceback" not in stderr
    kept = pd.read_parquet(out / "runs")
    assert kept["run_id"].is_unique and 0 < len(kept) < 200
    assert not list((out / "runs").glob("*.tmp*"))


def test_prim_finds_the_one_parameter_that_decides_a_condition(tmp_path):
    # The broker's peak prominence depends on deal_broker_boost alone, and rises with it.
    spec = write_spec(
        tmp_path,
        samples=150,
        seed=4,
        common_seeds=True,
        parameters={
            "deal_broker_boost": {"low": 1.0, "high": 6.0},
            "storage_decay_per_week": {"low": 0.2, "high": 0.9},
        },
        outcomes=["peak_broker_prominence"],
    )
    out = tmp_path / "out"
    assert libya_abm("sweep", str(spec), "--out", str(out)).returncode == 0
    runs = pd.read_parquet(out / "runs")
    threshold = runs["peak_broker_prominence"].median()
    boost_at_threshold = runs.loc[
        (runs["peak_broker_prominence"] - threshold).abs().idxmin(), "deal_broker_boost"
    ]
    condition = f"peak_broker_prominence > {threshold}"
    result = libya_abm("discover", str(out), "--condition", condition, "--min-density", "0.95")
    assert result.returncode == 0, result.stderr
    (table,) = (out / "discovery").glob("prim_*.csv")
    limits = pd.read_csv(table).set_index("parameter")
    assert limits.index[limits["restricted"]].tolist() == ["deal_broker_boost"]
    assert abs(limits.loc["deal_broker_boost", "low"] - boost_at_threshold) < 0.5
    bad = libya_abm("discover", str(out), "--condition", "peak_broker_prominence >")
    assert bad.returncode == 2 and "not an expression over the outcomes" in bad.stderr


def test_chosen_weekly_series_are_kept_per_run(tmp_path):
    spec = write_spec(
        tmp_path,
        samples=3,
        parameters=TWO_RANGES,
        outcomes=["blockade_weeks"],
        series=["production_kbpd"],
    )
    assert libya_abm("sweep", str(spec), "--out", str(tmp_path / "out")).returncode == 0
    runs = pd.read_parquet(tmp_path / "out" / "runs")
    assert all(len(series) == 93 for series in runs["series_production_kbpd"])
    assert runs["series_production_kbpd"].iloc[0][0] == pytest.approx(1287.5 * 0.9)


# --- bad input: refused with one clear line, exit 2, nothing lost ----------------------------


def refused(result: subprocess.CompletedProcess, *messages: str) -> bool:
    """The command exited with 2, without a traceback, saying each of `messages`."""
    said = result.stderr.replace("\n", "")
    return (
        result.returncode == 2
        and "Traceback" not in result.stderr
        and all(message in said for message in messages)
    )


def finished_sweep_spec(folder: Path) -> Path:
    """The spec of `finished_sweep`: Sobol, 24 runs in batches of 6, two outcomes."""
    return write_spec(
        folder,
        design="sobol",
        samples=4,
        batch_size=6,
        parameters=TWO_RANGES,
        outcomes=["cumulative_loss_usd_bn", "weeks_to_recovery_after_deal"],
    )


@pytest.fixture(scope="module")
def finished_sweep(tmp_path_factory) -> Path:
    """A finished Sobol sweep of 24 runs in 4 parts; the recovery is undefined in 8 runs."""
    folder = tmp_path_factory.mktemp("finished")
    spec = finished_sweep_spec(folder)
    result = libya_abm("sweep", str(spec), "--out", str(folder / "out"))
    assert result.returncode == 0, result.stderr
    return folder / "out"


def copy_of(sweep: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(sweep, tmp_path / "copy"))


def test_weeks_that_end_runs_before_the_scenarios_events_are_refused_before_any_run(tmp_path):
    out = tmp_path / "out"
    short = write_spec(tmp_path, samples=2, parameters={"weeks": {"low": 10, "high": 40}})
    result = libya_abm("sweep", str(short), "--out", str(out))
    assert refused(result, f"{short}: parameters.weeks: runs of 10 weeks", "at least 51")
    assert not (out / "manifest.json").exists()
    corrected = write_spec(tmp_path, samples=2, parameters={"weeks": {"low": 51, "high": 92}})
    assert libya_abm("sweep", str(corrected), "--out", str(out)).returncode == 0
    runs = pd.read_parquet(out / "runs")
    assert len(runs) == 2 and runs["weeks"].between(51, 92).all()


@pytest.mark.parametrize("address", ["nonsense", "tcp://127.0.0.1:{port}"])
def test_a_bad_or_unreachable_scheduler_is_refused_and_blocks_no_later_sweep(address, tmp_path):
    address = address.format(port=free_port())
    spec = write_spec(tmp_path, samples=2, parameters=TWO_RANGES, outcomes=["blockade_weeks"])
    out = tmp_path / "out"
    result = libya_abm("sweep", str(spec), "--out", str(out), "--scheduler", address, timeout=60)
    assert refused(result, f"--scheduler {address!r}")
    assert not (out / "manifest.json").exists()
    other = write_spec(tmp_path, samples=3, parameters=TWO_RANGES, outcomes=["blockade_weeks"])
    assert libya_abm("sweep", str(other), "--out", str(out)).returncode == 0


def test_analyze_names_the_outcomes_it_skips_and_why(finished_sweep):
    result = libya_abm("analyze", str(finished_sweep))
    assert result.returncode == 0, result.stderr
    assert (
        "no indices for weeks_to_recovery_after_deal: undefined (NaN) at 5 of 24 design points"
        in result.stderr.replace("\n", "")
    )
    table = pd.read_csv(finished_sweep / "analysis" / "indices.csv")
    assert set(table["outcome"]) == {"cumulative_loss_usd_bn"}


def test_analyze_with_no_outcome_to_analyse_exits_2_and_keeps_the_previous_indices(tmp_path):
    spec = write_spec(
        tmp_path,
        design="sobol",
        samples=4,
        parameters=TWO_RANGES,
        outcomes=["weeks_to_recovery_after_deal"],
    )
    out = tmp_path / "out"
    assert libya_abm("sweep", str(spec), "--out", str(out)).returncode == 0
    previous = out / "analysis" / "indices.csv"
    previous.parent.mkdir()
    previous.write_text("outcome,parameter,ST\nx,y,0.5\n")
    result = libya_abm("analyze", str(out))
    assert refused(result, f"{out}: no outcome has indices", "weeks_to_recovery_after_deal")
    assert previous.read_text() == "outcome,parameter,ST\nx,y,0.5\n"


DAMAGE = {
    "broken manifest": (lambda out: (out / "manifest.json").write_text("{broken"), "manifest.json"),
    "manifest without a spec": (lambda out: (out / "manifest.json").write_text("[]"), "no spec"),
    "no runs folder": (lambda out: shutil.rmtree(out / "runs"), "no finished runs in"),
    "corrupt part": (
        lambda out: (out / "runs" / "part-00000006-00000011.parquet").write_text("garbage"),
        "part-00000006-00000011.parquet: not a readable part of a sweep",
    ),
}


@pytest.mark.parametrize("damage", DAMAGE, ids=list(DAMAGE))
def test_damaged_sweep_folders_are_refused_naming_the_folder_and_the_damage(
    damage, finished_sweep, tmp_path
):
    out = copy_of(finished_sweep, tmp_path)
    spoil, message = DAMAGE[damage]
    spoil(out)
    assert refused(libya_abm("analyze", str(out)), str(out), message)
    condition = "cumulative_loss_usd_bn > 15"
    assert refused(libya_abm("discover", str(out), "--condition", condition), str(out), message)


def test_temporary_files_of_a_killed_write_are_ignored_by_readers_and_removed_on_resume(
    finished_sweep, tmp_path
):
    out = copy_of(finished_sweep, tmp_path)
    (out / "runs" / "part-00000018-00000023.parquet").unlink()  # the batch being written
    hidden = out / "runs" / ".part-00000018-00000023.parquet.tmp4242"  # today's temporary name
    hidden.write_bytes(b"PAR1 half a batch")
    assert len(pd.read_parquet(out / "runs")) == 18  # Parquet readers skip hidden files
    earlier = out / "runs" / "part-00000018-00000023.tmp4241"  # the name earlier versions used
    earlier.write_bytes(b"PAR1 half a batch")
    condition = "cumulative_loss_usd_bn > 15"
    assert libya_abm("discover", str(out), "--condition", condition).returncode == 0
    spec = finished_sweep_spec(tmp_path)
    resumed = libya_abm("sweep", str(spec), "--out", str(out))
    assert "24 runs (18 already done)" in resumed.stdout, resumed.stderr
    assert not hidden.exists() and not earlier.exists()
    assert len(pd.read_parquet(out / "runs")) == 24
    assert libya_abm("analyze", str(out)).returncode == 0


def test_discover_keeps_each_condition_in_its_own_files_and_records_it(finished_sweep, tmp_path):
    out = copy_of(finished_sweep, tmp_path)
    threshold = pd.read_parquet(out / "runs")["cumulative_loss_usd_bn"].median()
    conditions = [f"cumulative_loss_usd_bn > {threshold}", f"cumulative_loss_usd_bn < {threshold}"]
    for condition in conditions:
        result = libya_abm("discover", str(out), "--condition", condition, "--min-density", "0.5")
        assert result.returncode == 0, result.stderr
    tables = sorted((out / "discovery").glob("prim_*.csv"))
    assert len(tables) == 2 and len(list((out / "discovery").glob("prim_*.png"))) == 2
    recorded = {pd.read_csv(table)["condition"].unique().item() for table in tables}
    assert recorded == set(conditions)
    assert any("_gt_" in table.name for table in tables)


def test_discover_on_an_unfinished_sweep_says_how_many_runs_are_done(finished_sweep, tmp_path):
    out = copy_of(finished_sweep, tmp_path)
    (out / "runs" / "part-00000000-00000005.parquet").unlink()
    result = libya_abm("discover", str(out), "--condition", "cumulative_loss_usd_bn > 15")
    assert result.returncode == 0, result.stderr
    assert "only 18 of the sweep's 24 runs are done" in result.stderr.replace("\n", "")


def test_a_sweep_with_other_settings_on_a_used_folder_is_refused_naming_them(
    finished_sweep, tmp_path
):
    out = copy_of(finished_sweep, tmp_path)
    spec = write_spec(
        tmp_path,
        design="sobol",
        samples=8,
        parameters=TWO_RANGES,
        outcomes=["cumulative_loss_usd_bn", "weeks_to_recovery_after_deal"],
    )
    result = libya_abm("sweep", str(spec), "--out", str(out))
    assert refused(result, f"{out} holds a different sweep", "samples: 4 there, 8 here")


def test_runs_of_a_scenario_that_has_changed_since_are_not_resumed(finished_sweep, tmp_path):
    out = copy_of(finished_sweep, tmp_path)
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert len(manifest["scenario_fingerprint"]) == 16
    manifest["scenario_fingerprint"] = "0" * 16  # as if the scenario file had been edited since
    (out / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    result = libya_abm("sweep", str(finished_sweep_spec(tmp_path)), "--out", str(out))
    assert refused(result, "holds runs of scenario 'sochi_2020' as it was before")
