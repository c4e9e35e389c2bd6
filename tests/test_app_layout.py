"""The page's layout for a classroom, rendered in-process with solara.render (no browser):
monitors, the timeline, projector mode, keys, the first-run hint, titles, sliders, role play."""

from __future__ import annotations

import re
from pathlib import Path

import ipyvuetify as v
import pytest
import reacton.core
import solara
import solara.widgets

from config.parameters import parameter_info
from config.scenarios import ScenarioError, load_scenario
from experiments.roleplay import ROLES
from model import LibyaModel
from viz.app import FIRST_RUN_HINT, Page
from viz.display import Display
from viz.keyboard import KEYS_HELP, KeyboardWidget
from viz.monitors import Monitors, week_figures
from viz.run_data import weekly_table
from viz.teaching import RolePlayPanel
from viz.timeline import site_map, sites_at

SEED = 78

PARAMETER_NAMES = {info.name for info in parameter_info()}


def texts(rc) -> str:
    """Every text the rendered page shows: Markdown, raw HTML and plain spans."""
    found = []
    for widget in rc.find(v.VuetifyTemplate).widgets:
        template = widget.template
        found.append(getattr(template, "template", template) or "")
    found += [widget.unsafe_innerHTML or "" for widget in rc.find(solara.widgets.HTML).widgets]
    for span in rc.find(tag="span").widgets:
        found += [child for child in span.children if isinstance(child, str)]
    return re.sub(r"<[^>]+>", "", "\n".join(found))


@pytest.fixture
def page():
    _box, rc = solara.render(solara.AppLayout(children=[Page()]), handle_error=False)
    yield rc
    rc.close()


def step(rc, times: int = 1) -> None:
    for _ in range(times):
        rc.find(v.Btn, children=["Step"]).widget.click()


def timeline(rc) -> v.Slider:
    return rc.find(v.Slider, label="Timeline").widget


def test_the_monitors_show_the_weekly_tables_numbers_of_the_week():
    model = LibyaModel(rng=SEED)
    model.run_for(30)  # into the blockade: revenue has stopped, the loss grows
    weekly = weekly_table(model)
    _box, rc = solara.render(Monitors(model, Display(), model.steps), handle_error=False)
    shown = texts(rc)
    revenue_bn = weekly["revenue_usd_m"].sum() / 1000
    leader = max(model.political_actors, key=lambda actor: actor.influence)
    assert "Week ending 28 April 2020" in shown and "step 30 of 92" in shown
    assert f"{weekly['production_kbpd'].iloc[-1]:,.0f} kbpd" in shown
    assert f"${revenue_bn:,.1f} bn" in shown
    assert f"${weekly['cumulative_loss_usd_bn'].iloc[-1]:,.1f} bn" in shown
    assert f"{leader.label} {leader.influence:.0%}" in shown
    assert weekly["production_kbpd"].iloc[-1] < 150  # the blockade: the monitor shows it
    rc.close()


def test_week_figures_add_up_revenue_to_the_week_and_name_its_leader():
    model = LibyaModel(rng=SEED)
    model.run_for(20)
    weekly = weekly_table(model)
    labels = {actor.actor_id: actor.label for actor in model.political_actors}
    figures = week_figures(weekly, 5, 92, labels)
    assert figures.revenue_to_date_usd_bn == pytest.approx(
        weekly["revenue_usd_m"].iloc[:6].sum() / 1000
    )
    later = week_figures(weekly, 20, 92, labels)
    assert figures.revenue_to_date_usd_bn < later.revenue_to_date_usd_bn
    shares = {actor: weekly[f"influence_{actor}"].iloc[5] for actor in labels}
    assert figures.leader == labels[max(shares, key=shares.get)]
    assert str(figures.date) == weekly["date"].iloc[5]


def test_the_timeline_moves_only_when_the_user_moves_it(page):
    step(page, 2)
    timeline(page).v_model = 1  # a value the browser sends back, e.g. clamped to a range
    assert "step 2 of 92" in texts(page) and "Showing a past week" not in texts(page)


def test_the_timeline_shows_a_past_weeks_numbers_and_step_follows_the_run_again(page):
    step(page, 3)
    assert "step 3 of 92" in texts(page)
    timeline(page).fire_event("change", 1)  # as the page does when the user moves it
    shown = texts(page)
    assert "Week ending 08 October 2019" in shown and "step 1 of 92" in shown
    assert "Showing a past week: the run is at step 3" in shown
    step(page)
    shown = texts(page)
    assert "step 4 of 92" in shown and "Showing a past week" not in shown
    assert timeline(page).v_model == 4


def test_a_past_weeks_map_is_drawn_from_the_sites_recorded_that_week():
    model = LibyaModel(rng=SEED)
    model.run_for(60)  # the blockade began in January 2020 and the deal reopened the oil
    now = {site.name: site for site in sites_at(model, model.steps)}
    for asset in model.assets:  # the record of this week is the live state of this week
        recorded = now[asset.name]
        assert (recorded.controller, recorded.status, recorded.foreign_forces) == (
            asset.controller,
            asset.status,
            asset.foreign_forces,
        )
        assert recorded.production_kbpd == pytest.approx(asset.production_kbpd)
        assert (recorded.terminal and recorded.terminal.name) == (
            asset.terminal and asset.terminal.name
        )
    during = sites_at(model, 25)
    blockaded = {site.name for site in during if site.status == "blockaded"}
    assert blockaded and not blockaded & {a.name for a in model.assets if a.status == "blockaded"}
    past = site_map(model, Display(week=25))
    assert weekly_table(model)["date"].iloc[25] in past.axes[0].get_title()


def test_the_simple_map_names_only_terminals_and_the_largest_fields_and_no_city():
    model = LibyaModel(rng=SEED)
    full, simple = (site_map(model, Display(projector=p)) for p in (False, True))

    def labels(figure):
        return {text.get_text() for text in figure.axes[0].texts if text.get_fontsize() > 6}

    assert "TRIPOLI" in labels(full) and not any(label.isupper() for label in labels(simple))
    terminals = {asset.name for asset in model.assets if not asset.is_field}
    assert terminals <= {label.removesuffix(" (foreign forces)") for label in labels(simple)}
    assert len(labels(simple)) < len(labels(full))


def test_projector_mode_has_no_sidebar_and_keeps_the_controls_and_other_cards(page):
    assert len(page.find(v.NavigationDrawer).widgets) == 1
    page.find(v.Switch, label="Projector mode").widget.v_model = True
    assert page.find(v.NavigationDrawer).widgets == []
    for button in ("Reset", "▶", "Step"):
        page.find(v.Btn, children=[button]).assert_single()
    timeline(page)  # above the charts, with the run controls
    page.find(v.Select, label="Exercise").assert_single()  # below the charts
    page.find(v.Select, label="Scenario").assert_single()
    step(page)
    assert "step 1 of 92" in texts(page)
    page.find(v.Switch, label="Projector mode").widget.v_model = False
    assert len(page.find(v.NavigationDrawer).widgets) == 1
    assert "step 1 of 92" in texts(page)  # the same run


def test_the_keys_play_step_and_reset_and_are_listed_in_a_help_line(page):
    keys = page.find(KeyboardWidget).widget
    assert KEYS_HELP in texts(page)
    keys.vue_key_action("step")
    keys.vue_key_action("step")
    assert "step 2 of 92" in texts(page)
    keys.vue_key_action("reset")
    assert "step 0 of 92" in texts(page)
    page.find(v.Slider, label="Weekly pause: 100 ms").widget.v_model = 1000  # a second a week
    keys.vue_key_action("play_pause")
    page.find(v.Btn, children=["❚❚"]).assert_single()
    keys.vue_key_action("play_pause")
    page.find(v.Btn, children=["▶"]).assert_single()


def test_role_play_turns_the_keys_off(page):
    page.find(v.Btn, children=["Start role play (from the first week)"]).widget.click()
    assert page.find(KeyboardWidget).widgets == []


def test_the_first_run_hint_says_what_to_press_until_the_first_step(page):
    assert FIRST_RUN_HINT in texts(page)
    step(page)
    assert FIRST_RUN_HINT not in texts(page)
    page.find(v.Btn, children=["Reset"]).widget.click()
    assert FIRST_RUN_HINT not in texts(page)  # said once


def test_the_first_run_hint_can_be_closed(page):
    page.find(v.Btn, children=["Got it"]).widget.click()
    assert FIRST_RUN_HINT not in texts(page)


def test_no_slider_keeps_a_bubble_over_its_neighbours_and_labels_carry_the_values(page):
    for group in page.find(v.ExpansionPanels).widgets:  # parameter groups draw when opened
        group.v_model = 0
    sliders = page.find(v.Slider).widgets
    assert len(sliders) > 20  # the pause, the timeline, the parameters, the inject form
    assert [s for s in sliders if s.thumb_label == "always"] == []
    assert "Weekly pause: 100 ms" in [slider.label for slider in sliders]
    assert any(re.fullmatch(r"weeks \(weeks\): 92", slider.label) for slider in sliders)


def test_a_parameter_group_draws_its_sliders_only_while_it_is_open(page):
    def parameter_sliders() -> list[str]:
        return [s.label for s in page.find(v.Slider).widgets if "(" in s.label]

    assert parameter_sliders() == []
    groups = page.find(v.ExpansionPanels).widgets
    groups[0].v_model = 0
    opened = parameter_sliders()
    assert opened and all(label.split(" ")[0] in PARAMETER_NAMES for label in opened)
    groups[0].v_model = None
    assert parameter_sliders() == []


def test_a_week_is_drawn_in_one_render_pass(page, monkeypatch):
    step = page.find(v.Btn, children=["Step"]).widget
    step.click()  # the first also closes the first-run hint, a change of the page's own
    passes = []
    render_once = reacton.core._RenderContext._render_once
    monkeypatch.setattr(
        reacton.core._RenderContext,
        "_render_once",
        lambda self, *args, **kwargs: passes.append(1) or render_once(self, *args, **kwargs),
    )
    step.click()
    assert "step 2 of 92" in texts(page)
    assert len(passes) == 1  # the monitors, the charts and the share field together


def test_a_scenario_title_is_one_line_of_its_own_and_never_inherited(tmp_path: Path):
    base = load_scenario("sochi_2020")
    assert base.heading == "The 2020 blockade and the Russia-brokered deal (2019-2021)"
    child = tmp_path / "child.toml"
    child.write_text('name = "child"\nextends = "sochi_2020"\n')
    assert load_scenario(child).heading == "child (2019-2021)"
    child.write_text('name = "child"\ntitle = """two\nlines"""\nextends = "sochi_2020"\n')
    with pytest.raises(ScenarioError, match="title: must be one line of text"):
        load_scenario(child)
    child.write_text('name = "child"\ntitle = 2020\n')
    with pytest.raises(ScenarioError, match="title"):
        load_scenario(child)


def test_role_play_says_before_playing_that_no_decision_is_left_and_plays_to_the_end():
    model = LibyaModel(rng=SEED)
    model.run_for(15)  # the LNA's first blockade decision is due
    panel = RolePlayPanel(model, "revenue_claimant", {"rng": SEED}, lambda _overlay: None)
    _box, rc = solara.render(panel, handle_error=False)
    rc.find(v.Btn, children=[ROLES["revenue_claimant"].options[1]]).widget.click()  # lift
    rc.find(v.Btn, children=["Play this week"]).widget.click()
    assert model.steps == 16 and model.running
    assert "No decision of yours is left:" in texts(rc)
    assert rc.find(v.Btn, children=["Play to my next decision"]).widgets == []
    rc.find(v.Btn, children=["Play to the end"]).widget.click()
    assert not model.running
    assert "No decision of yours came up again" in texts(rc)
    rc.close()


def test_role_play_offers_the_next_decision_while_one_is_left():
    model = LibyaModel(rng=SEED)
    panel = RolePlayPanel(model, "revenue_claimant", {"rng": SEED}, lambda _overlay: None)
    _box, rc = solara.render(panel, handle_error=False)
    assert "No decision of yours is left" not in texts(rc)
    rc.find(v.Btn, children=["Play to my next decision"]).assert_single()
    rc.close()
