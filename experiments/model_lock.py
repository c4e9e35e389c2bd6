"""The lock under which a model is stepped and its records read, when threads share it.

The app's Play steps a model in a thread of its own while the page draws it, and a class's
run is stepped by its player while every page of the class draws it: a week recorded
half-way (Mesa appends the columns one by one) would give tables of unequal lengths. The
lock is re-entrant, so that a class may read its run while it holds the lock to change it.
"""

from __future__ import annotations

import threading
import weakref

from model import LibyaModel

_LOCKS: weakref.WeakKeyDictionary[LibyaModel, threading.RLock] = weakref.WeakKeyDictionary()
_LOCKS_LOCK = threading.Lock()


def model_lock(model: LibyaModel) -> threading.RLock:
    """The model's lock (made on first use; it goes with the model)."""
    with _LOCKS_LOCK:
        return _LOCKS.setdefault(model, threading.RLock())
