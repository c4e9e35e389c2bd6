"""Time the Event log tab (viz/event_log.py) as a class sees it: redrawn each week of play.

The tab is rendered in Solara's test harness (as in tests/test_event_log.py), the run is
played week by week, and each week's redraw (`force_update`, what the play thread does) is
timed: the read of the log under the model's lock, the key events, the filters and a page of
20 rows. Reported: the median and the slowest redraw over the run, in both views; at the
end of the run, the first render of the tab and a click on Next (no new read of the log).
Baseline, measured alongside each week: the read of the log alone (`event_table`), which any
view of the log pays. Times are the process's CPU time, so that other work on a shared
machine does not count.

Usage: python benchmarks/bench_event_log.py
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

import ipyvuetify as v
import solara
from mesa.visualization.utils import force_update

from experiments.runner import DEFAULT_SEED
from model import LibyaModel
from viz.event_log import EventLog
from viz.run_data import event_table


def timed(action: Callable[[], object]) -> float:
    """Milliseconds that `action` takes."""
    start = time.process_time()
    action()
    return (time.process_time() - start) * 1000


def play(view: str) -> tuple[list[float], list[float], LibyaModel]:
    """Each week's read of the log and each week's redraw of the tab, over a default run."""
    model = LibyaModel(rng=DEFAULT_SEED)
    _box, rc = solara.render(EventLog(model), handle_error=False)
    for toggle in rc.find(v.BtnToggle).widgets:  # the views' toggle, and the order's
        labels = [button.children[0] for button in toggle.children]
        if view in labels:
            toggle.v_model = labels.index(view)
    reads, redraws = [], []
    while model.running:
        model.step()
        reads.append(timed(lambda: event_table(model)))
        redraws.append(timed(force_update))
    rc.close()
    return reads, redraws, model


def main() -> None:
    for view in ("Key events", "All decisions"):
        reads, redraws, model = play(view)
        print(f"{view}: {len(redraws)} weeks, {len(model.event_log())} rows at the end")
        print(f"  read of the log:  median {statistics.median(reads):6.1f} ms")
        print(
            f"  redraw of a page: median {statistics.median(redraws):6.1f} ms, "
            f"slowest {max(redraws):6.1f} ms, last week {redraws[-1]:6.1f} ms "
            f"({statistics.median(redraws) / statistics.median(reads):.1f}x the read)"
        )
    first_render = []
    next_page = []
    for _ in range(5):
        rendered = {}

        def render(model: LibyaModel = model, rendered: dict = rendered) -> None:
            rendered["rc"] = solara.render(EventLog(model), handle_error=False)[1]

        first_render.append(timed(render))
        rc = rendered["rc"]
        next_page.append(timed(rc.find(v.Btn, children=["Next"]).widget.click))
        rc.close()
    print(f"end of the run: first render {statistics.median(first_render):6.1f} ms (median of 5)")
    print(f"end of the run: Next page    {statistics.median(next_page):6.1f} ms (median of 5)")


if __name__ == "__main__":
    main()
