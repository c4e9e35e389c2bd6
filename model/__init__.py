"""The simulation: `from model import LibyaModel`."""

from model.model import LibyaModel

__all__ = ["LibyaModel"]
