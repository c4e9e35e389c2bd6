"""Time one step plus the redraw of every chart the app shows on its main (Influence) tab.

This is what the server does at each week of play: the model's step, the run's records read
as the views read them (`viz.views.chart_data`), and the two ECharts options of the tab
(influence and its decomposition) built and serialised to JSON, as the widget sends them to
the browser. Target: a median under 20 ms. The model's step alone is reported as the
baseline, and the ratio of the two.

Usage: python benchmarks/bench_app.py
"""

from __future__ import annotations

import json
import statistics
import time

from model import LibyaModel
from viz import echarts
from viz.display import Display
from viz.views import chart_data


def main() -> None:
    model = LibyaModel(rng=0)
    actor = model.revenue_claimant.actor_id
    step_only, step_and_redraw, sizes = [], [], []
    while model.running:
        start = time.perf_counter()
        model.step()
        stepped = time.perf_counter()
        chart = chart_data(model, Display(), record="2020")
        options = [echarts.influence_option(chart), echarts.components_option(chart, actor)]
        sent = json.dumps(options, allow_nan=False)
        done = time.perf_counter()
        step_only.append(stepped - start)
        step_and_redraw.append(done - start)
        sizes.append(len(sent))
    alone, together = statistics.median(step_only), statistics.median(step_and_redraw)
    print(f"weeks: {len(step_only)}")
    print(f"step alone:                  median {alone * 1000:6.1f} ms")
    print(
        f"step + 2 options, as JSON:   median {together * 1000:6.1f} ms ({together / alone:.1f}x)"
    )
    print(f"                             last week {step_and_redraw[-1] * 1000:6.1f} ms")
    print(f"JSON sent for the tab:       median {statistics.median(sizes) / 1000:.0f} kB")
    print("target: under 20 ms")


if __name__ == "__main__":
    main()
