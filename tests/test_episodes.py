"""Five blockades as data: episodes run from files, and are measured against their records."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from config.scenarios import ScenarioError, load_scenario, shipped_scenario
from experiments import episodes as ep
from experiments.episode_validation import EPISODES
from model import LibyaModel

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
SHIPPED = (*EPISODES, "sochi_2020")

CAST = """
name = "two_ports"
extends = "libya_2018"
[assets."New field"]
kind = "field"
exports_via = "Hariga"
capacity_kbpd = 100
source = "a test"
[assets.Waha]
weeks_idle = 60
[holders]
"New field" = "lna"
"""

EPISODE = """
name = "two_ports_2018"
cast = "two_ports.toml"
record = "2018_ports_handover"
reopening = 2018-07-11
[parameters]
start_date = 2018-05-21
weeks = 20
[[events]]
type = "blockade"
date = 2018-06-25
actor = "lna"
assets = ["Es Sider", "Hariga"]
until_reopened = true
[[events]]
type = "damage"
date = 2018-06-26
assets = ["Hariga"]
share = 0.5
[[events]]
type = "reopen"
date = 2018-07-11
actor = "lna"
[[events]]
type = "foreign_forces"
date = 2018-07-01
power = "us"
assets = ["Hariga"]
[[events]]
type = "restart"
date = 2018-07-11
assets = ["Es Sider", "Hariga"]
"""


@pytest.fixture
def episode_folder(tmp_path: Path) -> Path:
    (tmp_path / "two_ports.toml").write_text(CAST, encoding="utf-8")
    (tmp_path / "two_ports_2018.toml").write_text(EPISODE, encoding="utf-8")
    return tmp_path


def test_an_episode_runs_from_its_files_in_a_folder_of_its_own(episode_folder: Path):
    scenario = load_scenario(episode_folder / "two_ports_2018.toml")
    model = LibyaModel.from_scenario(scenario, rng=1)
    new_field, waha = model.asset("New field"), model.asset("Waha")
    assert new_field.terminal is model.asset("Hariga")
    assert waha.weeks_idle == 60 and waha.damage > 0  # 60 weeks idle left their wear
    model.run_model()
    log = model.event_log()
    decisions = log[(log["category"] == "decision") & (log["kind"] == "blockade")]
    assert decisions.empty  # the record dates the blockade's end: the LNA does not decide it
    lifted = log[log["kind"] == "blockade_lifted"]
    assert lifted["date"].tolist() == ["2018-07-11"]
    restarted = log[log["kind"] == "force_majeure_lifted"].iloc[0]
    assert restarted["date"] == "2018-07-11"  # the recorded restart, not the NOC's choice
    assert "restarts Es Sider; Hariga stay closed" in restarted["explanation"]
    assert model.asset("Hariga").force_majeure  # foreign forces are still there
    assert model.asset("Hariga").damage > 0  # the damage event, still being repaired
    frame = ep.episode_frame(scenario, _record(scenario))
    assert (frame.blockade, frame.reopening) == (dt.date(2018, 6, 25), dt.date(2018, 7, 11))


def _record(scenario):
    from config.records import observed_record

    return observed_record(scenario.record)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (('[[events]]\ntype = "reopen"\ndate = 2018-07-11\nactor = "lna"\n', ""), "no later"),
        (
            (
                'actor = "lna"\n[[events]]\ntype = "foreign',
                'actor = "lna"\nassets = ["Hariga"]\n[[events]]\ntype = "foreign',
            ),
            "that actor ends it at Es Sider",
        ),
        (("reopening = 2018-07-11", "reopening = 'soon'"), "reopening: must be a date"),
        (
            (
                'type = "restart"\ndate = 2018-07-11\nassets',
                'type = "restart"\ndate = 2018-07-11\nasset',
            ),
            "did you mean 'assets'",
        ),
        (("record = ", "pre_blockade_kbpd = -5\nrecord = "), "pre_blockade_kbpd: -5 is not"),
    ],
    ids=[
        "a dated blockade nobody reopens",
        "a reopen that leaves a dated site shut",
        "a reopening that is no date",
        "a restart with a misspelt key",
        "a negative level",
    ],
)
def test_an_episode_file_that_cannot_be_measured_is_refused(
    episode_folder: Path, change: tuple[str, str], message: str
):
    path = episode_folder / "two_ports_2018.toml"
    path.write_text(EPISODE.replace(*change), encoding="utf-8")
    with pytest.raises(ScenarioError, match=message):
        load_scenario(path)


@pytest.mark.parametrize("name", SHIPPED)
def test_every_episode_names_its_record_years_reopening_and_pre_blockade_level(name: str):
    scenario = shipped_scenario(name)
    frame = ep.episode_frame(scenario, _record(scenario))
    assert frame.blockade < frame.reopening < scenario.end_date
    assert 700 <= frame.pre_blockade_kbpd <= 1400
    assert scenario.parameters.start_date <= frame.blockade
    first, _, last = scenario.years.partition("-")
    assert int(first) <= frame.blockade.year <= int(last or first)


def test_the_2020_record_stops_before_the_deal_it_forecasts():
    scenario = shipped_scenario("sochi_2020")
    assert _record(scenario)["date"].max() < pd.Timestamp(ep.reopening_date(scenario))


def test_validate_episodes_writes_the_out_of_episode_table_charts_and_2020_forecast(
    tmp_path: Path,
):
    out = tmp_path / "episodes"
    done = subprocess.run(
        [BIN / "libya-abm", "validate", "--episodes", "--samples", "10", "--out", str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "beats both naive forecasts on" in done.stdout
    table = pd.read_csv(out / "episodes.csv")
    assert table["episode"].tolist() == list(EPISODES)
    assert table[["model_mape", "persistence_mape", "others_average_mape"]].notna().all().all()
    recovery = pd.read_csv(out / "recovery.csv")
    assert sorted(recovery["share"].unique()) == [0.5, 0.8, 1.0]
    for name in (*EPISODES, "forecast_2020"):
        assert (out / f"{name}.png").stat().st_size > 10_000
    forecast = pd.read_csv(out / "forecast_2020.csv")
    assert forecast["forecast"].str.contains("1,000 kbpd").any()
    posterior = pd.read_csv(out / "posterior.csv")
    assert not posterior.query("parameter == 'foreign_force_exit_per_week'")["informed"].item()
    again = subprocess.run(  # resumed: every run is already done
        [BIN / "libya-abm", "validate", "--episodes", "--samples", "10", "--out", str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert "(50 already done)" in again.stdout


def test_calibrate_on_two_episodes_and_an_unknown_one_exits_2(tmp_path: Path):
    out = tmp_path / "calibration"
    command = [BIN / "libya-abm", "calibrate", "--samples", "10", "--out", str(out)]
    done = subprocess.run(
        [*command, "--episode", "bengdara_2022", "--episode", "ports_handover_2018"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    table = pd.read_csv(out / "calibration.csv")
    assert "restart_ramp_per_week" in set(table["parameter"])
    assert sorted(p.name for p in (out / "runs").iterdir()) == [
        "bengdara_2022",
        "ports_handover_2018",
    ]
    wrong = subprocess.run(
        [*command, "--episode", "atlantis_2031"], capture_output=True, text=True, check=False
    )
    assert wrong.returncode == 2
    assert "unknown episode(s) atlantis_2031" in wrong.stderr
    assert "Traceback" not in wrong.stderr


# Each episode's fit to its own record at the defaults: the median of 10 runs, put on the
# record's pre-blockade level, within 20% of the record's figures on average (MAPE), or the
# reason it is not, with the error measured (2026-12-06) as the bound it must not exceed.
FIT_TARGET = 0.20
WHY_NOT = {
    "jadhran_2014": (
        0.52,
        "49%: after the July 2014 handover the record stays at 300-925 kbpd, held down by what "
        "the model does not know: the war that began in Tripoli in July 2014, the Brega "
        "blockade and ports that loaded their first tankers six to eight weeks later",
    ),
    "bengdara_2022": (
        0.25,
        "22%: the shared ramp fitted on four episodes (0.36 a week) is slower than 2022's own "
        "recovery (1,100 kbpd six days after the restart, full in about 16 days), and the June "
        "figures contradict each other (the oil ministry's 100-200 kbpd, which the README "
        "calls politically contaminated, against 700-800 a week later)",
    ),
}


@pytest.mark.parametrize("name", SHIPPED)
def test_each_episode_fits_its_own_record_or_the_reason_is_known(name: str):
    from experiments.runner import replication_seeds, run_ensemble

    scenario = shipped_scenario(name)
    frame = ep.episode_frame(scenario, _record(scenario))
    paths = [
        pd.Series(run.model["production_kbpd"].to_numpy(), index=pd.to_datetime(run.model["date"]))
        for run in run_ensemble(scenario, replication_seeds(0, 10))
    ]
    median = pd.concat(paths, axis=1).median(axis=1)
    error = ep.mape(ep.path_at_figures(ep.rescaled(median, frame), frame.record), frame.record)
    bound, _why = WHY_NOT.get(name, (FIT_TARGET, ""))
    assert error <= bound, f"{name}: {error:.1%} against the record"
    if name in WHY_NOT:
        assert error > FIT_TARGET, f"{name} now fits within 20% ({error:.1%}): drop its reason"


def test_a_counterfactual_extends_an_episode_with_another_broker(tmp_path: Path):
    path = tmp_path / "bengdara_un.toml"
    path.write_text(
        'extends = "bengdara_2022"\ndrop_events = ["deal"]\n'
        '[[events]]\ntype = "deal"\ndate = 2022-07-12\nparties = ["gnu", "lna"]\n'
        'broker = "un"\nnon_signatories = []\ncommittee_months = 0\n',
        encoding="utf-8",
    )
    scenario = load_scenario(path)
    assert (scenario.record, scenario.cast.name) == ("2022_bengdara", "libya_2022")
    deals = [event for event in scenario.events if event.type == "deal"]
    assert [deal.broker for deal in deals] == ["un"]
    model = LibyaModel.from_scenario(scenario, rng=2)
    model.run_model()
    log = model.event_log()
    assert "UN" in log[log["kind"] == "deal"]["explanation"].item()
