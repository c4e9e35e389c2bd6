"""Fixed facts and judgements about the actors and regions at the start of a run.

These are not tunable parameters but documented starting values; `docs/ODD.md` lists them
with their rationale. Change them here to represent another starting configuration.
"""

from __future__ import annotations

# recognition: international and legal recognition, 0 to 1.
# attention_base: typical weekly news attention (1 = a main faction's).
ACTOR_SETUP: dict[str, dict[str, float]] = {  # the UN's attention comes from its levers
    "lna": {"recognition": 0.3, "attention_base": 1.0},  # not recognised; a party to talks
    "gna": {"recognition": 1.0, "attention_base": 1.0},  # UN-recognised government
    "maiteeq": {"recognition": 0.5, "attention_base": 0.2},  # a deputy, not the Council
    "noc": {"recognition": 0.8, "attention_base": 0.5},  # sole legal seller (Berlin, UNSC 2510)
    "un": {"recognition": 1.0},  # attention follows its effort and breadth (agents/mediator.py)
    "russia": {"recognition": 0.3, "attention_base": 0.6},
    "turkey": {"recognition": 0.3, "attention_base": 0.6},
    # The US's attention base follows its pressure: 0.4 + 0.6 * pressure (model/mediation.py).
    "us": {"recognition": 0.5, "attention_base": 0.52},
}

ACTOR_LABELS: dict[str, str] = {
    "lna": "LNA (Haftar)",
    "gna": "GNA (Sarraj)",
    "maiteeq": "Maiteeq",
    "noc": "NOC",
    "un": "UN (UNSMIL)",
    "russia": "Russia",
    "turkey": "Turkey",
    "us": "United States",
}

# Patrons: client backed and starting commitment (0 to 2). Turkey's rises with its troop
# deployment mandate of 2 Jan 2020 (a timeline event).
PATRONS: dict[str, dict[str, object]] = {
    "russia": {"client": "lna", "commitment": 1.0},
    "turkey": {"client": "gna", "commitment": 0.8},
    "us": {"client": None, "commitment": 0.0},
}

# Regions: population share (2006 census, rounded: Tripolitania about 60%, Cyrenaica about
# 30%, Fezzan about 10%), exposure to national power cuts, and the authority held to account.
REGIONS: dict[str, dict[str, object]] = {
    "west": {"population_share": 0.6, "exposure": 1.0, "incumbent": "gna"},
    "east": {"population_share": 0.3, "exposure": 1.1, "incumbent": "lna"},
    "south": {"population_share": 0.1, "exposure": 1.2, "incumbent": "gna"},
}

# Who controlled each oil asset in 2020 (from the control_2020 column of oil_assets.csv).
# El Feel was held by GNA-aligned forces but shut by the LNA's blockade of its pipeline;
# Hamada shares the Sharara-Zawiya pipeline; the offshore fields lie off the GNA-held west.
CONTROLLER_2020: dict[str, str] = {
    "Sharara": "lna",
    "El Feel": "gna",
    "Hamada": "lna",
    "Waha": "lna",
    "Sarir": "lna",
    "Messla": "lna",
    "Nafoora-Amal": "lna",
    "Zelten": "lna",
    "Abu Attifel": "lna",
    "Bouri": "gna",
    "Al-Jurf": "gna",
    "Es Sider": "lna",
    "Ras Lanuf": "lna",
    "Brega": "lna",
    "Zueitina": "lna",
    "Hariga": "lna",
    "Zawiya": "gna",
    "Mellitah": "gna",
}
