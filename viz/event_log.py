"""The Event log tab: the whole run page by page, filtered, in plain language, odds on request.

**Pages, not one scrolling list.** The log of a default run holds some 600 rows, and the tab
redraws after every week of play. Drawn as widgets, a list of every row would build and
redraw hundreds of widgets (some 3 ms of server time per row) and grow with the run; a page of
`PAGE_ROWS` rows costs the same in the first week and the last (about 30-40 ms of CPU a week,
`benchmarks/bench_event_log.py`), and a pager ("page k of n", first, previous, next, last)
with a choice of order (newest or oldest first) reaches any week of the run in two clicks.

**Key events** (the default view) are, from the whole log (`key_events`):

- every event, except a protest that goes on from the week before in the same region: a
  protest shows at its first week;
- each decision by which an actor changes course (`changes_of_course`: its first decision of
  a kind, then each choice that differs from the one before), such as "LNA lifts the
  blockade" after weeks of keeping it, or the NOC lifting force majeure;
- but where a decision drawn afresh each week flips by chance, a change counts only when the
  new choice holds (`HOLD_WEEKS`): a patron's support four weeks (its backing follows its
  weekly support slowly, `agents.external_power.BACKING_SMOOTHING`, so a week of holding back
  is noise: in a default run 11 of the last 60 rows of the old log were such flip-flops), a
  government's compliance with a deal two weeks (a lone week moves one week's share of
  revenue);
- and never the decisions whose outcome the model logs as an event of its own
  (`TOLD_BY_EVENTS`): protests ("no protests in the west" week after week) and foreign forces
  staying at a field; the events say when people take to the streets and when forces leave.

**All decisions** shows every row. Both views take the same filters: an actor (or a region),
a kind of row, and a range of weeks.

**Plain language and the odds.** A decision's explanation is written by
`agents.decisions.Decision.explanation` as "SENTENCE (p = P[ for 'YES'], draw D)[: TERMS]",
where a player's choice puts "the player's choice; the model's draw: WOULD, " before "p = ".
The event log (`model.event_log()`) has the probability but not the draw, so
`read_explanation` splits that text with the same grammar; a row shows the sentence, and its
"why" button the whole text with a reading of it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from typing import Any, NamedTuple

import pandas as pd
import reacton.ipyvuetify as rv
import solara
from mesa.visualization.utils import update_counter

from model import LibyaModel
from model.calendar import date_of
from viz.run_data import event_table

PAGE_ROWS = 20
"""Rows on a page of the log: a page redraws quickly after each week of play."""

HOLD_WEEKS = {"support": 4, "compliance": 2}
"""Kinds of decision whose change of course is key only when it holds this many weeks."""

TOLD_BY_EVENTS = frozenset({"protest", "foreign_forces"})
"""Kinds of decision whose outcome the model also logs as an event (a protest, forces leaving)."""

KIND_WORDS = {
    "support": "Patrons' support",
    "compliance": "Compliance with a deal",
    "un_engagement": "UN engagement",
}
"""Words for the kinds of the log whose id, read as words, would not say what they are."""

KEY, EVERYTHING = "Key events", "All decisions"
NEWEST, OLDEST = "Newest first", "Oldest first"
ALL_ACTORS, ALL_KINDS = "All actors", "All kinds"

_ODDS = re.compile(
    r"(?P<sentence>.+?) \("
    r"(?:the player's choice; the model's draw: (?P<model_would>.+?), )?"
    r"p = (?P<probability>\d\.\d{3})(?: for '(?P<yes>.+?)')?, draw (?P<draw>\d\.\d{3})\)"
    r"(?:: (?P<terms>.+))?",
    re.DOTALL,
)


class Odds(NamedTuple):
    """A decision's explanation, split as `agents.decisions.Decision.explanation` joins it.

    Attributes:
        sentence: what was decided, in words ("LNA lifts the blockade").
        probability: the probability of 'yes', to three decimals.
        draw: the number drawn, to three decimals ('yes' if below the probability).
        yes: what 'yes' means; the sentence itself after a 'yes'.
        model_would: after a player's choice, what the model's own draw decided; else None.
        terms: "bias +6.30, ... = utility -1.75"; empty for a plain weekly hazard.
    """

    sentence: str
    probability: float
    draw: float
    yes: str
    model_would: str | None
    terms: str


def read_explanation(text: str) -> Odds | None:
    """A decision's explanation split into its sentence, odds and terms; None for any other text."""
    found = _ODDS.fullmatch(text)
    if found is None:
        return None
    sentence = found["sentence"]
    return Odds(
        sentence=sentence,
        probability=float(found["probability"]),
        draw=float(found["draw"]),
        yes=found["yes"] or sentence,
        model_would=found["model_would"],
        terms=found["terms"] or "",
    )


def plain_sentence(category: str, explanation: str) -> str:
    """A row of the log in plain words: an event as written, a decision without its odds."""
    odds = read_explanation(explanation) if category == "decision" else None
    if odds is None:
        return explanation
    return f"{odds.sentence} (the player's choice)" if odds.model_would else odds.sentence


def reading(odds: Odds) -> str:
    """How the odds of a decision decided it, in words."""
    chose = "yes" if odds.draw < odds.probability else "no"
    below = "below" if chose == "yes" else "not below"
    text = (
        f"p = {odds.probability:.3f} is the probability of '{odds.yes}'. The model drew "
        f"{odds.draw:.3f}, {below} p: {chose}."
    )
    if odds.model_would:
        text += f" A player chose instead; the model's draw said: {odds.model_would}."
    if odds.terms:
        text += " The terms add up to the utility, and p = 1 / (1 + exp(-utility))."
    else:
        text += " p is a weekly chance."
    return text


def kind_words(kind: str) -> str:
    """A kind of the log in words: 'force_majeure_lifted' -> 'Force majeure lifted'."""
    return KIND_WORDS.get(kind, kind.replace("_", " ").capitalize())


def changes_of_course(
    log: pd.DataFrame, hold_weeks: Mapping[str, int] | None = None
) -> pd.DataFrame:
    """The events of an event log, and each decision by which an actor changed course.

    A decision is kept when it is the first of its actor and kind, or when its choice differs
    from that actor's course of that kind: "LNA lifts the blockade" after weeks of "LNA keeps
    the blockade", not every week of keeping it. With `hold_weeks`, a change of a kind it names
    counts only when the new choice holds that many weeks in a row (`held_changes`).
    """
    decided = log["category"] == "decision"
    changed: list[int] = []
    for (_actor, kind), choices in log[decided].groupby(["actors", "kind"], sort=False)["choice"]:
        starts = held_changes(choices.tolist(), (hold_weeks or {}).get(kind, 1))
        changed.extend(choices.index[starts])
    return log[~decided | log.index.isin(changed)]


def held_changes(choices: list[bool], weeks: int) -> list[int]:
    """Where a sequence of one actor's choices of one kind takes a new course (positions).

    That is at the first choice, and at the first of `weeks` or more equal choices in a row
    that differ from the course before them; a shorter run leaves the course as it was.
    """
    starts, course, start = [], None, 0
    while start < len(choices):
        end = start
        while end < len(choices) and choices[end] == choices[start]:
            end += 1
        if start == 0 or (choices[start] != course and end - start >= weeks):
            starts.append(start)
            course = choices[start]
        start = end
    return starts


def key_events(log: pd.DataFrame) -> pd.DataFrame:
    """The rows of the Key events view (the rule is in this module's docstring)."""
    shown = changes_of_course(log, HOLD_WEEKS)
    shown = shown[~((shown["category"] == "decision") & shown["kind"].isin(TOLD_BY_EVENTS))]
    protests = shown[(shown["category"] == "event") & (shown["kind"] == "protest")]
    after_a_protest = set(zip(protests["actors"], protests["step"] + 1, strict=True))
    going_on = [
        (region, step) in after_a_protest
        for region, step in zip(protests["actors"], protests["step"], strict=True)
    ]
    return shown.drop(protests.index[going_on])


def log_and_key_events(model: LibyaModel) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The model's event log so far (read under its lock), and its key events."""
    log = event_table(model)
    return log, key_events(log)


class Filters(NamedTuple):
    """What the log shows: an actor's or region's id, a kind, a range of steps (None: all)."""

    actor: str | None = None
    kind: str | None = None
    first_week: int | None = None
    last_week: int | None = None


def filtered(log: pd.DataFrame, filters: Filters) -> pd.DataFrame:
    """The rows that name the actor, are of the kind and fall within the weeks."""
    if log.empty:  # before the first week: its columns are not even text yet
        return log
    keep = pd.Series(True, index=log.index)
    if filters.actor is not None:
        keep &= log["actors"].str.split(";").map(lambda ids: filters.actor in ids)
    if filters.kind is not None:
        keep &= log["kind"] == filters.kind
    if filters.first_week is not None:
        keep &= log["step"] >= filters.first_week
    if filters.last_week is not None:
        keep &= log["step"] <= filters.last_week
    return log[keep]


def page_count(rows: int) -> int:
    """Pages of `PAGE_ROWS` rows that hold `rows` rows (one page when there are none)."""
    return max(1, -(-rows // PAGE_ROWS))


def page_of(rows: pd.DataFrame, page: int, newest_first: bool) -> pd.DataFrame:
    """Page `page` (from 1) of the rows, in the chosen order."""
    ordered = rows.iloc[::-1] if newest_first else rows
    return ordered.iloc[(page - 1) * PAGE_ROWS : page * PAGE_ROWS]


def who(model: LibyaModel) -> dict[str, str]:
    """Names of the actors and regions a row may name, shown in the filter, to their ids."""
    names = {label: actor_id for actor_id, label in model.cast.labels.items()}
    for region in model.cast.regions:
        names[f"{region.label} ({region.id})" if region.label else region.id] = region.id
    return names


def week_ending(model: LibyaModel, week: int) -> str:
    """The date that ends a week of the run, as a row shows it: '21 Jan 2020'."""
    return f"{date_of(model.start_date, week):%d %b %Y}"


@solara.component
def LogRow(
    row: tuple[str, str, str, str], index: int, why: bool, on_why: Callable[[int], None]
) -> None:
    """One row (date, kind, category, explanation) in words; a decision's odds if `why`.

    `on_why(index)` opens or closes them: `index` is the row's in the log.
    """
    date, kind, category, explanation = row
    odds = read_explanation(explanation) if category == "decision" else None
    # Plain elements rather than solara's layout components: a week of play redraws a page
    # of rows, and each component is a render of its own.
    with rv.Html(
        tag="div", class_="log-row", style_="border-bottom: 1px solid #eee; padding: 2px 0"
    ):
        with rv.Html(tag="div", style_="display: flex; gap: 10px; align-items: baseline"):
            rv.Html(tag="span", children=[date], style_="font-weight: bold; white-space: nowrap")
            rv.Html(tag="span", children=[plain_sentence(category, explanation)], style_="flex: 1")
            rv.Html(tag="span", children=[kind_words(kind)], style_="color: #777; font-size: 0.8em")
            if odds is not None:
                solara.Button(
                    "hide why" if why else "why?",
                    text=True,
                    small=True,
                    on_click=lambda: on_why(index),
                )
        if odds is not None and why:
            style = "display: block; padding-left: 1em; font-size: 0.85em; color: #444"
            rv.Html(tag="span", children=[explanation], style_=style)
            rv.Html(tag="span", children=[reading(odds)], style_=f"{style}; color: #666")


class Settings(NamedTuple):
    """What the reader chose: the view, the order, the filters (ids; None: all), the page."""

    view: str = KEY
    order: str = NEWEST
    actor: str | None = None
    kind: str | None = None
    weeks: tuple[int, int] | None = None
    page: int = 1


@solara.component
def LogFilters(
    settings: Settings,
    names: tuple[tuple[str, str], ...],
    kinds: tuple[tuple[str, str], ...],
    weeks: tuple[int, int, int],
    dates: str,
    change: Callable[..., None],
) -> None:
    """The view (key events or all), the actor, the kind and the range of weeks.

    `names` and `kinds` are the choices, as (words, id); `weeks` the range shown and the run's
    length; `change(**settings)` sets what is chosen.
    """
    first, last, run_weeks = weeks
    actor_ids, kind_ids = dict(names), dict(kinds)
    actor_names = {id_: name for name, id_ in names}
    with solara.Row(style={"flex-wrap": "wrap", "align-items": "center", "gap": "4px 16px"}):
        solara.ToggleButtonsSingle(
            settings.view, values=[KEY, EVERYTHING], on_value=lambda view: change(view=view)
        )
        solara.Select(
            "Actor",
            values=[ALL_ACTORS, *actor_ids],
            value=actor_names.get(settings.actor, ALL_ACTORS),
            on_value=lambda name: change(actor=actor_ids.get(name)),
        )
        solara.Select(
            "Kind",
            values=[ALL_KINDS, *kind_ids],
            value=kind_words(settings.kind) if settings.kind else ALL_KINDS,
            on_value=lambda words: change(kind=kind_ids.get(words)),
        )
    with solara.Row(style={"align-items": "center", "gap": "16px"}):
        solara.SliderRangeInt(
            "Weeks",
            value=(first, last),
            min=1,
            max=run_weeks,
            on_value=lambda span: change(weeks=tuple(span)),
            thumb_label=False,
        )
        solara.Text(dates, style={"white-space": "nowrap"})
    caption = (
        "Shown: what happened, and the decisions by which an actor changed course (a patron's "
        "support, a government's compliance with a deal, once the change holds; a protest at its "
        "first week). Press why? for the odds behind a decision."
        if settings.view == KEY
        else "Shown: every event and every weekly decision. Press why? for the odds behind one."
    )
    solara.Text(caption, style={"font-size": "0.8em", "color": "#666"})


@solara.component
def Pager(order: str, page: int, pages: int, rows: int, change: Callable[..., None]) -> None:
    """The order of the rows, and the page: first, previous, 'page k of n', next, last."""
    with solara.Row(style={"align-items": "center", "gap": "4px", "flex-wrap": "wrap"}):
        solara.ToggleButtonsSingle(
            order, values=[NEWEST, OLDEST], on_value=lambda order: change(order=order)
        )
        solara.Button("First", text=True, on_click=lambda: change(page=1), disabled=page == 1)
        solara.Button(
            "Previous", text=True, on_click=lambda: change(page=page - 1), disabled=page == 1
        )
        solara.Text(f"page {page} of {pages} ({rows} rows)")
        solara.Button(
            "Next", text=True, on_click=lambda: change(page=page + 1), disabled=page == pages
        )
        solara.Button(
            "Last", text=True, on_click=lambda: change(page=pages), disabled=page == pages
        )


@solara.component
def EventLog(model: LibyaModel) -> None:
    """What happened and why, over the whole run: key events or every row, filtered, paged.

    Oldest first, a page keeps its rows while the run plays; newest first, the first page
    shows the latest weeks and later pages shift as weeks are added. The choices outlive a
    reset (a class may follow one actor from run to run); an actor the new cast lacks, or a
    range of weeks longer than the new run, falls back to all; open whys do not. The parts
    get only values and callbacks that stay the same from week to week, so that a week of
    play redraws only what changed (the rows, the count of pages).
    """
    week = update_counter.get()
    settings, set_settings = solara.use_state(Settings())
    # The rows whose why is open, by their index in the log of the model they belong to.
    whys, set_whys = solara.use_state((id(model), frozenset()))

    def callbacks() -> tuple[Callable[..., None], Callable[[int], None]]:
        """One `change` and one `toggle_why` for every render of this model's log."""
        run = id(model)

        def change(**chosen: Any) -> None:
            """Set some of the settings; a new filter, view or order goes to the first page."""
            set_settings(lambda old: old._replace(**{"page": 1, **chosen}))

        def toggle_why(index: int) -> None:
            set_whys(lambda old: (run, (old[1] if old[0] == run else frozenset()) ^ {index}))

        return change, toggle_why

    change, toggle_why = solara.use_memo(callbacks, [id(model)])
    # Read once a week, not again at each click on a page, a filter or a why.
    log, key = solara.use_memo(lambda: log_and_key_events(model), [model, week])
    open_whys = whys[1] if whys[0] == id(model) else frozenset()
    names = who(model)
    actor = settings.actor if settings.actor in names.values() else None
    # the kinds so far, and the one chosen (in an earlier run, maybe: nothing of it yet)
    kinds = {*log["kind"], *([settings.kind] if settings.kind else [])}
    run_weeks = model.params.weeks
    first, last = (
        settings.weeks if settings.weeks and settings.weeks[1] <= run_weeks else (1, run_weeks)
    )
    filters = Filters(
        actor=actor,
        kind=settings.kind,
        first_week=first if first > 1 else None,
        last_week=last if last < run_weeks else None,
    )
    shown = filtered(key if settings.view == KEY else log, filters)
    pages = page_count(len(shown))
    page = min(settings.page, pages)
    dates = (
        f"from the week ending {week_ending(model, first)} "
        f"to the week ending {week_ending(model, last)}"
    )
    LogFilters(
        settings._replace(actor=actor, page=1),  # the page is the pager's
        tuple(names.items()),
        tuple(sorted((kind_words(k), k) for k in kinds)),
        (first, last, run_weeks),
        dates,
        change,
    )
    Pager(settings.order, page, pages, len(shown), change)
    rows = page_of(shown, page, newest_first=settings.order == NEWEST)
    if rows.empty:
        solara.Text("Nothing to show: nothing has happened yet, or the filters leave nothing.")
    # Rows keyed by their place on the page: when a week of play shifts the page, or the page
    # turns, its widgets take the new texts instead of being built again.
    for place, row in enumerate(rows.itertuples()):
        date = f"{dt.date.fromisoformat(row.date):%d %b %Y}"
        texts = (date, row.kind, row.category, row.explanation)
        LogRow(texts, row.Index, row.Index in open_whys, toggle_why).key(f"row-{place}")
