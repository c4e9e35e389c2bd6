"""The libya-abm command: outputs of a run, and clear usage errors with exit code 2."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pandas as pd
import pytest

from config.cast import default_cast
from config.parameters import parameter_info
from config.scenarios import load_scenario


def python_path() -> dict[str, str]:
    """PYTHONPATH, if set: so that the command runs the code under test (a git worktree's)."""
    return {"PYTHONPATH": os.environ["PYTHONPATH"]} if "PYTHONPATH" in os.environ else {}


def libya_abm(
    *args: str, cwd: Path | None = None, columns: int = 120
) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(Path(sys.executable).parent / "libya-abm"), *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        check=False,
        env={"COLUMNS": str(columns), "PATH": "/usr/bin:/bin", **python_path()},
    )


@pytest.fixture(scope="module")
def two_replications(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("run")
    result = libya_abm("run", "--seed", "5", "--replications", "2", "--out", str(out))
    assert result.returncode == 0, result.stderr
    return out


def test_run_writes_the_four_tables_and_an_overview_chart(two_replications: Path):
    written = {p.name for p in two_replications.iterdir()}
    assert written == {"model.csv", "assets.csv", "events.csv", "run.json", "overview.png"}
    assert (two_replications / "overview.png").read_bytes().startswith(b"\x89PNG")


def test_model_csv_has_one_row_per_week_and_replication_with_the_documented_columns(
    two_replications: Path,
):
    weekly = pd.read_csv(two_replications / "model.csv")
    assert len(weekly) == 2 * 93
    assert set(weekly["replication"]) == {0, 1}
    expected = {
        "date",
        "step",
        "production_kbpd",
        "revenue_usd_m",
        "cumulative_loss_usd_bn",
        "frozen_usd_bn",
        "blame_lna",
        "blame_gna",
        "blame_noc",
        "hardship_west",
        "hardship_east",
        "hardship_south",
    }
    expected |= {f"influence_{a}" for a in default_cast().actor_ids}
    expected |= {f"prominence_{m}" for m in ("un", "russia", "us", "turkey")}
    assert expected <= set(weekly.columns)


def test_assets_and_events_explain_what_happened_week_by_week(two_replications: Path):
    assets = pd.read_csv(two_replications / "assets.csv")
    assert {"date", "name", "controller", "status", "production_kbpd"} <= set(assets.columns)
    assert len(assets) == 2 * 93 * 18
    events = pd.read_csv(two_replications / "events.csv")
    blockade = events[(events["kind"] == "blockade") & (events["category"] == "event")]
    blockade = blockade[blockade["replication"] == 0]
    assert blockade["date"].tolist() == ["2020-01-17"]
    decisions = events[(events["kind"] == "blockade") & (events["category"] == "decision")]
    assert decisions["explanation"].str.contains("unmet revenue demand").all()


def test_run_json_records_scenario_parameters_seeds_and_versions(two_replications: Path):
    meta = json.loads((two_replications / "run.json").read_text())
    assert meta["scenario"] == "sochi_2020"
    assert meta["parameters"]["utilisation"] == 0.9
    assert meta["seeds"][0] == 5 and len(meta["seeds"]) == 2
    assert {"python", "mesa", "pandas", "libya-abm"} <= set(meta["versions"])


def test_set_overrides_a_parameter_and_it_is_recorded(tmp_path: Path):
    result = libya_abm("run", "--set", "brent_multiplier=2", "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert json.loads((tmp_path / "run.json").read_text())["parameters"]["brent_multiplier"] == 2.0
    assert "influence: LNA (Haftar)" in result.stdout


def test_a_run_with_set_gets_its_own_folder_and_leaves_the_scenarios_run_alone(tmp_path: Path):
    plain = libya_abm("run", cwd=tmp_path)
    assert plain.returncode == 0, plain.stderr
    default_run = tmp_path / "results" / "sochi_2020" / "run.json"
    before = default_run.read_text()
    changed = libya_abm(
        "run", "--set", "noc_deal_objection=8", "--set", "brent_multiplier=1.5", cwd=tmp_path
    )
    assert changed.returncode == 0, changed.stderr
    assert default_run.read_text() == before
    assert "replacing" not in changed.stderr
    own = tmp_path / "results" / "sochi_2020-brent_multiplier=1.5-noc_deal_objection=8.0"
    parameters = json.loads((own / "run.json").read_text())["parameters"]
    assert (parameters["brent_multiplier"], parameters["noc_deal_objection"]) == (1.5, 8.0)


BAD_INPUTS = {
    "unknown scenario": (["--scenario", "sochi_2021"], "unknown scenario 'sochi_2021'"),
    "unknown parameter": (
        ["--set", "utilisaton=0.9"],
        "utilisaton: unknown parameter; did you mean 'utilisation'?",
    ),
    "out of range": (["--set", "utilisation=1.5"], "less than or equal to 1"),
    "wrong type": (["--set", "weeks=many"], "weeks: Input should be a valid integer"),
    "not KEY=VALUE": (["--set", "utilisation"], "expected KEY=VALUE"),
    "negative seed": (["--seed=-3"], "Invalid value for '--seed'"),
    "no replications": (["--replications=0"], "Invalid value for '--replications'"),
}


@pytest.mark.parametrize("case", BAD_INPUTS, ids=list(BAD_INPUTS))
def test_bad_command_line_input_exits_2_with_a_clear_message(case: str, tmp_path: Path):
    args, message = BAD_INPUTS[case]
    result = libya_abm("run", *args, "--out", str(tmp_path / "out"))
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


BAD_FILES = {
    "malformed TOML": ("name = 'x\n", "malformed TOML"),
    "event outside the horizon": (
        "[[events]]\ntype = 'deal'\ndate = 2024-01-01\n",
        "outside the run's horizon",
    ),
    "unknown actor": (
        "[[events]]\ntype = 'deal'\ndate = 2020-09-18\nbroker = 'china'\n",
        "events[0]: broker: 'china' is not an actor of the cast 'libya_2020'; actors are: lna,",
    ),
    "unknown event type": (
        "[[events]]\ntype = 'coup'\ndate = 2020-09-18\n",
        "unknown event type 'coup'",
    ),
    "unknown asset": (
        "[[events]]\ntype = 'blockade'\ndate = 2020-02-01\nassets = ['Sidra']\n",
        "unknown oil asset(s) 'Sidra'",
    ),
    "parameter out of range": ("[parameters]\nweeks = 1000\n", "parameters.weeks"),
    "an event that is not a table": ("events = [1, 2]\n", "events[0]: must be a table"),
    "a GNA blockade": (
        "[[events]]\ntype = 'blockade'\ndate = 2020-02-01\nactor = 'gna'\n",
        "events[0]: actor: 'gna' is of kind 'government'; a blockade event's actor must be of "
        "kind 'faction' (lna)",
    ),
    "extends an unknown scenario": ("extends = 'nosuch'\n", "extends: unknown scenario"),
}


@pytest.mark.parametrize("case", BAD_FILES, ids=list(BAD_FILES))
def test_bad_scenario_files_exit_2_naming_the_file_and_key(case: str, tmp_path: Path):
    text, message = BAD_FILES[case]
    path = tmp_path / "bad.toml"
    path.write_text(text)
    result = libya_abm("run", "--scenario", str(path), "--out", str(tmp_path / "out"))
    assert result.returncode == 2
    assert str(path) in result.stderr.replace("\n", "")
    assert message in result.stderr.replace("\n", "")
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("where", ["--set", "scenario file"])
def test_a_misspelt_parameter_gets_the_closest_names_instead_of_all_of_them(
    where: str, tmp_path: Path
):
    path = tmp_path / "misspelt.toml"
    path.write_text("[parameters]\nblockade_weight = 2.0\nbrent = 1.2\n")
    given = (
        ["--set", "blockade_weight=2.0", "--set", "brent=1.2"]
        if where == "--set"
        else ["--scenario", str(path)]
    )
    result = libya_abm("run", *given, "--out", str(tmp_path / "out"))
    assert result.returncode == 2
    message = result.stderr.replace("\n", "")
    assert (
        "blockade_weight: unknown parameter; did you mean 'blockade_public_weight', "
        "'blockade_demand_weight' or 'blockade_spoiler_weight'?" in message
    )
    assert "brent: unknown parameter; did you mean 'brent_multiplier'?" in message
    assert "weight_prominence" not in message  # not the whole list of parameters
    assert "Traceback" not in result.stderr


def test_a_scenario_file_that_is_not_text_exits_2(tmp_path: Path):
    path = tmp_path / "binary.toml"
    path.write_bytes(b"\xff\xfe\x00")
    result = libya_abm("run", "--scenario", str(path), "--out", str(tmp_path / "out"))
    assert result.returncode == 2
    assert "not a text file" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("command", [["run"], ["validate", "--replications", "2"]])
def test_an_output_folder_that_cannot_be_written_is_refused_before_any_run(
    command: list[str], tmp_path: Path
):
    blocker = tmp_path / "a_file"
    blocker.write_text("")
    result = libya_abm(*command, "--out", str(blocker / "out"))
    assert result.returncode == 2
    assert f"--out {blocker / 'out'}: cannot write there" in result.stderr.replace("\n", "")
    assert "Traceback" not in result.stderr


def test_scenarios_lists_every_shipped_scenario_with_its_title_years_and_observed_record():
    result = libya_abm("scenarios", columns=400)  # wide enough for no row to wrap
    assert result.returncode == 0
    shipped = ("sochi_2020", "no_deal", "un_brokered", "early_deal", "march_deal", "noc_refuses")
    rows = {line.split()[1]: line for line in result.stdout.splitlines() if line.startswith("│")}
    for name in (*shipped, "even_split", "long_committee", "gna_signs", "noc_signs"):
        title = re.escape(load_scenario(name).title)
        assert re.match(rf"│ {name} +│ {title} +│ 2019-2021 │ 2020 +│ ", rows[name]), rows.get(name)
    episodes = {
        "jadhran_2014": ("2013-2014", "2013_2014_jadhran"),
        "oil_crescent_2016": ("2016-2017", "2016_oil_crescent"),
        "ports_handover_2018": ("2018", "2018_ports_handover"),
        "bengdara_2022": ("2022", "2022_bengdara"),
    }
    for name, (years, record) in episodes.items():
        title = re.escape(load_scenario(name).title)
        assert re.match(rf"│ {name} +│ {title} +│ {years} +│ {record} +│ ", rows[name]), rows[name]
    assert "with the Russia-brokered Haftar-Maiteeq deal on that day." in rows["sochi_2020"]
    assert "Parameters are the schema's defaults" not in result.stdout  # the first sentence only


def test_params_shows_each_parameter_in_a_block_that_fits_an_80_column_terminal():
    result = libya_abm("params", columns=80)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= 80
    for info in parameter_info():  # name, default, unit and range uncut on one line
        assert f"  {info.name} = {info.default} ({info.unit}, {info.low} to {info.high})" in lines
    assert " ".join(info.description for info in parameter_info()) in " ".join(
        line.strip() for line in lines if line.startswith("      ")
    )
    assert len(lines) < 4 * len(parameter_info())


def test_why_explains_the_lnas_blockade_decision_of_a_given_week(two_replications: Path):
    result = libya_abm(
        "why", str(two_replications), "--actor", "lna", "--kind", "blockade", "--date", "2020-07-01"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("2020-07-07 LNA keeps the blockade (p = ")
    assert "unmet revenue demand" in result.stdout
    assert len(result.stdout.strip().splitlines()) == 1


def test_why_names_the_actors_it_knows_when_asked_about_another(two_replications: Path):
    result = libya_abm("why", str(two_replications), "--actor", "haftar")
    assert result.returncode == 2
    assert "'lna'" in result.stderr and "Traceback" not in result.stderr


def test_why_names_the_replications_a_folder_holds(two_replications: Path):
    result = libya_abm("why", str(two_replications), "--actor", "lna", "--replication", "5")
    assert result.returncode == 2
    assert "holds replications 0 to 1" in result.stderr


def test_the_app_opened_at_the_address_it_prints_sets_its_cookie_without_a_warning(tmp_path):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    log = tmp_path / "stderr.txt"
    with log.open("w") as stderr:
        server = subprocess.Popen(
            [str(Path(sys.executable).parent / "libya-abm"), "app", "--port", str(port)],
            stdout=subprocess.PIPE,
            stderr=stderr,
            text=True,
            env={"PATH": "/usr/bin:/bin", **python_path()},
            start_new_session=True,
        )
    try:
        url = re.search(r"http://\S+/", server.stdout.readline()).group()
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(url, timeout=5) as page:
                    cookie = page.headers["Set-Cookie"]
                    break
            except OSError:
                assert time.monotonic() < deadline and server.poll() is None, log.read_text()
                time.sleep(0.3)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    assert "samesite" not in log.read_text().lower()
    assert "SameSite=none; Secure" in cookie  # as Solara means it for a local app
    assert url == f"http://localhost:{port}/"
