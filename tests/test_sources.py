"""Sources outside the sheets: the seed commentary attributed, the record kept to, the actors
glossed, and the student handout and reading true to config/data/.

The seed commentary (config/data/sochi_deal_2020.txt) is one analyst's reading of the deal, of
23 September 2020. These tests hold every document that cites it to quoting it as such, with the
reactions config/data/deal_terms.md records beside it, and every fact the handout, the reading
and the glossary state to the project's data.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pandas as pd
import pytest

from config.cast import default_cast
from config.datasets import observed_events
from config.parameters import ONE_ANALYSIS, parameter_info
from config.scenarios import shipped_scenario

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "config" / "data"
EXERCISES = ROOT / "docs" / "exercises"
COMMENTARY = "sochi_deal_2020.txt"
BOX = "## What is history, what is model"


def text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def plain(quote: str) -> str:
    """A quotation with typographic apostrophes made plain, to compare with the sources."""
    return quote.replace("\u2019", "'").replace("\u2018", "'")


def section(document: str, heading: str) -> str:
    """The text under a Markdown heading, up to the next heading of the same or a higher level."""
    level = heading.split(" ")[0]
    start = document.index(heading + "\n")
    rest = document[start + len(heading) + 1 :]
    ends = [m.start() for m in re.finditer(rf"^#{{1,{len(level)}}} ", rest, flags=re.M)]
    return rest[: ends[0]] if ends else rest


def table_rows(markdown: str) -> list[list[str]]:
    """The body rows of the Markdown tables of a text, as lists of stripped cells."""
    rows = []
    for line in markdown.splitlines():
        if line.startswith("|") and not re.match(r"^\|\s*-", line):
            rows.append([cell.strip() for cell in line.strip().strip("|").split("|")])
    return [row for row in rows if row and row[0] not in ("Date", "Actor", "#", "actor", "Who")]


def reactions() -> list[tuple[str, str]]:
    """The rows of deal_terms.md's "Reactions" table: (actor, reaction)."""
    rows = table_rows(section(text(DATA / "deal_terms.md"), "## Reactions"))
    return [(row[0], row[1]) for row in rows]


# --- the seed commentary, attributed ------------------------------------------------------------

COMMENTARY_NOTES = [info for info in parameter_info() if COMMENTARY in info.source]


def test_no_document_calls_the_commentary_a_narrative_or_leaves_it_unattributed():
    documents = [
        ROOT / "README.md",
        ROOT / "docs" / "ODD.md",
        ROOT / "docs" / "PARAMETERS.md",
        DATA / "README.md",
        ROOT / "config" / "parameters.py",
        *(EXERCISES / name for name in ("glossary.md", "handout.md", "reading.md")),
    ]
    for document in documents:
        assert not re.search(r"(seed|source) narrative", text(document), flags=re.I), document


def test_parameter_notes_quote_the_commentary_as_one_analysis_with_the_record_beside_it():
    assert len(COMMENTARY_NOTES) >= 5
    commentary = plain(text(DATA / COMMENTARY))
    record = text(DATA / "deal_terms.md") + text(DATA / "events_2019_2020.csv")
    for info in COMMENTARY_NOTES:
        assert ONE_ANALYSIS in info.source and info.source.startswith("Judgement"), info.name
        assert "deal_terms.md" in info.source or "events_2019_2020.csv" in info.source, info.name
        quotes = re.findall(r'"([^"]+)"', info.source)
        assert quotes, f"{info.name} cites the commentary without quoting it"
        for quote in quotes:
            assert quote in commentary or quote in record, (info.name, quote)


def test_the_data_readme_names_exactly_the_parameters_that_follow_the_commentary():
    bullet = text(DATA / "README.md").split(f"- `{COMMENTARY}`: ")[1].split("\n- ")[0]
    named = set(re.findall(r"`(\w+)`", bullet)) & {info.name for info in parameter_info()}
    assert named == {info.name for info in COMMENTARY_NOTES}


def test_the_odd_sets_every_recorded_reaction_beside_the_commentary():
    by_design = section(text(ROOT / "docs" / "ODD.md"), "### 1.3 By design or emergent")
    assert COMMENTARY in by_design
    for actor, _ in reactions():
        names = [part.strip() for part in re.split(r"[/(]", actor.rstrip(")"))]
        assert any(name and name in by_design for name in names), actor


def test_the_odd_says_for_every_pattern_what_is_put_in_and_what_emerges():
    by_design = section(text(ROOT / "docs" / "ODD.md"), "### 1.3 By design or emergent")
    rows = {row[0]: row[1:] for row in table_rows(by_design)}
    assert sorted(rows, key=int) == [str(n) for n in range(1, 10)]
    assert all(len(cells) == 2 and all(cells) for cells in rows.values())


# --- the slips ------------------------------------------------------------------------------------


def test_the_deals_row_of_the_record_cites_the_sources_deal_terms_names():
    events = observed_events()
    deal = events[events["event"].str.contains("Sochi deal")].iloc[0]
    named = [source.strip() for source in deal["source"].split(";")]
    terms = text(DATA / "deal_terms.md")
    assert "Sep 2020 reports" not in deal["source"]
    for outlet in ("218tv", "Libya Security Monitor"):
        assert any(outlet in source for source in named) and outlet in terms


def test_the_readme_quotes_for_himself_and_attributes_it():
    readme, terms = text(ROOT / "README.md"), text(DATA / "deal_terms.md")
    for document in (readme, terms):
        assert "for himself" not in document.replace('"for himself"', "").replace(
            '"for\n  himself"', ""
        )
    assert "218tv" in readme.split('"for himself"')[1][:60]


def test_the_august_ceasefire_names_only_actors_the_record_lists():
    cast = default_cast()
    names = {actor.id: actor.name or actor.label for actor in cast.actors}
    events = observed_events()
    record = events[
        (events["date"] == pd.Timestamp(2020, 8, 21)) & events["event"].str.contains("ceasefire")
    ].iloc[0]
    listed = set(record["actors"].split(";"))
    (ceasefire,) = [e for e in shipped_scenario("sochi_2020").events if e.type == "ceasefire"]
    assert {names[actor] for actor in [*ceasefire.parties, *ceasefire.backers]} <= listed
    assert "Aguila Saleh" in ceasefire.label  # the parallel statement the cast cannot carry


# --- the glossary -------------------------------------------------------------------------------


def test_the_glossary_explains_every_modelled_actor_and_region():
    glossary = section(text(EXERCISES / "glossary.md"), "## Modelled actors")
    cast = default_cast()
    for actor_id in [*(actor.id for actor in cast.actors), *(region.id for region in cast.regions)]:
        assert f"`{actor_id}`" in glossary, actor_id


def test_the_glossary_says_why_every_other_actor_of_the_record_is_left_out():
    glossary = text(EXERCISES / "glossary.md")
    left_out = section(glossary, "## Not modelled, and why")
    modelled = {actor.name or actor.label for actor in default_cast().actors}
    in_record = {name for row in observed_events()["actors"] for name in row.split(";")}
    for name in sorted(in_record - modelled):
        assert name in glossary, name  # Civilians and HoR by their record's names
    for name in ("House of Representatives", "Aguila Saleh", "Bayda", "UAE", "Egypt"):
        assert name in left_out, name


# --- the handout and the reading ------------------------------------------------------------------


def timeline(handout: str) -> list[tuple[dt.date, str, str]]:
    """The handout's timeline: (date, what happened, source) for each row whose first cell is
    a date."""
    rows = []
    for cells in table_rows(handout):
        try:
            day = dt.datetime.strptime(cells[0], "%d %b %Y").date()
        except ValueError:
            continue
        rows.append((day, cells[1], cells[2]))
    return rows


def test_every_row_of_the_handouts_timeline_is_in_the_record_with_its_source():
    rows = timeline(text(EXERCISES / "handout.md"))
    assert len(rows) >= 8
    assert {day.year for day, _, _ in rows} == {2019, 2020}
    events = observed_events()
    for day, _, source in rows:
        recorded = events[events["date"] == pd.Timestamp(day)]
        assert len(recorded), day
        assert any(source in cited for cited in recorded["source"]), (day, source)
    assert max(day for day, _, _ in rows) <= events["date"].max().date()


@pytest.mark.parametrize("page", ["handout.md", "reading.md"])
def test_the_handout_and_the_reading_have_the_box_and_cite_the_commentary_as_one_analysis(page):
    document = text(EXERCISES / page)
    box = section(document, BOX)
    assert "19 Sep" in box and "forecast" in box and "range across seeds" in box
    assert COMMENTARY in box
    for mention in re.finditer(COMMENTARY, document):
        before = document[max(0, mention.start() - 200) : mention.start()]
        assert re.search(r"analys", before, flags=re.I), page


def test_the_readings_quotations_of_the_commentary_are_in_it():
    reading = section(text(EXERCISES / "reading.md"), "## 5. One analysis of the deal")
    commentary = plain(text(DATA / COMMENTARY))
    quotes = [" ".join(quote.split()) for quote in re.findall(r'"([^"]+)"', reading)]
    assert len(quotes) >= 4
    assert all(quote in commentary for quote in quotes), quotes


def test_the_readings_reactions_are_deal_terms_reactions():
    reading = section(text(EXERCISES / "reading.md"), "## 4. The deal of 18 September 2020")
    recorded = " ".join(actor for actor, _ in reactions())
    for who, _ in (row[:2] for row in table_rows(reading)):
        first = re.split(r"[;(']", who)[0].strip().split(" ")[-1]
        assert first in recorded, who


def test_the_handout_map_is_the_one_make_map_draws(tmp_path: Path):
    from docs.exercises.make_map import MAP_FILE, handout_map

    drawn = handout_map(tmp_path / "map.png")
    assert drawn.read_bytes() == MAP_FILE.read_bytes(), "run: python docs/exercises/make_map.py"
