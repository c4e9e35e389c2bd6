"""Reading a model the page shows while another thread may step it.

Play steps the model in a thread of its own while the page draws; every read of its records
goes through the model's lock (`experiments.model_lock`, shared with a class's run), and so
does every step. Also here: the run's span, the files a
download holds, a counterfactual's table and the key of a cast.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import tempfile
import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pandas as pd

from config.cast import Cast
from config.scenarios import Scenario
from experiments.model_lock import model_lock
from experiments.runner import record, write_outputs
from model import LibyaModel


def weekly_table(model: LibyaModel) -> pd.DataFrame:
    """The model's weekly series recorded so far (read under the model's lock)."""
    with model_lock(model):
        return model.datacollector.get_model_vars_dataframe()


def event_table(model: LibyaModel) -> pd.DataFrame:
    """The model's event log so far (read under the model's lock)."""
    with model_lock(model):
        return model.event_log()


def weekly_columns(model: LibyaModel, names: Iterable[str] | None = None) -> dict[str, list[Any]]:
    """The model's weekly series recorded so far, by column (read under the model's lock).

    What the charts read at each week of play: copies of the recorded lists, without the cost
    of building the table of `weekly_table`; only the columns `names`, if given.
    """
    with model_lock(model):
        recorded = model.datacollector.model_vars
        return {name: list(recorded[name]) for name in (recorded if names is None else names)}


def happened_columns(model: LibyaModel) -> dict[str, list[Any]]:
    """The events of the model's log, without its decisions, by column (read under its lock).

    What the charts label: quicker to read than `event_table`, which writes out every
    decision's reasons.
    """
    with model_lock(model):
        happened = model.datacollector.tables["events"]
        return {name: list(values) for name, values in happened.items()}


def counterfactual_table(scenario_name: str, seed: int, overrides: dict[str, Any]) -> pd.DataFrame:
    """The weekly series of a whole run of another scenario, same seed and parameter changes."""
    counterfactual = LibyaModel(scenario_name=scenario_name, rng=seed, **overrides)
    counterfactual.run_model()
    return weekly_table(counterfactual)


def cast_key(cast: Cast) -> str:
    """A key that changes with the cast: components keyed by it forget the actors they held."""
    return hashlib.sha1(cast.model_dump_json().encode()).hexdigest()[:12]


def horizon(model: LibyaModel) -> tuple[dt.date, dt.date]:
    """First and last date of the run, so that charts keep still while it plays."""
    return model.start_date, model.params.end_date


def run_scenario(model: LibyaModel) -> Scenario:
    """The run as a scenario: its parameters, cast and every event, injected ones included."""
    with model_lock(model):
        events = tuple(event.spec for event in model.pending_events)
    return Scenario(
        name=model.scenario_name,
        description="Downloaded from the libya-abm app",
        parameters=model.params,
        events=events,
        source="libya-abm app",
        cast=model.cast,
    )


def run_files(model: LibyaModel, seed: int) -> bytes:
    """The current run's model.csv, assets.csv, events.csv and run.json, zipped."""
    scenario = run_scenario(model)
    buffer = io.BytesIO()
    with tempfile.TemporaryDirectory() as folder:
        with model_lock(model):
            result = record(model, seed)
        paths = write_outputs(Path(folder), scenario, [result])
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in paths.values():
                archive.write(path, arcname=path.name)
    return buffer.getvalue()
