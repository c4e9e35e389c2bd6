"""The Event log tab (viz/event_log.py): key events, filters, pages and the odds on request."""

from __future__ import annotations

import datetime as dt
import itertools
import re

import ipyvuetify as v
import pandas as pd
import pytest
import solara
from mesa.visualization.utils import force_update

from agents.decisions import Decision
from experiments.runner import DEFAULT_SEED
from model import LibyaModel
from viz.event_log import (
    HOLD_WEEKS,
    PAGE_ROWS,
    EventLog,
    changes_of_course,
    key_events,
    plain_sentence,
    read_explanation,
)

JARGON = re.compile(r"p = |draw \d|utility")


@pytest.fixture(scope="module")
def finished() -> LibyaModel:
    """The app's first run (the default scenario), played to its last week."""
    model = LibyaModel(rng=DEFAULT_SEED)
    model.run_model()
    return model


@pytest.fixture
def tab(finished: LibyaModel):
    _box, rc = solara.render(EventLog(finished), handle_error=False)
    yield rc
    rc.close()


def shown_text(rc) -> list[str]:
    """The texts on the tab, one a line (solara.Text: a span)."""
    spans = rc.find(tag="span").widgets
    return [c for span in spans for c in span.children if isinstance(c, str)]


def row_count(rc) -> tuple[int, int, int]:
    """(page, pages, rows) from the pager's 'page k of n (m rows)'."""
    (found,) = [t for t in shown_text(rc) if t.startswith("page ")]
    return tuple(int(n) for n in re.findall(r"\d+", found))


def toggle(rc, label: str) -> None:
    """Press one of a group of toggle buttons (Key events / All decisions, the order)."""
    for group in rc.find(v.BtnToggle).widgets:
        labels = [button.children[0] for button in group.children]
        if label in labels:
            group.v_model = labels.index(label)
            return
    raise AssertionError(f"no toggle button {label!r}")


def click(rc, label: str) -> None:
    rc.find(v.Btn, children=[label]).widget.click()


def week_of(text: str) -> dt.date:
    return dt.datetime.strptime(text, "%d %b %Y").date()


def dates_shown(rc) -> list[dt.date]:
    return [week_of(t) for t in shown_text(rc) if re.fullmatch(r"\d\d \w{3} \d{4}", t)]


# --- the model's explanations, read back --------------------------------------------------


@pytest.mark.parametrize(
    ("choice", "by_player", "terms"),
    list(
        itertools.product([True, False], [False, True], [{}, {"bias": 6.3, "deal commitment": -6}])
    ),
)
def test_an_explanation_splits_back_into_the_sentence_and_odds_it_was_written_from(
    choice: bool, by_player: bool, terms: dict[str, float]
):
    decision = Decision(
        step=40,
        date=dt.date(2020, 7, 7),
        actor="russia",
        kind="support",
        choice=choice,
        probability=0.93449,
        draw=0.0716,
        terms=terms,
        yes="Russia supports the LNA (Haftar), as the GNA's (Sarraj) foe",
        no="Russia holds back support for the LNA (Haftar); it waits",
        by_player=by_player,
    )
    odds = read_explanation(decision.explanation)
    assert odds is not None
    assert odds.sentence == (decision.yes if choice else decision.no)
    assert (odds.probability, odds.draw) == (0.934, 0.072)  # the text's three decimals
    assert odds.yes == decision.yes
    assert odds.model_would == (decision.yes if by_player else None)
    assert odds.terms == ("bias +6.30, deal commitment -6.00 = utility +0.30" if terms else "")
    plain = plain_sentence("decision", decision.explanation)
    assert plain == odds.sentence + (" (the player's choice)" if by_player else "")
    assert not JARGON.search(plain)


def test_every_decision_of_a_run_reads_as_a_sentence_with_its_probability_and_draw(finished):
    log = finished.event_log()
    decisions = log[log["category"] == "decision"]
    assert len(decisions) == len(finished.log.decisions)  # the log has no draw: the text has
    for row, decision in zip(decisions.itertuples(), finished.log.decisions, strict=True):
        odds = read_explanation(row.explanation)
        assert odds is not None, row.explanation
        assert odds.sentence == (decision.yes if decision.choice else decision.no)
        assert odds.probability == round(row.probability, 3)
        assert odds.draw == round(decision.draw, 3)
    events = log[log["category"] == "event"]
    assert all(plain_sentence("event", text) == text for text in events["explanation"])


# --- which rows are key -----------------------------------------------------------------


def test_the_event_log_keeps_events_and_changes_of_course_not_every_weekly_decision(finished):
    log = finished.event_log()
    shown = changes_of_course(log)
    assert (shown["category"] == "event").sum() == (log["category"] == "event").sum()
    blockade = shown[shown["kind"] == "blockade"]
    lna = blockade[blockade["category"] == "decision"]["explanation"].str.split(" [(]").str[0]
    assert list(lna) == ["LNA keeps the blockade", "LNA lifts the blockade"]
    assert (log["kind"] == "blockade").sum() > 10 * len(lna)  # kept week after week


def synthetic_decisions(kind: str, choices: str) -> pd.DataFrame:
    """A log of one actor's weekly decisions of one kind: 'S' yes, 'h' no."""
    return pd.DataFrame(
        {
            "date": [f"week {week}" for week in range(len(choices))],
            "step": range(1, len(choices) + 1),
            "category": "decision",
            "kind": kind,
            "actors": "turkey",
            "choice": [c == "S" for c in choices],
            "explanation": list(choices),
        }
    )


@pytest.mark.parametrize(
    ("choices", "kept"),
    [
        ("SShSShhSSS", "S"),  # weeks of holding back, never four in a row: the first only
        ("SShhhhSSSS", "ShS"),  # four weeks of holding back, then four of support
        ("hSSSShhhSS", "hS"),  # the first sets the course, whatever follows
        ("SShhhhShhh", "Sh"),  # a week of support between holding back is no change
    ],
)
def test_a_patrons_support_counts_as_a_change_only_when_it_holds_four_weeks(choices, kept):
    assert HOLD_WEEKS["support"] == 4
    log = synthetic_decisions("support", choices)
    assert "".join(key_events(log)["explanation"]) == kept
    every = "".join(changes_of_course(log)["explanation"])  # without holding: every flip
    assert len(every) == 1 + sum(a != b for a, b in itertools.pairwise(choices))


def test_key_events_hide_support_flip_flops_and_weekly_protest_draws(finished):
    log = finished.event_log()
    key = key_events(log)
    decided = log["category"] == "decision"
    support = log[decided & (log["kind"] == "support")]
    flips = changes_of_course(support)
    assert len(flips) >= 20  # the run is full of them
    shown = key[key["kind"] == "support"]
    assert len(shown) <= 4
    for index in shown.index:  # each shown change is the patron's first, or holds 4 weeks
        own = support[support["actors"] == log.at[index, "actors"]]
        position = own.index.get_loc(index)
        assert position == 0 or own["choice"].iloc[position : position + 4].nunique() == 1
    assert not (
        (key["category"] == "decision") & key["kind"].isin(["protest", "foreign_forces"])
    ).any()
    protests = key[(key["category"] == "event") & (key["kind"] == "protest")]
    every_protest = log[~decided & (log["kind"] == "protest")]
    assert 0 < len(protests) < len(every_protest)
    weeks = set(zip(every_protest["actors"], every_protest["step"], strict=True))
    starts = zip(protests["actors"], protests["step"], strict=True)
    assert all((region, step - 1) not in weeks for region, step in starts)
    other_events = log[~decided & (log["kind"] != "protest")]
    assert other_events.index.isin(key.index).all()


# --- the tab --------------------------------------------------------------------------------


def test_the_key_events_of_a_whole_run_are_in_plain_words_and_reach_january_2020(tab, finished):
    texts = []
    _page, pages, rows = row_count(tab)
    assert rows == len(key_events(finished.event_log()))
    assert pages == -(-rows // PAGE_ROWS) and pages < 5  # a few pages for a whole run
    for _ in range(pages):
        texts += shown_text(tab)
        if row_count(tab)[0] < pages:
            click(tab, "Next")
    joined = "\n".join(texts)
    assert "17 Jan 2020" in texts
    assert "Tribal leaders close to Haftar call a blockade" in joined
    assert "LNA lifts the blockade" in texts
    held_back = "Turkey holds back support for the GNA (Sarraj)"
    assert texts.count(held_back) == 1  # its first draw; not the weeks of holding back after:
    assert (finished.event_log()["explanation"].str.startswith(held_back)).sum() > 5
    assert not JARGON.search(joined)


def test_all_decisions_are_paged_and_the_last_page_reaches_the_first_week(tab, finished):
    log = finished.event_log()
    toggle(tab, "All decisions")
    page, pages, rows = row_count(tab)
    assert (page, rows) == (1, len(log)) and rows > 500
    assert dates_shown(tab)[0] == finished.date  # newest first: the last week
    assert len(dates_shown(tab)) == PAGE_ROWS
    click(tab, "Last")
    assert row_count(tab)[:2] == (pages, pages)
    first_week = week_of("08 Oct 2019")
    assert dates_shown(tab)[-1] == first_week
    assert plain_sentence("decision", log["explanation"].iloc[0]) in shown_text(tab)
    toggle(tab, "Oldest first")
    assert row_count(tab)[0] == 1
    assert dates_shown(tab)[0] == first_week
    click(tab, "Next")
    click(tab, "Previous")
    assert dates_shown(tab)[0] == first_week


def test_filters_by_actor_kind_and_weeks_narrow_the_rows(tab, finished):
    log = finished.event_log()
    toggle(tab, "All decisions")
    names = log["actors"].str.split(";")
    lna = log[names.map(lambda ids: "lna" in ids)]
    tab.find(v.Select, label="Actor").widget.v_model = "LNA (Haftar)"
    assert row_count(tab)[2] == len(lna) and len(lna) < len(log)
    tab.find(v.Select, label="Kind").widget.v_model = "Blockade"
    blockade = lna[lna["kind"] == "blockade"]
    assert row_count(tab)[2] == len(blockade) and len(blockade) < len(lna)
    tab.find(v.RangeSlider).widget.v_model = [16, 17]
    january = blockade[blockade["step"].between(16, 17)]
    assert row_count(tab)[2] == len(january) == 3  # the blockade imposed, then kept twice
    assert "from the week ending 21 Jan 2020 to the week ending 28 Jan 2020" in shown_text(tab)
    assert dates_shown(tab) == [week_of(d) for d in ("28 Jan 2020", "21 Jan 2020", "17 Jan 2020")]
    tab.find(v.Select, label="Actor").widget.v_model = "Tripolitania (west)"
    assert row_count(tab)[2] == 0  # no blockade by the people of the west
    assert "Nothing to show" in "\n".join(shown_text(tab))
    tab.find(v.Select, label="Kind").widget.v_model = "All kinds"
    tab.find(v.RangeSlider).widget.v_model = [1, finished.params.weeks]
    west = log[names.map(lambda ids: "west" in ids)]
    assert row_count(tab)[2] == len(west) and (west["kind"] == "protest").all()


def test_why_shows_the_probability_and_draw_behind_a_decision(tab, finished):
    tab.find(v.Select, label="Actor").widget.v_model = "LNA (Haftar)"
    tab.find(v.Select, label="Kind").widget.v_model = "Blockade"
    toggle(tab, "Oldest first")
    assert not JARGON.search("\n".join(shown_text(tab)))
    lifted = next(d for d in finished.log.decisions if d.kind == "blockade" and not d.choice)
    buttons = tab.find(v.Btn, children=["why?"]).widgets
    assert len(buttons) == 2  # the first decision (keeps) and the lift; the event has no why
    buttons[1].click()
    texts = shown_text(tab)
    (why,) = [t for t in texts if t.startswith("LNA lifts the blockade (p = ")]
    assert f"draw {lifted.draw:.3f}" in why and "= utility" in why
    (reading,) = [t for t in texts if t.startswith("p = ")]
    assert f"The model drew {lifted.draw:.3f}, not below p: no." in reading
    click(tab, "hide why")
    assert not JARGON.search("\n".join(shown_text(tab)))


def test_a_new_run_keeps_the_filters_but_not_the_open_whys(tab, finished):
    tab.find(v.Select, label="Actor").widget.v_model = "LNA (Haftar)"
    tab.find(v.Select, label="Kind").widget.v_model = "Blockade"
    tab.find(v.Btn, children=["why?"]).widgets[0].click()
    assert tab.find(v.Btn, children=["hide why"]).widgets
    fresh = LibyaModel(rng=DEFAULT_SEED)
    tab.render(EventLog(fresh))  # as a reset does: the same tab, a new model
    assert "Nothing to show" in "\n".join(shown_text(tab))
    fresh.run_for(17)
    force_update()  # as the app does after each step
    assert tab.find(v.Select, label="Actor").widget.v_model == "LNA (Haftar)"
    assert row_count(tab)[2] == 2  # the blockade of 17 January, kept on the 21st
    assert not tab.find(v.Btn, children=["hide why"]).widgets
