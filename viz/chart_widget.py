"""Solara's ECharts widget, changed to keep the reader's zoom and legend choices each week.

Solara's `FigureEcharts` replaces a chart's whole option when it changes: at each week of
play the chart would forget how far the reader had zoomed and which series they had hidden.
This widget's update reads the zoom windows (wheel, slider and box zoom) and the legend's
choices from the chart, sets the new option, then applies them again as the reader's own
actions, so that they stay while the model plays and the toolbox's restore still returns to
the whole run as played so far. It also waits for ECharts to load before passing an option
on, where Solara's raises an error in the page.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from solara.components import echarts as solara_echarts

SOLARA_UPDATE = "\n      this.chart.setOption(this.option, true);\n    },"
KEEPING_UPDATE = """
      if (!this.chart) return;  // ECharts still loading: it draws the latest option when loaded
      // every zoom, the toolbox's box zoom (of both axes) too: they keep their ids
      const zooms = this.chart.getModel().findComponents({mainType: "dataZoom"})
        .map((zoom) => [zoom.id, zoom.getPercentRange()])
        .filter(([, range]) => range[0] > 0 || range[1] < 100)
        .map(([id, range]) => ({dataZoomId: id, start: range[0], end: range[1]}));
      const selected = ((this.chart.getOption().legend || [])[0] || {}).selected || {};
      this.chart.setOption(this.option, true);
      // as actions, not in the option: the toolbox's restore returns to the whole run
      if (zooms.length) this.chart.dispatchAction({type: "dataZoom", batch: zooms});
      Object.keys(selected)
        .filter((name) => !selected[name])
        .forEach((name) => this.chart.dispatchAction({type: "legendUnSelect", name}));
    },"""


@cache
def keeping_template() -> str:
    """Solara's template of the widget with its update replaced, read once.

    Text, not an ipyvue `Template` widget: a widget belongs to one browser session.

    Raises:
        RuntimeError: Solara's template no longer has the update this module replaces.
    """
    text = Path(solara_echarts.__file__).with_name("echarts.vue").read_text(encoding="utf-8")
    if text.count(SOLARA_UPDATE) != 1:
        raise RuntimeError("Solara's echarts.vue changed: review viz/chart_widget.py")
    return text.replace(SOLARA_UPDATE, KEEPING_UPDATE)


class KeepingEchartsWidget(solara_echarts.EchartsWidget):
    """Solara's ECharts widget whose option updates keep the reader's zoom and legend."""

    template_file = None

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(template=keeping_template(), **kwargs)
