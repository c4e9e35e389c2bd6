"""The event log: everything that happened and every decision with its reasons, in order.

Events (a blockade imposed, a deal signed, a protest) are rows of the DataCollector's `events`
table; decisions are `agents.decisions.Decision` records kept in `decisions`. Both take the next
number of one sequence, so that `table()` can interleave them in the order they happened.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:
    from agents.decisions import Decision
    from model.model import LibyaModel

EVENT_COLUMNS = [
    "date", "step", "category", "kind", "actors", "choice", "probability", "utility",
    "explanation", "sequence",
]  # fmt: skip


class LogSequence:
    """Positions in the log, 1, 2, 3, ..., by `next()`, like `itertools.count(1)`.

    Unlike `itertools.count`, it can be deep-copied in every Python version (from 3.14 an
    itertools object cannot): role play looks a week ahead on a copy of the model.
    """

    def __init__(self) -> None:
        self.last = 0

    def __next__(self) -> int:
        self.last += 1
        return self.last


class EventLog:
    """The model's log of events and decisions.

    Attributes:
        decisions: every stochastic choice, with its reasons (appended by `agents.decisions`).
        sequence: the positions in the log, shared by events and decisions.
    """

    def __init__(self, model: LibyaModel) -> None:
        self.model = model
        self.decisions: list[Decision] = []
        self.sequence = LogSequence()

    def record(self, kind: str, actors: list[str], text: str) -> None:
        """Record something that happened.

        A timeline or injected event is logged with its own date and the step in which it
        takes effect (the next one); anything else with the current week.
        """
        model = self.model
        date, step = model.date, model.steps
        if model.firing is not None:
            date, step = max(model.firing.date, model.date), model.steps + 1
        model.datacollector.add_table_row(
            "events",
            {
                "date": date,
                "step": step,
                "category": "event",
                "kind": kind,
                "actors": ";".join(actors),
                "choice": None,
                "probability": None,
                "utility": None,
                "explanation": text,
                "sequence": next(self.sequence),
            },
        )

    def table(self) -> pd.DataFrame:
        """Everything that happened and every decision with its reasons, in order."""
        happened = self.model.datacollector.get_table_dataframe("events")
        decided = pd.DataFrame([d.as_row() for d in self.decisions], columns=happened.columns)
        log = pd.concat([happened, decided], ignore_index=True) if len(decided) else happened
        log = log.sort_values("sequence", ignore_index=True).drop(columns="sequence")
        log["date"] = log["date"].astype(str)
        return log

    def why(
        self, actor: str, kind: str | None = None, date: dt.date | None = None
    ) -> list[Decision]:
        """The decisions an actor made (of a kind, in the week ending on or after a date)."""
        found = [d for d in self.decisions if d.actor == actor and kind in (None, d.kind)]
        if date is not None:
            step = max(0, math.ceil(self.model.time_of(date)))
            found = [d for d in found if d.step == step]
        return found
