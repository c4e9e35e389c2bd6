"""Draw the handout's map (docs/exercises/map_2020.png) with the app's own map code.

The map is the week ending 7 July 2020 of the default scenario at the app's seed: who held each
field and terminal (config/data/oil_assets.csv, through the cast's holders), which sites the
LNA's blockade and the Wagner presence had closed (dated events of
config/data/events_2019_2020.csv), and each site's output that week, which is a model result.
Run it again after a change to the map's code or colours:

    python docs/exercises/make_map.py
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from experiments.runner import DEFAULT_SEED
from model import LibyaModel
from viz.map import map_figure

MAP_DATE = dt.date(2020, 7, 7)
"""A week of the blockade after foreign forces entered Es Sider (5 Jul 2020)."""
MAP_FILE = Path(__file__).with_name("map_2020.png")
HANDOUT_SOUTH = 25.1
"""Southern edge of the handout's map, degrees north (El Feel, the southernmost site: 25.9)."""


def handout_map(path: Path = MAP_FILE) -> Path:
    """Run the default scenario to `MAP_DATE` and write its map to `path` as a PNG."""
    model = LibyaModel(rng=DEFAULT_SEED)
    while model.date < MAP_DATE:
        model.run_for(1)  # through Mesa's event list, so that dated events fire
    figure = map_figure(list(model.assets), model.cast, model.date.isoformat())
    # The handout has one page: the empty south of Libya (below 25.1 N), the axes' titles and
    # the figure's title (the handout's caption gives the week) are left out.
    ax = figure.axes[0]
    ax.set_ylim(HANDOUT_SOUTH, 34.6)
    ax.set(title="", xlabel="", ylabel="")
    figure.savefig(path, dpi=110, bbox_inches="tight")
    return path


if __name__ == "__main__":
    print(handout_map())
