"""Reading a model while Play's thread steps it (viz.run_data): whole weeks only."""

from __future__ import annotations

import threading
import time

from model import LibyaModel
from viz.run_data import model_lock, weekly_columns


def test_columns_read_while_another_thread_steps_are_always_of_one_length():
    model = LibyaModel(rng=3)
    done = threading.Event()

    def play() -> None:
        while model.running:
            with model_lock(model):
                model.step()
            time.sleep(0.001)  # as Play's pause between weeks
        done.set()

    player = threading.Thread(target=play)
    player.start()
    lengths_seen = set()
    while not done.is_set():
        columns = weekly_columns(model)
        lengths = {len(values) for values in columns.values()}
        assert len(lengths) == 1, f"a half-recorded week: column lengths {sorted(lengths)}"
        lengths_seen |= lengths
    player.join()
    assert len(weekly_columns(model)["date"]) == 93
    assert len(lengths_seen) > 1  # the reads did fall between different weeks
