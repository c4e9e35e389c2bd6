"""The Compare tab: the run's scenario against a counterfactual over many seeds, as bands.

The sidebar's Compare overlays one counterfactual run with the page's seed: quick, but one
draw of each. Here both run over the same seeds (20 by default; the first is the page's), and
the tab shows each as its median and 90% band, and the band of the run-by-run differences
(`experiments.bands`). "This run" is the scenario as the page runs it: its parameter changes
and the events injected so far; the counterfactual gets the same parameter changes.
"""

from __future__ import annotations

from collections.abc import Callable

import solara

from config.cast import Cast
from config.scenarios import ScenarioError, list_scenarios, shipped_scenario
from experiments.bands import BAND_SEEDS, Comparison, comparable, compare
from model import LibyaModel
from viz import echarts
from viz.address import changed_parameters
from viz.controls import select_shown
from viz.display import Display
from viz.run_data import run_scenario
from viz.views import EChart, chart_data

MAX_SEEDS = 200


def measures(cast: Cast) -> dict[str, echarts.Measure]:
    """What the tab compares, by the name its picker shows: production, loss, each influence."""
    shown = {
        "Crude production": echarts.Measure(
            "production_kbpd", "Crude production", echarts.kbpd, "kbpd"
        ),
        "Cumulative blockade loss": echarts.Measure(
            "cumulative_loss_usd_bn", "Cumulative blockade loss", echarts.bn_usd, "bn USD"
        ),
    }
    for actor in cast.actor_ids:
        title = f"Influence of {cast.labels[actor]}"
        shown[title] = echarts.Measure(f"influence_{actor}", title, echarts.percent, "%", 100)
    return shown


def counterfactuals(model: LibyaModel) -> dict[str, str]:
    """The shipped scenarios the run can be compared with, by title and years, to their names.

    Each with the run's parameter changes, as the comparison runs it; offered only where it
    then spans the run's weeks with the run's actors (`experiments.bands.comparable`).
    """
    current = run_scenario(model)
    changed = changed_parameters(model)
    offered = {}
    for name in list_scenarios():
        try:
            other = shipped_scenario(name).with_overrides(changed, "your parameter changes")
        except ScenarioError:  # a change its own parameters refuse
            continue
        if comparable(current, other):
            offered[other.heading] = name
    return offered


def compare_with(model: LibyaModel, seed: int, other: str, seeds: int) -> Comparison:
    """The run's scenario against `other` with the run's parameter changes, over `seeds`."""
    changed = changed_parameters(model)
    counterfactual = shipped_scenario(other).with_overrides(changed, "your parameter changes")
    columns = [measure.column for measure in measures(model.cast).values()]
    return compare(run_scenario(model), counterfactual, columns, seed, seeds)


def first_choice(names: list[str], current: str) -> str | None:
    """The counterfactual a picker starts at: no deal, else the first other than the run's own.

    The run's own scenario only when it is the one there is (it then compares its parameter
    changes and injected events with the scenario as shipped).
    """
    others = [name for name in names if name != current]
    if "no_deal" in others:
        return "no_deal"
    return next(iter(others or names), None)


def use_counterfactual(model: LibyaModel) -> tuple[str | None, dict[str, str], Callable]:
    """The counterfactual a picker holds, what it offers, and the function to pick another.

    A hook. The counterfactual is None when there is none to offer; the offer maps the
    scenarios' names to their titles.
    """
    choices = solara.use_memo(lambda: counterfactuals(model), [model])
    names = list(choices.values())
    picked, set_picked = solara.use_state(first_choice(names, model.scenario_name))
    other = picked if picked in names else first_choice(names, model.scenario_name)
    return other, {name: title for title, name in choices.items()}, set_picked


@solara.component
def CompareView(
    model: LibyaModel, seed: int, record: str | None, display: Display = Display()
) -> None:
    """Pick a counterfactual and a number of seeds, run both, and read the bands.

    `record` is the scenario's observed record: the weeks after it are shaded as forecast.
    """
    other, titles, set_other = use_counterfactual(model)
    seeds, set_seeds = solara.use_state(BAND_SEEDS)
    shown = measures(model.cast)
    measure, set_measure = solara.use_state(next(iter(shown)))
    problem, set_problem = solara.use_state("")

    def run_bands() -> Comparison | None:
        set_problem("")
        try:
            return compare_with(model, seed, other, seeds)
        except (ScenarioError, ValueError) as exc:
            set_problem(str(exc))
            return None

    task = solara.lab.use_task(run_bands, dependencies=None, prefer_threaded=True)

    if other is None:
        solara.Info("No shipped scenario spans this run's weeks with its actors: none to compare.")
        return

    def choose_seeds(value: int | None) -> None:
        if value is None or not 2 <= value <= MAX_SEEDS:
            set_problem(f"The number of seeds must be a whole number from 2 to {MAX_SEEDS}.")
            return
        set_problem("")
        set_seeds(value)

    with solara.Row(style={"flex-wrap": "wrap", "align-items": "center", "gap": "12px"}):
        select_shown("Counterfactual", other, titles, set_other)
        solara.InputInt("Seeds", value=seeds, on_value=choose_seeds, continuous_update=False)
        solara.Button("Run the bands", color="primary", on_click=task, disabled=bool(task.pending))
    solara.Text(
        f"Runs this run's scenario (with your parameter changes and the events injected so far) "
        f"and {other} with your parameter changes, {seeds} seeds each, the first of them this "
        f"run's seed ({seed}); shows each as its median and 90% band, and the difference run "
        "by run with the same seed.",
        style={"font-size": "0.85em", "color": "#555"},
    )
    if problem:
        solara.Error(problem)
    if task.pending:
        solara.ProgressLinear(True)
        solara.Text(f"Running {2 * seeds} runs...")
        return
    comparison = task.value if task.finished else None
    if comparison is not None and (
        comparison.counterfactual.label != other or len(comparison.current.seeds) != seeds
    ):
        comparison = None  # made for another choice: run the bands again
    if comparison is None:
        solara.Info("Press Run the bands to compare this run's scenario with the counterfactual.")
        return
    solara.Select("Show", value=measure, values=list(shown), on_value=set_measure)
    chart = chart_data(model, display, record=record)
    EChart(echarts.band_option(chart, comparison, shown[measure]), display)
    EChart(echarts.difference_option(chart, comparison, shown[measure]), display)
