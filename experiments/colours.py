"""The colours of every chart, the app's, the reports' and the handouts': colour-blind safe.

One palette for the actors, chosen so that any of its colours stay told apart when seen with
protanopia, deuteranopia or tritanopia: at least `DISTINCT_DELTA_E` (CIEDE2000) apart under
each, as simulated with Machado, Oliveira and Fernandes (2009). `tests/test_colours.py` checks
every group of colours that shares a chart. The colours come from two published colour-blind
palettes: Okabe and Ito (2008), "Color Universal Design", and Paul Tol's schemes
(https://personal.sron.nl/~pault/, "bright", "vibrant", "muted", "high contrast"), each with at
least 3:1 contrast against a white page (WCAG 2.1's minimum for graphics), so thin lines and
small markers show on paper and on a projector.

The 2020 actors have colours of their own, kept in every cast they are in (the LNA is the
same blue in 2018, 2020 and 2022); an actor of another cast takes the first palette colour
its cast leaves free. Up to `len(ACTOR_PALETTE)` actors at once are all told apart; a cast
with more takes the spare colours (distinct, but not checked for colour-blind readers).
"""

from __future__ import annotations

from matplotlib import colormaps
from matplotlib.colors import to_hex

from config.cast import Cast
from model.influence import COMPONENTS

DISTINCT_DELTA_E = 10.0
"""Least CIEDE2000 difference between colours drawn on one chart, in normal vision and in each
simulated deficiency. A judgement: about 2.3 is one just-noticeable difference between large
patches (Sharma 2003); thin lines and small markers need several times more (Stone, Szafir
and Setlur 2014)."""
MIN_CONTRAST = 3.0
"""Least contrast ratio of a palette colour against white (WCAG 2.1, non-text contrast)."""

BLUE, VERMILION, GREEN, WINE = "#0077BB", "#CC3311", "#009E73", "#882255"
INDIGO, OLIVE, PINK, ROSE = "#332288", "#999933", "#CC79A7", "#EE6677"
ACTOR_PALETTE = (BLUE, VERMILION, GREEN, WINE, INDIGO, OLIVE, PINK, ROSE)
"""Tol's vibrant blue and red, Okabe-Ito's bluish green, Tol's muted wine, indigo and olive,
Okabe-Ito's reddish purple, Tol's bright red: the most colours of the two palettes found to
keep `DISTINCT_DELTA_E` apart under every deficiency and `MIN_CONTRAST` on white."""

COLOURS = dict(
    zip(
        ("lna", "gna", "maiteeq", "noc", "un", "russia", "us", "turkey"), ACTOR_PALETTE, strict=True
    )
)
"""The 2020 actors' own colours, in the 2020 cast's order."""
REGION_COLOURS = {"west": "#004488", "east": "#D55E00", "south": "#009988"}
"""Tol's high-contrast blue, Okabe-Ito's vermillion, Tol's vibrant teal: no actor's colour, so
that no region reads as an actor's."""
COMPONENT_COLOURS = dict(
    zip(COMPONENTS, (OLIVE, GREEN, INDIGO, PINK, VERMILION, BLUE), strict=True)
)
"""The influence components, stacked (opaque: a lighter blend would bring them closer)."""

MODEL = BLUE
"""A single model series (crude production): the LNA's blue, alone on its chart."""
MONEY = {"loss": VERMILION, "frozen": INDIGO, "revenue": GREEN}
"""The money chart's series: cumulative loss, frozen revenue and weekly revenue."""
BANDS = (BLUE, VERMILION)
"""The Compare tab's bands: this run's scenario, the counterfactual."""
DIFFERENCE = GREEN
"""The Compare tab's run-by-run difference, alone on its chart."""
RECORD = {"monthly_avg": "#000000", "spot": "#888888", "annual_avg": "#555555"}
"""The observed record's figures, by kind: neutral, apart from every model colour."""
FORECAST_SHADE = "#787878"
"""The weeks after the record ends (the model's forecast), shaded in this grey, translucent."""

SITE_EDGES = {"producing": "#000000", "export cut": "#DDDDDD", "blockaded": "#F0E442"}
"""The map's rings around a site, by status: black, Tol's pale grey and Okabe-Ito's yellow; force
majeure below. Rings are read against the holder's fill, never alone on white."""
FORCE_MAJEURE_EDGE = "#88CCEE"
"""Tol's muted cyan: apart from the other rings and from every actor's fill."""
SITE_LEGEND_FILL = "#777777"
"""The fill of the map legend's status markers: every ring shows on it."""


def _spare_palette() -> tuple[str, ...]:
    """Colours for actors beyond the palette: matplotlib's tab20b and tab20c.

    Darkest shade of each hue first (the five dark ones of tab20b, then of tab20c), then the
    next shade, leaving out the palette's and the regions' colours: a fixed order, cycled
    if a cast has more.
    """
    taken = {*ACTOR_PALETTE, *REGION_COLOURS.values()}
    shades = [[to_hex(c) for c in colormaps[name].colors] for name in ("tab20b", "tab20c")]
    ordered = [hues[4 * hue + shade] for shade in range(4) for hues in shades for hue in range(5)]
    return tuple(colour for colour in ordered if colour not in taken)


OTHER_COLOURS = _spare_palette()  # actors beyond the palette, and regions of other casts


def actor_colours(cast: Cast) -> dict[str, str]:
    """Each actor's colour in a cast.

    Its own for the 2020 actors; for the others, in cast order, the palette colours the cast
    leaves free, then the spare colours.
    """
    own = {actor: COLOURS[actor] for actor in cast.actor_ids if actor in COLOURS}
    free = [c for c in ACTOR_PALETTE if c not in own.values()] + list(OTHER_COLOURS)
    others = [actor for actor in cast.actor_ids if actor not in own]
    taken = {actor: free[turn % len(free)] for turn, actor in enumerate(others)}
    return {actor: own.get(actor) or taken[actor] for actor in cast.actor_ids}


def colour_of(actor: str, cast: Cast) -> str:
    """An actor's colour in its cast (`actor_colours`)."""
    return actor_colours(cast)[actor]


def region_colour(region: str, cast: Cast) -> str:
    """A region's colour: its own for the 2020 regions, the spare palette from its end else."""
    if region in REGION_COLOURS:
        return REGION_COLOURS[region]
    others = [r.id for r in cast.regions if r.id not in REGION_COLOURS]
    return OTHER_COLOURS[-1 - others.index(region) % len(OTHER_COLOURS)]
