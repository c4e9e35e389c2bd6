"""The Libya model: `from model import LibyaModel`.

`LibyaModel` is imported on first use, so that the agents can import the model's
decision helpers (`model.decisions`) without an import cycle.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from model.model import LibyaModel

__all__ = ["LibyaModel"]


def __getattr__(name: str) -> Any:
    if name == "LibyaModel":
        from model.model import LibyaModel

        return LibyaModel
    raise AttributeError(f"module 'model' has no attribute {name!r}")
