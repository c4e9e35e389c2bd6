"""Time the server's work for one week of the app: Step, the model's step and the page's redraw.

The page is rendered in Solara's test harness (no browser, no websocket): a click on Step
steps the model and redraws every view that follows the run, as the server does for a
browser. The figure is process CPU time per week, the median over the weeks of the default
scenario after the first five (the first closes the first-run hint). The issue's goal: under
20 ms. The model's step alone is reported as the baseline.

Usage: python benchmarks/bench_page.py [--weeks N]
"""

from __future__ import annotations

import argparse
import statistics
import time

import ipyvuetify as v
import solara

from model import LibyaModel
from viz.app import Page


def step_alone(weeks: int) -> float:
    """Median CPU seconds of the model's step alone."""
    model = LibyaModel(rng=78)
    times = []
    for _ in range(weeks):
        start = time.process_time()
        model.step()
        times.append(time.process_time() - start)
    return statistics.median(times)


def step_and_redraw(weeks: int) -> list[float]:
    """CPU seconds of each click on Step in the rendered page, after five warm-up weeks."""
    _box, page = solara.render(solara.AppLayout(children=[Page()]), handle_error=False)
    step = page.find(v.Btn, children=["Step"]).widget
    for _ in range(5):
        step.click()
    times = []
    for _ in range(weeks):
        start = time.process_time()
        step.click()
        times.append(time.process_time() - start)
    page.close()
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--weeks", type=int, default=60, help="weeks timed (at most 87)")
    weeks = min(parser.parse_args().weeks, 87)
    alone = step_alone(weeks)
    times = step_and_redraw(weeks)
    print(f"weeks timed: {weeks}")
    print(f"model step alone:         median {alone * 1000:6.1f} ms")
    print(
        f"Step and the page redrawn: median {statistics.median(times) * 1000:6.1f} ms, "
        f"90th percentile {statistics.quantiles(times, n=10)[-1] * 1000:6.1f} ms"
    )
    print("goal: under 20 ms")


if __name__ == "__main__":
    main()
