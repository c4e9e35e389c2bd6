"""The debrief of a class (experiments.class_debrief): its path against the model's own.

The model's own path has the same seed and the teacher's events and no student choices, so
every difference the debrief shows comes from the students' choices.
"""

from __future__ import annotations

import pandas as pd
import pytest

from experiments.class_debrief import (
    changes_table,
    choices_summary,
    paths_table,
    printable_page,
    students_moves,
)
from experiments.classroom import ClassRun, ClassSetup

NAME = "<b>Amal</b> & co"
LIFT = "Lift the blockade"


@pytest.fixture(scope="module")
def played() -> ClassRun:
    """A 2020 class whose LNA team lifts at its first decision; the UN goes wide and hard."""
    run = ClassRun(ClassSetup("sochi_2020", seed=78, roles=("lna", "noc", "un")))
    run.choose("un", "Wide and hard", "Chen")
    while run.model.running:
        if "lna" in run.asked():
            run.choose("lna", LIFT, NAME)
        run.advance(held={"lna", "noc", "un"})
    return run


def tables(run: ClassRun) -> tuple[pd.DataFrame, pd.DataFrame]:
    ours = run.model.datacollector.get_model_vars_dataframe()
    return ours, run.model_path().datacollector.get_model_vars_dataframe()


def test_what_the_class_changed_is_its_path_minus_the_models(played: ClassRun):
    ours, models = tables(played)
    changes = changes_table(ours, models, played.model.cast)
    oil = changes.loc["oil produced, mean (kbpd)"]
    assert oil["the class"] == pytest.approx(ours.production_kbpd.mean())
    assert oil["the model's path"] == pytest.approx(models.production_kbpd.mean())
    # lifting in January instead of September: more oil, a smaller loss
    assert oil["difference"] > 100
    assert changes.loc["loss from the blockade (USD bn)", "difference"] < 0
    shares = changes.loc[[f"influence: {label}" for label in played.model.cast.labels.values()]]
    assert shares["the class"].sum() == pytest.approx(1.0)  # influence is a share of all


def test_each_roles_choices_are_counted_beside_the_models_draw(played: ClassRun):
    summary = choices_summary(played.moves_table()).set_index("role")
    lna = summary.loc["LNA (Haftar)"]
    assert lna["students' choices"] == 1  # lifted at the first decision: never asked again
    assert lna["same as the model's draw"] in ("0 of 1", "1 of 1")
    assert summary.loc["UN (UNSMIL)", "same as the model's draw"] == "0 of 0"  # a lever: no draw
    chosen = students_moves(played.moves_table())
    assert set(chosen["student"]) == {NAME, "Chen"}
    assert list(chosen.columns) == ["week", "role", "student", "option", "the model's draw"]


def test_the_paths_table_holds_both_paths_week_by_week(played: ClassRun):
    ours, models = tables(played)
    table = paths_table(ours, models, played.model.cast)
    assert len(table) == len(ours)
    assert (table["class: production_kbpd"] >= 0).all()
    assert table["model: influence_lna"].tolist() == models["influence_lna"].tolist()


def test_the_printable_page_escapes_names_and_describes_its_chart(played: ClassRun):
    ours, models = tables(played)
    page = printable_page(NAME, ours, models, played.moves_table(), played.model.cast, "2020")
    assert "<b>Amal</b>" not in page and "&lt;b&gt;Amal&lt;/b&gt;" in page
    assert 'alt="Two charts over the weeks of the run' in page
    assert "data:image/png;base64," in page and "http" not in page  # nothing fetched
