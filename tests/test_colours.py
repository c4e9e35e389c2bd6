"""Every chart's colours stay told apart by colour-blind readers.

Colour vision is simulated with the matrices of Machado, Oliveira and Fernandes (2009), "A
physiologically-based model for simulation of color vision deficiency" (IEEE TVCG 15(6)),
at severity 1.0 (protanopia, deuteranopia, tritanopia), applied to linear sRGB; differences
are CIEDE2000 (Sharma, Wu and Dalal 2005) in CIELAB under D65. Each group of colours that
shares a chart must keep `DISTINCT_DELTA_E` apart in normal vision and in each deficiency.
The groups are read from the charts themselves (the app's ECharts options, the report's
matplotlib overview), so a colour added to a chart outside the palette is caught.
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import pandas as pd
import pytest
from matplotlib.colors import to_hex, to_rgb
from matplotlib.figure import Figure

from config.records import observed_record
from config.scenarios import SCENARIO_DIR, shipped_scenario
from experiments import colours
from experiments import episodes as ep
from experiments.colours import ACTOR_PALETTE, DISTINCT_DELTA_E, MIN_CONTRAST, actor_colours
from experiments.episode_report import episode_figure, forecast_figure
from experiments.plots import overview_figure
from experiments.runner import run
from model import LibyaModel
from tests.test_app_charts import OPTIONS
from viz import echarts
from viz.map import STATUS_EDGES, map_figure
from viz.run_data import happened_columns, horizon, weekly_table

MACHADO_2009 = {  # severity 1.0, Table 1 of the paper (as on its authors' page)
    "protanopia": np.array(
        [
            [0.152286, 1.052583, -0.204868],
            [0.114503, 0.786281, 0.099216],
            [-0.003882, -0.048116, 1.051998],
        ]
    ),
    "deuteranopia": np.array(
        [
            [0.367322, 0.860646, -0.227968],
            [0.280085, 0.672501, 0.047413],
            [-0.011820, 0.042940, 0.968881],
        ]
    ),
    "tritanopia": np.array(
        [
            [1.255528, -0.076749, -0.178779],
            [-0.078411, 0.930809, 0.147602],
            [0.004733, 0.691367, 0.303900],
        ]
    ),
}
VISIONS = ("normal", *MACHADO_2009)
SRGB_TO_XYZ = np.array(
    [
        [0.4124564, 0.3575761, 0.1804375],
        [0.2126729, 0.7151522, 0.0721750],
        [0.0193339, 0.1191920, 0.9503041],
    ]
)
D65_WHITE = SRGB_TO_XYZ @ np.ones(3)


def linear_rgb(colour: str) -> np.ndarray:
    """A colour's linear sRGB components (the sRGB transfer function undone)."""
    rgb = np.array(to_rgb(colour))
    return np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)


def seen_as(colour: str, vision: str) -> np.ndarray:
    """The CIELAB (D65) coordinates of a colour as seen with `vision`."""
    rgb = linear_rgb(colour)
    if vision != "normal":
        rgb = np.clip(MACHADO_2009[vision] @ rgb, 0.0, 1.0)
    xyz = (SRGB_TO_XYZ @ rgb) / D65_WHITE
    delta = 6 / 29
    f = np.where(xyz > delta**3, np.cbrt(xyz), xyz / (3 * delta**2) + 4 / 29)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def ciede2000(lab1: np.ndarray, lab2: np.ndarray) -> float:
    """The CIEDE2000 colour difference of two CIELAB colours (kL = kC = kH = 1)."""
    (l1, a1, b1), (l2, a2, b2) = lab1, lab2
    chroma = (math.hypot(a1, b1) + math.hypot(a2, b2)) / 2
    g = 0.5 * (1 - math.sqrt(chroma**7 / (chroma**7 + 25**7)))
    a1, a2 = (1 + g) * a1, (1 + g) * a2
    c1, c2 = math.hypot(a1, b1), math.hypot(a2, b2)
    h1 = math.degrees(math.atan2(b1, a1)) % 360 if c1 else 0.0
    h2 = math.degrees(math.atan2(b2, a2)) % 360 if c2 else 0.0
    turn = h2 - h1
    if c1 * c2 == 0:
        turn = 0.0
    elif turn > 180:
        turn -= 360
    elif turn < -180:
        turn += 360
    delta_h = 2 * math.sqrt(c1 * c2) * math.sin(math.radians(turn / 2))
    mean_l, mean_c = (l1 + l2) / 2, (c1 + c2) / 2
    if c1 * c2 == 0:
        mean_h = h1 + h2
    elif abs(h1 - h2) <= 180:
        mean_h = (h1 + h2) / 2
    else:
        mean_h = (h1 + h2 + 360) / 2 if h1 + h2 < 360 else (h1 + h2 - 360) / 2
    t = (
        1
        - 0.17 * math.cos(math.radians(mean_h - 30))
        + 0.24 * math.cos(math.radians(2 * mean_h))
        + 0.32 * math.cos(math.radians(3 * mean_h + 6))
        - 0.20 * math.cos(math.radians(4 * mean_h - 63))
    )
    rotation = 30 * math.exp(-(((mean_h - 275) / 25) ** 2))
    r_c = 2 * math.sqrt(mean_c**7 / (mean_c**7 + 25**7))
    s_l = 1 + 0.015 * (mean_l - 50) ** 2 / math.sqrt(20 + (mean_l - 50) ** 2)
    s_c = 1 + 0.045 * mean_c
    s_h = 1 + 0.015 * mean_c * t
    r_t = -math.sin(math.radians(2 * rotation)) * r_c
    dl, dc, dh = (l2 - l1) / s_l, (c2 - c1) / s_c, delta_h / s_h
    return math.sqrt(dl**2 + dc**2 + dh**2 + r_t * dc * dh)


def closest_pair(group: set[str]) -> tuple[float, str, str, str]:
    """The smallest difference in a group over every vision: (delta E, colour, colour, vision)."""
    return min(
        (ciede2000(seen_as(a, vision), seen_as(b, vision)), a, b, vision)
        for vision in VISIONS
        for a, b in itertools.combinations(sorted(group), 2)
    )


def contrast_on_white(colour: str) -> float:
    """The WCAG contrast ratio of a colour against white."""
    luminance = float(np.array([0.2126, 0.7152, 0.0722]) @ linear_rgb(colour))
    return 1.05 / (luminance + 0.05)


# --- the measure itself -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lab1", "lab2", "expected"),
    [  # pairs 1, 7, 17, 18 and 25 of Sharma, Wu and Dalal's (2005) test data
        ((50.0, 2.6772, -79.7751), (50.0, 0.0, -82.7485), 2.0425),
        ((50.0, 0.0, 0.0), (50.0, -1.0, 2.0), 2.3669),
        ((50.0, 2.5, 0.0), (73.0, 25.0, -18.0), 27.1492),
        ((50.0, 2.5, 0.0), (61.0, -5.0, 29.0), 22.8977),
        ((60.2574, -34.0099, 36.2677), (60.4626, -34.1751, 39.4387), 1.2644),
    ],
)
def test_ciede2000_matches_the_published_test_data(lab1, lab2, expected):
    assert ciede2000(np.array(lab1), np.array(lab2)) == pytest.approx(expected, abs=1e-4)


def test_the_simulation_merges_what_each_deficiency_cannot_tell_apart():
    """The check can fail: the old default orange and green merge for a protanope, the
    classic red and green for a deuteranope, the old orange and pink for a tritanope."""
    assert ciede2000(seen_as("#ff7f0e", "normal"), seen_as("#2ca02c", "normal")) > 40
    assert ciede2000(seen_as("#ff7f0e", "protanopia"), seen_as("#2ca02c", "protanopia")) < 3
    assert closest_pair({"#d62728", "#2ca02c"})[3] in ("protanopia", "deuteranopia")
    assert ciede2000(seen_as("#d62728", "deuteranopia"), seen_as("#2ca02c", "deuteranopia")) < 10
    assert ciede2000(seen_as("#ff7f0e", "normal"), seen_as("#e377c2", "normal")) > 40
    assert ciede2000(seen_as("#ff7f0e", "tritanopia"), seen_as("#e377c2", "tritanopia")) < 10
    white = seen_as("#ffffff", "protanopia")
    assert ciede2000(white, seen_as("#ffffff", "normal")) < 1  # greys stay as they are


# --- the palette ------------------------------------------------------------------------------


def test_the_actor_palette_stays_apart_under_every_deficiency_and_shows_on_white():
    delta_e, a, b, vision = closest_pair(set(ACTOR_PALETTE))
    assert delta_e >= DISTINCT_DELTA_E, (a, b, vision, round(delta_e, 1))
    assert min(map(contrast_on_white, ACTOR_PALETTE)) >= MIN_CONTRAST


def test_every_shipped_cast_gives_each_actor_a_palette_colour_told_apart_from_the_others():
    for path in sorted(SCENARIO_DIR.glob("*.toml")):
        cast = shipped_scenario(path.stem).cast
        given = actor_colours(cast)
        assert set(given.values()) <= set(ACTOR_PALETTE), path.stem
        assert len(set(given.values())) == len(given), path.stem
    assert actor_colours(shipped_scenario("bengdara_2022").cast)["lna"] == colours.COLOURS["lna"]


def test_regions_money_and_bands_keep_apart_and_show_on_white():
    groups = {
        "regions": set(colours.REGION_COLOURS.values()),
        "money, with the NOC's statements": {
            *colours.MONEY.values(),
            colours.RECORD["monthly_avg"],
        },
        "bands": set(colours.BANDS),
        "production: model and record": {colours.MODEL, *colours.RECORD.values()},
    }
    for name, group in groups.items():
        delta_e, a, b, vision = closest_pair(group)
        assert delta_e >= DISTINCT_DELTA_E, (name, a, b, vision, round(delta_e, 1))
        assert min(map(contrast_on_white, group)) >= MIN_CONTRAST, name


# --- the colours the charts draw --------------------------------------------------------------


@pytest.fixture(scope="module")
def played() -> LibyaModel:
    model = LibyaModel(rng=1)
    model.run_for(60)
    return model


@pytest.mark.parametrize("name", list(OPTIONS))
def test_each_app_chart_draws_colours_told_apart_under_every_deficiency(played, name):
    chart = echarts.ChartData(
        weekly_table(played), happened_columns(played), horizon(played), played.cast, record="2020"
    )
    option = OPTIONS[name](chart)
    drawn = {to_hex(s["color"]) for s in option["series"] if s.get("name")}
    assert len(drawn) >= 2, drawn
    delta_e, a, b, vision = closest_pair(drawn)
    assert delta_e >= DISTINCT_DELTA_E, (a, b, vision, round(delta_e, 1))
    if name == "components":  # stacked areas drawn opaque: as distinct as their colours
        assert all(s["areaStyle"]["opacity"] == 1.0 for s in option["series"] if s.get("name"))


def report_figures() -> dict[str, Figure]:
    """The report's charts: the overview of one run, an episode's chart and the 2020 forecast's
    (these two from a made-up band: only their colours are looked at)."""
    scenario = shipped_scenario("sochi_2020")
    figures = {"overview": overview_figure([run(scenario, 1)], scenario.cast, "sochi")}
    for name in ("ports_handover_2018", "sochi_2020"):
        episode = shipped_scenario(name)
        frame = ep.episode_frame(episode, observed_record(episode.record))
        dates = pd.date_range(pd.Timestamp(episode.parameters.start_date), periods=60, freq="7D")
        band = pd.DataFrame(
            {
                "q5": 100.0,
                "q50": 500.0,
                "q95": 900.0,
                "persistence": 300.0,
                "others_average": 700.0,
            },
            index=dates,
        )
        if name == "sochi_2020":
            figures[name] = forecast_figure(band, ep.reopening_date(episode), frame)
        else:
            figures[name] = episode_figure(name, band, frame)
    return figures


def test_the_reports_charts_draw_each_panels_colours_told_apart():
    for name, figure in report_figures().items():
        for ax in figure.axes:
            drawn = {to_hex(line.get_color()) for line in ax.get_lines() if in_legend(line)}
            drawn |= {to_hex(c.get_facecolor()[0]) for c in ax.collections if in_legend(c)}
            if len(drawn) < 2:
                continue
            delta_e, a, b, vision = closest_pair(drawn)
            assert delta_e >= DISTINCT_DELTA_E, (name, ax.get_title(), a, b, vision, delta_e)


def in_legend(artist) -> bool:
    """Whether matplotlib lists an artist in the legend (its label is set, not "_...")."""
    label = artist.get_label()
    return bool(label) and not label.startswith("_")


def test_the_maps_rings_stand_out_from_each_other_and_from_every_holders_fill():
    rings = {to_hex(edge) for edge in STATUS_EDGES.values()}
    delta_e, a, b, vision = closest_pair(rings | {colours.SITE_LEGEND_FILL})
    assert delta_e >= DISTINCT_DELTA_E, (a, b, vision, round(delta_e, 1))
    for ring, fill in itertools.product(rings, ACTOR_PALETTE):
        delta_e, *_ = closest_pair({ring, fill})
        assert delta_e >= DISTINCT_DELTA_E, (ring, fill, round(delta_e, 1))
    model = LibyaModel(rng=1)
    model.run_for(5)
    figure = map_figure(list(model.assets), model.cast, model.date.isoformat())
    fills = {to_hex(c.get_facecolor()[0]) for c in figure.axes[0].collections[:-1]}
    assert fills <= {to_hex(colour) for colour in actor_colours(model.cast).values()}
    assert to_hex(colours.COLOURS["lna"]) in fills  # the LNA holds the eastern fields
