"""Time one step plus the redraw of every chart the app shows on its main (Influence) tab.

This is what the browser waits for at each week of play: the model's step, the two charts
drawn and encoded as PNG at the app's resolution. Target: a median under 100 ms, so that
play runs at 10 weeks a second. The model's step alone is reported as the baseline.

Usage: python benchmarks/bench_app.py
"""

from __future__ import annotations

import io
import statistics
import time

from matplotlib.figure import Figure

from model import LibyaModel
from viz import charts
from viz.run_data import horizon, weekly_table

DPI = 80  # as viz.views.Chart


def png(figure: Figure) -> int:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI)
    return len(buffer.getvalue())


def main() -> None:
    model = LibyaModel(rng=0)
    step_only, step_and_redraw = [], []
    while model.running:
        start = time.perf_counter()
        model.step()
        stepped = time.perf_counter()
        weekly, events, span = weekly_table(model), model.event_log(), horizon(model)
        png(charts.influence_figure(weekly, events, span, model.cast))
        png(charts.decomposition_figure(weekly, events, span, "lna", "LNA (Haftar)"))
        done = time.perf_counter()
        step_only.append(stepped - start)
        step_and_redraw.append(done - start)
    print(f"weeks: {len(step_only)}")
    print(f"step alone:            median {statistics.median(step_only) * 1000:6.1f} ms")
    print(f"step + redraw (2 PNG): median {statistics.median(step_and_redraw) * 1000:6.1f} ms")
    print("target: under 100 ms")


if __name__ == "__main__":
    main()
