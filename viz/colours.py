"""The colours of the app's charts: one per actor, region and influence component.

The 2020 actors and regions have colours of their own, chosen to be told apart as thin lines
on a projector; the actors and regions of other casts take the spare palette in turn, so that
each actor of a large cast has a colour no other actor or region shares.
"""

from __future__ import annotations

from matplotlib import colormaps
from matplotlib.colors import to_hex

from config.cast import Cast
from model.influence import COMPONENTS

COLOURS = {  # hues apart: the four mediators no longer differ only in shades of red and grey
    "lna": "#1f77b4",  # blue
    "gna": "#ff7f0e",  # orange
    "maiteeq": "#2ca02c",  # green
    "noc": "#d62728",  # red
    "un": "#17becf",  # cyan
    "russia": "#8c564b",  # brown
    "us": "#9467bd",  # purple
    "turkey": "#bcbd22",  # olive
}
REGION_COLOURS = {"west": "#e377c2", "east": "#8c6d31", "south": "#393b79"}  # not actors' colours


def _spare_palette() -> tuple[str, ...]:
    """Colours for actors and regions of other casts: matplotlib's tab20b and tab20c.

    Darkest shade of each hue first (the five dark ones of tab20b, then of tab20c), then the
    next shade, leaving out the colours of the 2020 actors and regions: a fixed order, cycled
    if a cast has more.
    """
    taken = {*COLOURS.values(), *REGION_COLOURS.values()}
    shades = [[to_hex(c) for c in colormaps[name].colors] for name in ("tab20b", "tab20c")]
    ordered = [hues[4 * hue + shade] for shade in range(4) for hues in shades for hue in range(5)]
    return tuple(colour for colour in ordered if colour not in taken)


OTHER_COLOURS = _spare_palette()  # actors and regions of other casts
COMPONENT_COLOURS = dict(
    zip(COMPONENTS, ("#444444", "#bcbd22", "#17becf", "#9467bd", "#d62728", "#ff7f0e"), strict=True)
)


def colour_of(actor: str, cast: Cast) -> str:
    """An actor's colour: its own for the 2020 actors, the spare palette in turn for others."""
    if actor in COLOURS:
        return COLOURS[actor]
    others = [a for a in cast.actor_ids if a not in COLOURS]
    return OTHER_COLOURS[others.index(actor) % len(OTHER_COLOURS)]


def region_colour(region: str, cast: Cast) -> str:
    """A region's colour: its own for the 2020 regions, the spare palette from its end else."""
    if region in REGION_COLOURS:
        return REGION_COLOURS[region]
    others = [r.id for r in cast.regions if r.id not in REGION_COLOURS]
    return OTHER_COLOURS[-1 - others.index(region) % len(OTHER_COLOURS)]
