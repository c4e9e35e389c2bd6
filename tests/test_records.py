"""Observed records: one tidy table for the 2020 record and the episodes', named by scenarios."""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

import pandas as pd
import pytest

from config.records import RECORD_COLUMNS, observed_record, record_ids
from config.scenarios import ScenarioError, list_scenarios, load_scenario


def test_the_2020_record_gives_each_figure_by_its_day_exactly():
    record = observed_record("2020")
    assert tuple(record.columns) == RECORD_COLUMNS
    assert (record["date"] == record["date_last"]).all() and not record["approximate"].any()
    assert (record["low"] == record["kbpd"]).all() and (record["high"] == record["kbpd"]).all()
    noc = record[record["date"] == pd.Timestamp("2020-01-23")].iloc[0]
    assert (noc["kind"], noc["kbpd"], noc["source"]) == ("spot", 320.154, "NOC, 26 Jan 2020")
    assert record["date"].is_monotonic_increasing


def test_an_episodes_record_keeps_ranges_open_bounds_and_the_days_a_date_may_mean():
    record = observed_record("2013_2014_jadhran")
    assert tuple(record.columns) == RECORD_COLUMNS
    by_day = record.set_index("date")
    ranged = by_day.loc[pd.Timestamp("2013-08-16")]  # "600-630" per the deputy oil minister
    assert (ranged["low"], ranged["high"], ranged["kbpd"]) == (600, 630, 615)
    march = record[(record["kind"] == "monthly_avg") & (record["high"] == 300)].iloc[0]  # "<300"
    assert math.isnan(march["low"]) and math.isnan(march["kbpd"])
    assert (march["date"], march["date_last"]) == (
        pd.Timestamp("2014-03-01"),
        pd.Timestamp("2014-03-31"),
    )
    mid_february = by_day.loc[pd.Timestamp("2014-02-11")]  # "2014-02-(mid)": the 11th to the 20th
    assert mid_february["date_last"] == pd.Timestamp("2014-02-20") and mid_february["approximate"]
    assert set(record["kind"]) == {"spot", "monthly_avg", "annual_avg"}


def test_every_episode_of_the_production_file_is_a_record_and_an_unknown_one_is_refused():
    assert record_ids() == (
        "2020", "2013_2014_jadhran", "2016_oil_crescent", "2018_ports_handover", "2022_bengdara"
    )  # fmt: skip
    with pytest.raises(ValueError, match="unknown record '1969'; known records: 2020, 2013_"):
        observed_record("1969")


def test_the_2020_scenarios_are_compared_with_the_2020_record_over_their_years():
    for name in list_scenarios():  # sochi_2020 names it; the others extend it and keep it
        scenario = load_scenario(name)
        if scenario.cast.name != "libya_2020":
            continue  # an earlier episode, with its own record (tests/test_episodes.py)
        assert (scenario.record, scenario.years) == ("2020", "2019-2021"), name
    overridden = load_scenario("no_deal").with_overrides({"brent_multiplier": 1.5})
    assert overridden.record == "2020"


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_scenario_file_names_its_own_record_and_an_unknown_record_is_refused(tmp_path: Path):
    episode = write(
        tmp_path,
        "episode.toml",
        'name = "episode"\ndescription = "A test."\nrecord = "2022_bengdara"\n'
        "[parameters]\nstart_date = 2020-01-07\nweeks = 20\n"
        '[[events]]\ntype = "blockade"\ndate = 2020-01-17\nactor = "lna"\n'
        '[[events]]\ntype = "deal"\ndate = 2020-04-01\n',
    )
    scenario = load_scenario(episode)
    assert (scenario.record, scenario.years, scenario.end_date) == (
        "2022_bengdara", "2020", dt.date(2020, 5, 26)
    )  # fmt: skip
    variant = write(tmp_path, "variant.toml", 'extends = "episode.toml"\n')
    assert load_scenario(variant).record == "2022_bengdara"
    wrong = write(tmp_path, "wrong.toml", 'extends = "sochi_2020"\nrecord = "2021"\n')
    with pytest.raises(ScenarioError) as error:
        load_scenario(wrong)
    assert str(error.value) == (
        f"{wrong}: record: unknown observed record '2021'; known records: 2020, "
        "2013_2014_jadhran, 2016_oil_crescent, 2018_ports_handover, 2022_bengdara"
    )
