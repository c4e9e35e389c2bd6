"""The `libya-abm` command line.

Usage errors (unknown scenario or parameter, a value out of range, malformed TOML, an event
outside the horizon) print one clear message naming the file and key, and exit with code 2.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import signal
import socket
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import pandas as pd
import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from config.exercises import exercises
from config.parameters import parameters_markdown, parameters_text
from config.scenarios import (
    DEFAULT_SCENARIO,
    Scenario,
    ScenarioError,
    list_scenarios,
    load_scenario,
    parse_assignments,
)
from experiments.class_hub import DATA_VARIABLE, PUBLIC_URL_VARIABLE, default_data_folder
from experiments.runner import (
    DEFAULT_SEED,
    RunResult,
    replication_seeds,
    run_ensemble,
    write_outputs,
)
from experiments.sweep import (
    completed_run_ids,
    count_runs,
    finish_manifest,
    iter_runs,
    manifest_kept_only_with_runs,
    open_manifest,
    run_dask,
    run_local,
    write_part,
)
from experiments.sweep_spec import load_spec

if TYPE_CHECKING:
    from experiments.episode_validation import EpisodeStudy

# The engines of the analysis, calibration, discovery, validation and printing commands are
# imported by those commands when they run: `sweep` and `calibrate` start their workers as fresh
# interpreters (spawn), each of which imports this module again, and a light module keeps the
# workers quick to start and small (benchmarks/README.md).
USAGE_ERROR = 2
app = typer.Typer(
    name="libya-abm",
    help="Agent-based model of Libya's oil political economy around the 2020 oil deal.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
console = Console()
errors = Console(stderr=True)


def runs_progress() -> Progress:
    """A progress bar of runs on stderr (runs done, time left), cleared when done."""
    return Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=errors,
        transient=True,
    )


def fail(message: str) -> None:
    """Print a usage error and exit with code 2 (no traceback)."""
    errors.print(f"[bold red]error:[/] {escape(message)}", highlight=False, soft_wrap=True)
    raise typer.Exit(USAGE_ERROR)


def writable_folder(path: Path, option: str) -> Path:
    """Create an output folder before any work starts, or fail naming the option (exit 2)."""
    if path.exists() and not path.is_dir():
        fail(f"{option} {path}: exists and is not a folder")
    try:
        path.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=path):
            pass
    except OSError as exc:
        fail(f"{option} {path}: cannot write there ({exc.strerror or exc})")
    return path


def stop_on_signals() -> None:
    """Make Ctrl-C and SIGTERM raise KeyboardInterrupt, even where SIGINT is ignored.

    A job started in the background of a shell ignores SIGINT; long runs must still stop
    cleanly when asked to.
    """
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, signal.default_int_handler)


def stopped(out: Path, total: int) -> NoReturn:
    """Say how many runs an interrupted sweep kept and how to resume; exit with code 130."""
    kept = len(completed_run_ids(out))
    errors.print(
        f"stopped: {kept} of {total} runs kept in {out}; run the same command again to resume",
        soft_wrap=True,
    )
    raise typer.Exit(130)


def folder_name(scenario_name: str) -> str:
    """A scenario's name made safe as a folder name under results/."""
    return re.sub(r"[^A-Za-z0-9_.=-]+", "_", scenario_name).strip("._") or "scenario"


def run_folder(scenario: Scenario, overrides: dict[str, str]) -> Path:
    """The default folder of a run: results/<scenario>, plus -KEY=VALUE for each --set.

    So a run with changed parameters never replaces the scenario's own run. The keys come in
    alphabetical order and the values as validated (`2` for a float parameter is `2.0`), so
    that the same changes always name the same folder.
    """
    changes = [f"{key}={getattr(scenario.parameters, key)}" for key in sorted(overrides)]
    return Path("results") / folder_name("-".join([scenario.name, *changes]))


def read_log(path: Path) -> pd.DataFrame:
    """An events.csv written by `libya-abm run`, or a usage error saying why it cannot be read."""
    if not path.is_file():
        fail(f"{path} does not exist; write it with `libya-abm run --out {path.parent}`")
    try:
        log = pd.read_csv(path)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        fail(f"{path}: not an events.csv written by `libya-abm run` ({exc})")
    missing = {"category", "actors", "kind", "date", "explanation"} - set(log.columns)
    if missing:
        fail(f"{path}: not an events.csv written by `libya-abm run` (no {sorted(missing)})")
    return log


@app.command("run")
def run_command(
    scenario: Annotated[
        str, typer.Option(help="Shipped scenario name or path to a scenario TOML file.")
    ] = DEFAULT_SCENARIO,
    set_: Annotated[
        list[str] | None,
        typer.Option("--set", help="Override a parameter, KEY=VALUE (repeatable)."),
    ] = None,
    seed: Annotated[
        int, typer.Option(min=0, help="Root seed of the run(s); the default is a typical run.")
    ] = DEFAULT_SEED,
    replications: Annotated[
        int, typer.Option(min=1, help="Runs with independent seeds spawned from --seed.")
    ] = 1,
    out: Annotated[
        Path | None,
        typer.Option(
            help="Output folder (default: results/<scenario>, plus -KEY=VALUE for each --set)."
        ),
    ] = None,
) -> None:
    """Run a scenario headless; write model.csv, assets.csv, events.csv, run.json and a chart."""
    from experiments.plots import write_overview

    try:
        chosen = load_scenario(scenario)
        overrides = parse_assignments(set_ or [])
        if overrides:
            chosen = chosen.with_overrides(overrides)
    except ScenarioError as exc:
        fail(str(exc))
    out_dir = writable_folder(out or run_folder(chosen, overrides), "--out")
    if (out_dir / "model.csv").exists():
        errors.print(f"replacing the run in {out_dir}", soft_wrap=True)
    seeds = replication_seeds(seed, replications)
    results: list[RunResult] = []
    with runs_progress() as progress:
        task = progress.add_task(f"{chosen.name}: running", total=len(seeds))
        for result in run_ensemble(chosen, seeds):
            results.append(result)
            progress.advance(task)
    paths = write_outputs(out_dir, chosen, results)
    paths["overview"] = write_overview(
        results, chosen.cast, chosen.name, out_dir / "overview.png", chosen.record
    )
    print_summary(chosen, results)
    console.print(f"Wrote {', '.join(str(p) for p in paths.values())}")


def print_summary(scenario: Scenario, results: list[RunResult]) -> None:
    """A short table: final production, losses, frozen funds and each actor's influence."""
    finals = [result.model.iloc[-1] for result in results]

    def mean(column: str) -> float:
        return sum(float(final[column]) for final in finals) / len(finals)

    runs = f"mean of {len(finals)} run(s)"
    table = Table(title=f"{scenario.name}: week ending {finals[0]['date']} ({runs})")
    table.add_column("measure")
    table.add_column("value", justify="right")
    table.add_row("production, kbpd", f"{mean('production_kbpd'):,.0f}")
    table.add_row("cumulative blockade loss, bn USD", f"{mean('cumulative_loss_usd_bn'):.2f}")
    table.add_row("frozen revenue, bn USD", f"{mean('frozen_usd_bn'):.2f}")
    labels = scenario.cast.labels
    for actor in scenario.cast.actor_ids:
        table.add_row(f"influence: {labels[actor]}", f"{mean(f'influence_{actor}'):.3f}")
    console.print(table)


LOOPBACK_HOSTS = ("localhost", "127.0.0.1", "::1")


def network_address() -> str:
    """This computer's address on its network (no packet is sent), or 127.0.0.1 if none."""
    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        probe.connect(("10.255.255.255", 1))  # picks the interface of the default route
        return str(probe.getsockname()[0])
    except OSError:
        return "127.0.0.1"
    finally:
        probe.close()


@app.command("app")
def app_command(
    host: Annotated[str, typer.Option(help="Address to serve on.")] = "localhost",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to serve on.")] = 8765,
    data: Annotated[
        Path | None,
        typer.Option(
            help="Folder that keeps the classes (classroom mode) "
            "(default: $LIBYA_ABM_DATA, else ~/.local/share/libya-abm)."
        ),
    ] = None,
) -> None:
    """Serve the browser app (offline: no CDN, no telemetry) until Ctrl-C.

    The default host is localhost, as Solara's own: over plain http, Solara sets its session
    cookie as it means to (SameSite=None; Secure) only for a page opened as localhost, and
    warns at the first page opened under any other name, 127.0.0.1 included. For a class,
    `--host 0.0.0.0` serves the room's network: the command says so, and at which address.
    """
    app_file = Path(__file__).resolve().parents[1] / "viz" / "app.py"
    solara = Path(sys.executable).parent / "solara"
    if not app_file.is_file() or not solara.is_file():
        fail(f"the app needs {app_file} and {solara}: install the package with its dependencies")
    command = [
        str(solara),
        "run",
        str(app_file),
        "--host",
        host,
        "--port",
        str(port),
        "--production",
        "--no-open",
        "--no-check-version",
    ]
    environment = {
        **os.environ,
        "SOLARA_TELEMETRY_MIXPANEL_ENABLE": "False",
        "SOLARA_THEME_SHOW_BANNER": "False",  # its badge would cover the charts' corner
    }
    if data is not None:
        environment[DATA_VARIABLE] = str(data.resolve())
    folder = Path(environment.get(DATA_VARIABLE) or default_data_folder())
    if host in LOOPBACK_HOSTS:
        console.print(f"Serving the libya-abm app on http://{host}:{port}/ (Ctrl-C to stop)")
        console.print("Only this computer can open it; for a class, serve with --host 0.0.0.0.")
    else:
        reachable = network_address() if host in ("0.0.0.0", "::") else host
        public = f"http://{reachable}:{port}/"
        environment[PUBLIC_URL_VARIABLE] = public
        console.print(
            f"Serving the libya-abm app on {public} (Ctrl-C to stop).\n"
            f"[bold]It is reachable from the network[/bold]: anyone who can reach this "
            f"computer on port {port} can open it. Serve a class only on the room's network."
        )
    console.print(f"Classes are kept in {folder}.")
    sys.stdout.flush()
    # Solara takes this process's place, so that a signal to stop it (Ctrl-C, or the SIGTERM
    # of a test or a service manager) reaches the server itself and leaves nothing behind.
    os.execve(str(solara), command, environment)


@app.command("sweep")
def sweep_command(
    spec: Annotated[
        str, typer.Argument(help="Sweep spec TOML (a path, or a name in config/sweeps/).")
    ],
    out: Annotated[Path, typer.Option(help="Output folder; run again to resume.")],
    workers: Annotated[
        int, typer.Option(min=1, help="Local worker processes (default: all cores).")
    ] = os.cpu_count() or 1,
    scheduler: Annotated[
        str | None, typer.Option(help="Dask scheduler address, e.g. tcp://127.0.0.1:8786.")
    ] = None,
) -> None:
    """Run a parameter sweep; results stream to a Parquet dataset in OUT/runs."""
    try:
        chosen = load_spec(spec)
    except ScenarioError as exc:
        fail(str(exc))
    writable_folder(out, "--out")  # after the spec: a misspelt spec leaves no empty folder
    try:
        total = count_runs(chosen)
        open_manifest(out, chosen, total)
        done = completed_run_ids(out)
    except ScenarioError as exc:
        fail(str(exc))
    stop_on_signals()
    todo = (run for run in iter_runs(chosen) if run.run_id not in done)
    engine = f"Dask at {scheduler}" if scheduler else f"{workers} local worker(s)"
    console.print(f"{chosen.name}: {total} runs ({len(done)} already done) on {engine}")
    with Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]}"),
        TimeRemainingColumn(),
        console=errors,
    ) as progress:
        task = progress.add_task(chosen.name, total=total, completed=len(done), rate="")
        started, finished = time.monotonic(), [0]

        def keep(rows: pd.DataFrame) -> None:
            write_part(out, rows)
            finished[0] += len(rows)
            rate = finished[0] / max(1e-9, time.monotonic() - started)
            progress.update(task, advance=len(rows), rate=f"{rate:.1f} runs/s")

        try:
            with manifest_kept_only_with_runs(out):
                if scheduler:
                    run_dask(chosen, todo, scheduler, keep)
                else:
                    run_local(chosen, todo, workers, keep)
        except KeyboardInterrupt:
            stopped(out, total)
        except ScenarioError as exc:
            fail(str(exc))
    finish_manifest(out)
    console.print(
        f"{total} runs in {out / 'runs'} (pandas.read_parquet('{out / 'runs'}'))",
        soft_wrap=True,
    )


@app.command("analyze")
def analyze_command(
    out: Annotated[Path, typer.Argument(help="Folder written by `libya-abm sweep`.")],
) -> None:
    """Sobol or Morris sensitivity indices of a sweep's outcomes: a table and charts."""
    from experiments.analysis import write_analysis

    try:
        found, csv, charts = write_analysis(out)
    except ScenarioError as exc:
        fail(str(exc))
    for outcome, reason in found.skipped.items():
        errors.print(f"note: no indices for {outcome}: {reason}", soft_wrap=True)
    table = found.table
    console.print(
        f"Indices of {table['outcome'].nunique()} outcome(s) in {csv}; {len(charts)} charts"
    )
    for outcome, rows in table[table["negligible"]].groupby("outcome"):
        console.print(f"{outcome}: negligible: {', '.join(rows['parameter'])}")


@app.command("discover")
def discover_command(
    out: Annotated[Path, typer.Argument(help="Folder written by `libya-abm sweep`.")],
    condition: Annotated[
        str, typer.Option(help='Outcome expression, e.g. "cumulative_loss_usd_bn > 20".')
    ],
    min_density: Annotated[
        float, typer.Option(min=0.0, max=1.0, help="Least share of cases of interest in the box.")
    ] = 0.8,
) -> None:
    """Scenario discovery with PRIM: the parameter ranges in which a condition holds."""
    from experiments.discovery import discover, write_discovery

    try:
        found = discover(out, condition, min_density)
    except ScenarioError as exc:
        fail(str(exc))
    if found.cases < found.planned_cases:
        errors.print(
            f"note: only {found.cases} of the sweep's {found.planned_cases} runs are done; the "
            "box describes those (run the sweep again to finish it)",
            soft_wrap=True,
        )
    table, chart = write_discovery(out, found)
    if found.density < min_density:
        errors.print(
            f"note: no box reaches --min-density {min_density:g}; this is the densest box "
            "PRIM found",
            soft_wrap=True,
        )
    console.print(
        f"{condition}: {found.cases_of_interest} of {found.cases} runs. Box: coverage "
        f"{found.coverage:.2f}, density {found.density:.2f}, mass {found.mass:.2f}",
        soft_wrap=True,
    )
    for row in found.limits[found.limits["restricted"]].itertuples():
        console.print(
            f"  {row.parameter}: {row.low:.4g} to {row.high:.4g} "
            f"(of {row.full_low:.4g} to {row.full_high:.4g})"
        )
    console.print(f"Wrote {table} and {chart}", soft_wrap=True)


EpisodesFlag = Annotated[
    bool,
    typer.Option(
        "--episodes",
        help="Use the earlier blockades (2014, 2016, 2018, 2022) instead of 2020 alone; "
        "validate then forecasts 2020 from them.",
    ),
]
EpisodeOption = Annotated[
    list[str] | None,
    typer.Option(
        "--episode",
        help="An earlier blockade to use (repeatable; implies --episodes; default: all four).",
    ),
]
SamplesOption = Annotated[int, typer.Option(min=10, help="Design points drawn from the priors.")]
AcceptOption = Annotated[
    float, typer.Option(min=0.001, max=0.5, help="Share of closest points accepted.")
]
WorkersOption = Annotated[int, typer.Option(min=1, help="Local worker processes.")]
EPISODE_SAMPLES = 400  # design points on every episode (x5 runs with validate)
EPISODE_ACCEPT = 0.1
EPISODE_FOLDER = Path("results/episodes")  # calibrate and validate share its runs
LOCAL_CORES = os.cpu_count() or 1


def episode_study(
    episodes: list[str] | None,
    samples: int | None,
    accept: float | None,
    seed: int,
    workers: int,
    out: Path | None,
) -> EpisodeStudy:
    """The study --episodes asks for, its folder created.

    The episodes named with --episode (checked), or all four; the episodes' defaults for
    what is not given.
    """
    from experiments.episode_validation import EPISODES, EpisodeStudy

    unknown = [name for name in episodes or [] if name not in EPISODES]
    if unknown:
        fail(f"--episode: unknown episode(s) {', '.join(unknown)}; episodes: {', '.join(EPISODES)}")
    return EpisodeStudy(
        out=writable_folder(out or EPISODE_FOLDER, "--out"),
        episodes=tuple(dict.fromkeys(episodes)) if episodes else EPISODES,
        samples=samples or EPISODE_SAMPLES,
        accept=accept or EPISODE_ACCEPT,
        seed=seed,
        workers=workers,
    )


def with_episode_runs[T](label: str, out: Path, work: Callable[..., T], study: EpisodeStudy) -> T:
    """Run `work(study, on_start, on_rows)` under a progress bar of the episodes' runs.

    Ctrl-C keeps the runs done (exit 130, saying how to resume); a ScenarioError is a usage
    error (exit 2).
    """
    stop_on_signals()
    progress = runs_progress()
    task = progress.add_task(label, total=None)

    def start(total: int, done: int) -> None:
        console.print(f"{label}: {total} runs ({done} already done)")
        progress.update(task, total=total, completed=done)
        progress.start()

    try:
        try:
            return work(study, start, lambda n: progress.advance(task, n))
        finally:
            progress.stop()  # before any message, so that the bar does not print over it
    except KeyboardInterrupt:
        errors.print(f"stopped: the runs done are kept in {out}; run again to resume")
        raise typer.Exit(130) from None
    except ScenarioError as exc:
        fail(str(exc))
        raise  # unreachable: fail exits


@app.command("validate")
def validate_command(
    replications: Annotated[int, typer.Option(min=2, help="Seeds per scenario.")] = 100,
    seed: Annotated[int, typer.Option(min=0, help="Root seed of the ensembles.")] = 0,
    out: Annotated[Path | None, typer.Option(help="Report folder.")] = None,
    episodes: EpisodesFlag = False,
    episode: EpisodeOption = None,
    samples: SamplesOption = EPISODE_SAMPLES,
    accept: AcceptOption = EPISODE_ACCEPT,
    workers: WorkersOption = LOCAL_CORES,
) -> None:
    """Check the brief's patterns on ensembles, with fit statistics and the forecast.

    With --episodes: leave each episode out, forecast it from the others and compare the
    forecast with its record and two naive forecasts; then forecast 2020 (--samples, --accept
    and --workers apply; results/episodes by default, resumable). Exits with 1 if a pattern
    fails, so that CI can run it.
    """
    if episodes or episode:
        validate_episodes(episode_study(episode, samples, accept, seed, workers, out))
        return
    from experiments.validation import SCENARIOS, check_patterns, run_ensembles
    from experiments.validation_report import write_report

    out = out or Path("results/validation")
    writable_folder(out, "--out")
    seeds = replication_seeds(seed, replications)
    with runs_progress() as progress:
        task = progress.add_task("validation runs", total=len(seeds) * len(SCENARIOS))
        ensembles = run_ensembles(seeds, on_run=lambda: progress.advance(task))
    checks = check_patterns(ensembles)
    html = write_report(out, ensembles, checks)
    for check in checks:
        verdict = "[green]pass[/]" if check.passed else "[bold red]FAIL[/]"
        console.print(f"{verdict} {check.number}. {check.title}: {check.figures}", soft_wrap=True)
    console.print(f"Report: {html}", soft_wrap=True)
    if not all(check.passed for check in checks):
        raise typer.Exit(1)


def validate_episodes(study: EpisodeStudy) -> None:
    """`validate --episodes`: leave one episode out, then the 2020 forecast."""
    from experiments.episode_validation import validate_on_episodes

    summary, page = with_episode_runs("episode runs", study.out, validate_on_episodes, study)
    shown = Table(title="Each episode forecast from the others (errors after the reopening)")
    for column in ("episode", "model", "persistence", "others' average", "90% band holds"):
        shown.add_column(column)
    for row in summary.itertuples():
        shown.add_row(
            row.episode,
            f"{row.model_mape:.0%}" + (" (best)" if row.beats_both else ""),
            f"{row.persistence_mape:.0%}",
            f"{row.others_average_mape:.0%}",
            f"{row.band_coverage:.0%}",
        )
    console.print(shown)
    console.print(
        f"The model beats both naive forecasts on {int(summary['beats_both'].sum())} of "
        f"{len(summary)} episodes. Report: {page}",
        soft_wrap=True,
    )


@app.command("calibrate")
def calibrate_command(
    samples: Annotated[
        int | None,
        typer.Option(
            min=10,
            help="Runs drawn from the priors (default 2000; 400 points a episode with --episodes).",
        ),
    ] = None,
    accept: Annotated[
        float | None,
        typer.Option(
            min=0.001,
            max=0.5,
            help="Share of closest runs accepted (default 0.05; 0.1 with --episodes).",
        ),
    ] = None,
    seed: Annotated[int, typer.Option(min=0, help="Root seed.")] = 0,
    workers: WorkersOption = LOCAL_CORES,
    out: Annotated[Path | None, typer.Option(help="Output folder (resumable).")] = None,
    episodes: EpisodesFlag = False,
    episode: EpisodeOption = None,
) -> None:
    """Estimate the parameters the 2020 record informs, by rejection ABC (in-sample data only).

    With --episodes: fit the shared recovery behaviour on the earlier blockades at once (all
    four unless --episode names some), in results/episodes by default, whose runs
    `validate --episodes` shares.
    """
    if episodes or episode:
        calibrate_episodes(episode_study(episode, samples, accept, seed, workers, out))
        return
    from experiments.calibration import calibrate

    samples = samples or 2000
    accept = accept or 0.05

    out = out or Path("results/calibration")
    writable_folder(out, "--out")
    stop_on_signals()
    # The bar starts once the runs already done are known, after the line that counts them.
    progress = runs_progress()
    task = progress.add_task("calibration runs", total=samples)

    def resume(done: int) -> None:
        console.print(
            f"calibration: {samples} runs ({done} already done) on {workers} local worker(s)"
        )
        progress.update(task, completed=done)
        progress.start()

    try:
        try:
            table = calibrate(
                out,
                samples,
                accept,
                seed,
                workers,
                on_start=resume,
                on_rows=lambda n: progress.advance(task, n),
            )
        finally:
            progress.stop()  # before any message, so that the bar does not print over it
    except KeyboardInterrupt:
        stopped(out, samples)
    except ScenarioError as exc:
        fail(str(exc))
    accepted = int(table["accepted_runs"].iloc[0])
    shown = Table(
        title=f"Posterior of the {accepted} runs closest to the record, of {samples} (90% interval)"
    )
    shown.add_column("parameter", no_wrap=True)
    for column in ("prior", "default", "posterior median", "90% interval"):
        shown.add_column(column)
    for row in table.itertuples():
        shown.add_row(
            row.parameter,
            f"{row.prior_low:g} to {row.prior_high:g}",
            f"{row.default:g}",
            f"{row.posterior_median:.3g}",
            f"{row.posterior_5:.3g} to {row.posterior_95:.3g}",
        )
    console.print(shown)
    console.print(f"Wrote {out / 'calibration.csv'} and {out / 'accepted.csv'}", soft_wrap=True)


def calibrate_episodes(study: EpisodeStudy) -> None:
    """`calibrate --episodes`: the shared behaviour fitted on several episodes at once."""
    from experiments.episode_validation import calibrate_on_episodes

    table = with_episode_runs("calibration runs", study.out, calibrate_on_episodes, study)
    shown = Table(
        title=f"Posterior of the {int(table['accepted_points'].iloc[0])} points closest on "
        f"{', '.join(study.episodes)} (90% interval)"
    )
    for column in ("parameter", "informed", "prior", "posterior median", "90% interval"):
        shown.add_column(column)
    for row in table.itertuples():
        shown.add_row(
            row.parameter,
            "yes" if row.informed else "no: prior only",
            f"{row.prior_low:g} to {row.prior_high:g}",
            f"{row.posterior_median:.3g}",
            f"{row.posterior_5:.3g} to {row.posterior_95:.3g}",
        )
    console.print(shown)
    written = f"{study.out / 'calibration.csv'} and {study.out / 'errors.csv'}"
    console.print(f"Wrote {written}", soft_wrap=True)


@app.command("why")
def why_command(
    out: Annotated[Path, typer.Argument(help="Folder written by `libya-abm run`.")],
    actor: Annotated[str, typer.Option(help="Actor or region id, e.g. lna, noc, west.")],
    date: Annotated[
        str | None, typer.Option(help="YYYY-MM-DD: the week ending on or after it.")
    ] = None,
    kind: Annotated[
        str | None, typer.Option(help="Kind of decision: blockade, force_majeure, protest, ...")
    ] = None,
    replication: Annotated[int, typer.Option(min=0, help="Which replication.")] = 0,
) -> None:
    """Explain an actor's decisions in a run: the terms that decided each choice."""
    path = out / "events.csv"
    log = read_log(path)
    runs = sorted(log["replication"].unique()) if "replication" in log.columns else [0]
    if replication not in runs:
        fail(f"--replication {replication}: {path} holds replications {runs[0]} to {runs[-1]}")
    if "replication" in log.columns:
        log = log[log["replication"] == replication]
    decisions = log[(log["category"] == "decision") & (log["actors"] == actor)]
    if decisions.empty:
        known = sorted(log.loc[log["category"] == "decision", "actors"].unique())
        fail(f"--actor {actor!r}: no decisions in {path}; actors with decisions: {known}")
    if kind is not None:
        kinds = sorted(decisions["kind"].unique())
        decisions = decisions[decisions["kind"] == kind]
        if decisions.empty:
            fail(f"--kind {kind!r}: {actor} made no such decision; its kinds: {kinds}")
    if date is not None:
        try:
            when = dt.date.fromisoformat(date).isoformat()
        except ValueError:
            fail(f"--date {date!r}: expected YYYY-MM-DD")
        later = decisions[decisions["date"] >= when]
        decisions = later[later["date"] == later["date"].min()] if len(later) else later
        if decisions.empty:
            fail(f"--date {date}: no decision of {actor} on or after that date")
    for row in decisions.itertuples():
        console.print(f"[bold]{row.date}[/] {row.explanation}", highlight=False, soft_wrap=True)


@app.command("scenarios")
def scenarios_command() -> None:
    """List the shipped scenarios: their titles, years, observed record and what each asks."""
    table = Table(title="Scenarios in config/scenarios/")
    table.add_column("name", no_wrap=True)
    table.add_column("title")
    table.add_column("years", no_wrap=True)
    table.add_column("record", no_wrap=True)
    table.add_column("what it asks")
    for name in list_scenarios():
        scenario = load_scenario(name)
        table.add_row(
            name, scenario.title, scenario.years, scenario.record or "-", scenario.summary
        )
    console.print(table)
    console.print(
        "record: the observed production the scenario is compared with (2020: "
        "config/data/production_2019_2020_pre_deal.csv; an episode id: "
        "config/data/episodes/production.csv); -: none",
        highlight=False,
        soft_wrap=True,
    )


@app.command("exercises")
def exercises_command(
    html: Annotated[
        Path | None,
        typer.Option(
            help="Write each sheet, and the handout, reading, glossary and rubric that exist, "
            "as printable HTML pages into DIR."
        ),
    ] = None,
    keys: Annotated[
        bool,
        typer.Option(
            help="With --html, write the instructor keys, the plan and the debrief guide too."
        ),
    ] = False,
) -> None:
    """List the teaching exercises with their presets, or write them as printable HTML."""
    from viz.sheets import write_printable

    try:
        found = exercises()
    except ScenarioError as exc:
        fail(str(exc))
    if html is not None:
        writable_folder(html, "--html")
        written = write_printable(found, html, keys=keys)
        console.print(f"Wrote {len(written)} printable pages into {html}", soft_wrap=True)
        return
    if keys:
        fail("--keys: only with --html DIR")
    table = Table(title="Exercises in docs/exercises/ (presets: config/exercises.toml)")
    for column in ("no.", "title", "preset", "compare with", "role"):
        table.add_column(column)
    for exercise in found:
        table.add_row(
            str(exercise.number),
            exercise.title.split(". ", 1)[-1],
            exercise.scenario,
            exercise.compare or "",
            exercise.role or "",
        )
    console.print(table)


@app.command("params")
def params_command(
    markdown: Annotated[
        bool, typer.Option(help="Print docs/PARAMETERS.md (generated from the schema).")
    ] = False,
) -> None:
    """List every parameter with its unit, default, range and meaning."""
    if markdown:
        typer.echo(parameters_markdown(), nl=False)
        return
    typer.echo(parameters_text(min(console.width, 100)), nl=False)  # wider lines read badly


def main() -> None:
    """Entry point of the `libya-abm` command."""
    app()
