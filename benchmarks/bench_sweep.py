"""Sweep throughput, scaling and memory.

    python benchmarks/bench_sweep.py throughput   # runs/s with 1 and 2 workers, and the ratio
    python benchmarks/bench_sweep.py memory       # peak memory: 1,000-run vs 100,000-run sweep
    python benchmarks/bench_sweep.py sobol        # the sobol_10 spec: 22,528 runs, wall time

Each sweep runs as `libya-abm sweep` in a subprocess; memory is the peak of the summed
proportional set size (PSS: shared pages counted once across processes) of the whole process
tree (the command and its workers), sampled every 0.2 s.
The memory benchmark stops the 100,000-run sweep after `--seconds` (Ctrl-C), as the question is
whether memory grows with the number of runs, not how long they take.
"""

from __future__ import annotations

import argparse
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd
import psutil

BIN = Path(sys.executable).parent
LHS = """name = "bench"
design = "latin_hypercube"
samples = {samples}
seed = 1
batch_size = 50
outcomes = ["final_influence_lna", "cumulative_loss_usd_bn"]
[parameters.blockade_bias]
low = 4.0
high = 8.0
[parameters.restart_ramp_per_week]
low = 0.2
high = 1.0
"""


def sweep(spec: str, workers: int, seconds: float | None = None) -> tuple[float, int, float]:
    """Run a sweep; return (wall seconds, runs done, peak tree memory in MB)."""
    with tempfile.TemporaryDirectory() as folder:
        command_spec = spec  # a shipped spec's name, or a spec's TOML text:
        if "\n" in spec:
            path = Path(folder) / "spec.toml"
            path.write_text(spec)
            command_spec = str(path)
        out = Path(folder) / "out"
        command = [
            str(BIN / "libya-abm"),
            "sweep",
            command_spec,
            "--out",
            str(out),
            "--workers",
            str(workers),
        ]
        start = time.monotonic()
        process = subprocess.Popen(
            command,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            # a benchmark started in the background inherits an ignored SIGINT: restore it
            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
        )
        parent, peak = psutil.Process(process.pid), 0.0
        while process.poll() is None:
            try:
                tree = [parent, *parent.children(recursive=True)]
                peak = max(peak, sum(p.memory_full_info().pss for p in tree) / 2**20)
            except psutil.NoSuchProcess:
                pass
            if seconds is not None and time.monotonic() - start > seconds:
                process.send_signal(signal.SIGINT)
                process.wait()
                break
            time.sleep(0.2)
        wall = time.monotonic() - start
        done = (
            len(pd.read_parquet(out / "runs", columns=["run_id"])) if (out / "runs").exists() else 0
        )
        return wall, done, peak


def main() -> None:
    parser = argparse.ArgumentParser(description="Sweep benchmarks")
    parser.add_argument("what", choices=["throughput", "memory", "sobol"])
    parser.add_argument("--seconds", type=float, default=90.0)
    args = parser.parse_args()
    if args.what == "throughput":
        rates = {}
        for workers in (1, 2):
            wall, done, _ = sweep(LHS.format(samples=1000), workers)
            rates[workers] = done / wall
            print(f"{workers} worker(s): {done} runs in {wall:.1f} s = {rates[workers]:.1f} runs/s")
        print(f"2 workers / 1 worker: {rates[2] / rates[1]:.2f}x (target: at least 1.8x)")
    elif args.what == "memory":
        for samples, seconds in ((1_000, None), (100_000, args.seconds)):
            wall, done, peak = sweep(LHS.format(samples=samples), 2, seconds)
            print(
                f"{samples:>7,}-run sweep: {done} runs in {wall:.0f} s, peak memory {peak:.0f} MB"
            )
        print("target: under 500 MB for both")
    else:
        wall, done, peak = sweep("sobol_10", 2)
        print(
            f"sobol_10: {done} runs in {wall:.0f} s = {done / wall:.1f} runs/s on 2 workers, "
            f"peak memory {peak:.0f} MB (target: under 300 s)"
        )


if __name__ == "__main__":
    main()
