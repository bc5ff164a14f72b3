"""Benchmark: sealed, encrypted and delivered submissions per second per gateway worker process.

Run with `make bench` (or `python bench/gateway.py --rows 300`; never run by the tests). The
yardstick is the FLOOR, measured in the same run: the same receipts rendered, PAdES-sealed,
packed into the envelope and OpenPGP signed+encrypted in a plain loop in this process
(`sealed_receipt`, `build_envelope`, `Keyring.sign_encrypt`: the job's own functions, without
database and queue). Then K gateway worker processes (`flask --app buergerbuero gateway worker
--burst`, K = 1, then 2, each on a fresh set of rows) deliver real outbox rows, timed from their
start until the database shows every row `delivered`; per-process rate = rows/s / K. The rows are
cases filed through `buergerbuero.cases.submission.submit` from prepared drafts, enqueued on an rq
queue nobody works yet.

The machine (a VM) drifts in speed, so the floor is measured twice on the same rows: before the
worker phases and again at the very end (after the --stages run). Every ratio uses the two
combined ("floor (1 process)"); if they differ by more than DRIFT_NOTE of their mean, a NOTE says
by how much the speed drifted, which is about how uncertain the ratios are.

For K > 1 the same plain loop also runs in K forked processes at once ("floor, K parallel"):
what the machine gives K processes that do nothing else. The servers/other columns tell how much
CPU PostgreSQL, Redis and gpg-agent used, and how much went to anything else on the machine: a
phase with other load above NOISY_CORES is flagged, its figures are not clean. --stages K adds a
run whose workers time the job's stages (bench/gateway_stages.py).

The Redis database of --redis-url is flushed. A PostgreSQL database given with --database-url is
dropped and created afresh, so its name must start with "bench".
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import shlex
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import func, select  # noqa: E402

from bench.fixtures import ANSWERS, bench_env, prepare_instance  # noqa: E402
from bench.floor import DRIFT_NOTE, Phase, combine_floors, drift, measure_floor  # noqa: E402
from bench.gateway_stages import collect_totals, report_stages  # noqa: E402
from bench.machine import CpuMeter, cpu_model  # noqa: E402
from buergerbuero.cases.submission import submit  # noqa: E402
from buergerbuero.catalogue.definitions import published  # noqa: E402
from buergerbuero.core.extensions import db  # noqa: E402
from buergerbuero.models import Draft, OutboxMessage, Role, User  # noqa: E402
from mailgateway.models import OutboxStatus  # noqa: E402
from mailgateway.queue import gateway_queue, redis_connection  # noqa: E402

SERVICE = "hundesteuer-anmeldung"
STEPS = ["halter", "hunde", "zahlung"]
POLL_SECONDS = 0.05
RUN_TIMEOUT = 600
NOISY_CORES = 0.25  # other CPU above this spoils a phase


def main() -> None:
    """Prepare an instance, file the rows, measure floor and workers, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=300, help="outbox rows per measured run")
    parser.add_argument("--workers", default="1,2", help="worker counts to run, e.g. 1,2")
    parser.add_argument("--database-url", default="",
                        help="PostgreSQL URL (database name bench*); default SQLite in a temp dir")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/13",
                        help="Redis database for the queues (flushed)")
    parser.add_argument("--stages", type=int, nargs="?", const=1, default=0, metavar="K",
                        help="afterwards, time the job's stages in one more run of K workers "
                             "(default 1; bench/gateway_stages.py): where a job's time goes")
    args = parser.parse_args()
    counts = [int(k) for k in args.workers.split(",") if k.strip()]
    if args.database_url:
        recreate_database(args.database_url)
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="bench-gateway-") as tmp:
        instance = Path(tmp)
        env = bench_env(instance, args.database_url, args.redis_url)
        app = prepare_instance(instance, env)
        with app.app_context():
            redis_connection().flushdb()
        try:
            measure(args, app, instance, env, counts, load_before)
        finally:
            with app.app_context():
                redis_connection().flushdb()


def measure(args: argparse.Namespace, app, instance: Path, env: dict[str, str],
            counts: list[int], load_before: float) -> None:
    """File the rows, run the floor and the worker phases, print the report."""
    database = database_name(app)
    started = time.perf_counter()
    labels = [f"k{k}" for k in counts] + (["stages"] if args.stages else [])
    batches = {label: file_cases(app, args.rows, label) for label in labels}
    print(f"gateway bench: filed {args.rows * len(labels)} cases in "
          f"{time.perf_counter() - started:.1f} s ({database})", flush=True)
    floor_rows = batches[labels[0]]
    before = replace(measure_floor(app, floor_rows), name="floor before")
    print(f"  {before.name}: {before.per_second:.1f}/s", flush=True)
    phases = []
    for k in (k for k in counts if k > 1):
        phases.append(measure_floor(app, floor_rows, parallel=k))
        print(f"  {phases[-1].name}: {phases[-1].per_second:.1f}/s", flush=True)
    for k in counts:
        phases.append(run_workers(app, instance, env, batches[f"k{k}"], k, f"k{k}"))
        print(f"  {phases[-1].name}: {phases[-1].per_second:.1f}/s", flush=True)
    stages = None
    if args.stages:
        stages = run_stages(app, instance, env, batches["stages"], args.stages)
    # Last, so that before and after bracket every phase compared with the floor, stages included.
    after = replace(measure_floor(app, floor_rows), name="floor after")
    print(f"  {after.name}: {after.per_second:.1f}/s", flush=True)
    floor = combine_floors(before, after)
    report(args, database, [before, after, floor, *phases], floor,
           drift(before, after), load_before)
    if stages:
        report_stages(*stages, floor=floor)


def recreate_database(url: str) -> None:
    """Drop and create the PostgreSQL database named in `url` (its name must start with bench)."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    if not parsed.drivername.startswith("postgresql"):
        raise SystemExit("--database-url: only PostgreSQL URLs (SQLite is the default)")
    if not (parsed.database or "").startswith("bench"):
        raise SystemExit("--database-url: the bench drops the database; its name must start "
                         "with 'bench'")
    engine = create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{parsed.database}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{parsed.database}"'))
    engine.dispose()


def database_name(app) -> str:
    """Return 'SQLite x.y' or 'PostgreSQL x.y' for the report."""
    with app.app_context():
        bind = db.session.get_bind()
        version = ".".join(str(p) for p in bind.dialect.server_version_info or ())
        name = "PostgreSQL" if bind.dialect.name == "postgresql" else "SQLite"
        db.session.rollback()
    return f"{name} {version}".strip()


def file_cases(app, count: int, label: str) -> list[int]:
    """File `count` dog-tax cases through the app's submit(); return their outbox row ids.

    The rows are enqueued on the queue `bench-<label>`, which no worker serves yet.
    """
    queue_name = f"bench-{label}"
    with app.app_context():
        saved_queue = app.config["MAILGATEWAY_QUEUE"]
        app.config["MAILGATEWAY_QUEUE"] = queue_name
        try:
            definition = published(db.session, SERVICE)
            pairs = []
            for n in range(count):
                user = User(email=f"gw-{label}-{n}@example.org", display_name=f"Bench {label} {n}",
                            role=Role.RESIDENT, password_hash="!")
                db.session.add(user)
                db.session.flush()
                draft = Draft(user_id=user.id, definition=definition, answers=ANSWERS,
                              completed_steps=STEPS, current_step="pruefen")
                db.session.add(draft)
                pairs.append((user, draft))
            db.session.commit()
            case_ids = [submit(db.session, draft, user).id for user, draft in pairs]
            ids = list(db.session.scalars(
                select(OutboxMessage.id).where(OutboxMessage.case_id.in_(case_ids))
                .order_by(OutboxMessage.id)))
            queued = gateway_queue().count
            db.session.rollback()
        finally:
            app.config["MAILGATEWAY_QUEUE"] = saved_queue
    if len(ids) != count or queued != count:
        raise SystemExit(f"expected {count} rows and jobs, got {len(ids)} rows, {queued} jobs")
    return ids


def run_workers(app, instance: Path, env: dict[str, str], outbox_ids: list[int], k: int,
                label: str, entry: list[str] | None = None) -> Phase:
    """Start k burst workers on the rows' queue; time from their start until all are delivered."""
    command = [sys.executable, *(entry or ["-m", "flask", "--app", "buergerbuero", "gateway",
                                           "worker", "--burst"])]
    worker_env = {**os.environ, **env, "BUERGERBUERO_INSTANCE": str(instance),
                  "BUERGERBUERO_MAILGATEWAY_QUEUE": f"bench-{label}"}
    logs = [open(instance / f"worker-{label}-{n}.log", "wb") for n in range(k)]
    meter = CpuMeter()
    started = time.perf_counter()
    workers = [subprocess.Popen(command, env=worker_env, stdout=log, stderr=subprocess.STDOUT,
                                cwd=instance) for log in logs]
    try:
        seconds = wait_delivered(app, outbox_ids, workers, started)
        for worker in workers:
            if worker.wait(60):
                raise RuntimeError(f"a worker exited with {worker.returncode}")
        cores = meter.cores()
    except (RuntimeError, TimeoutError) as exc:
        for log in logs:
            log.flush()
        tail = Path(logs[0].name).read_text("utf-8", "replace")[-3000:]
        raise SystemExit(f"{exc}\n--- {logs[0].name} (end) ---\n{tail}") from exc
    finally:
        for worker in workers:
            if worker.poll() is None:
                worker.terminate()
                worker.wait(10)
        for log in logs:
            log.close()
    with app.app_context():
        first, last = db.session.execute(
            select(func.min(OutboxMessage.started_at), func.max(OutboxMessage.delivered_at))
            .where(OutboxMessage.id.in_(outbox_ids))).one()
        db.session.rollback()
    return Phase(f"{k} worker{'s' if k > 1 else ''}", k, len(outbox_ids), seconds, *cores,
                 busy_seconds=(last - first).total_seconds())


def wait_delivered(app, outbox_ids: list[int], workers: list[subprocess.Popen],
                   started: float) -> float:
    """Poll the database until every row is delivered; return the seconds since `started`."""
    query = (select(OutboxMessage.status, func.count())
             .where(OutboxMessage.id.in_(outbox_ids)).group_by(OutboxMessage.status))
    with app.app_context():
        while True:
            counts = dict(db.session.execute(query).all())
            db.session.rollback()  # end the read snapshot (SQLite WAL, PostgreSQL)
            elapsed = time.perf_counter() - started
            if counts.get(OutboxStatus.DELIVERED, 0) == len(outbox_ids):
                return elapsed
            if counts.get(OutboxStatus.FAILED) or elapsed > RUN_TIMEOUT or all(
                    w.poll() is not None for w in workers):
                raise RuntimeError(f"workers stopped short: {counts} after {elapsed:.1f} s "
                                   f"(exit codes {[w.poll() for w in workers]})")
            time.sleep(POLL_SECONDS)


def run_stages(app, instance: Path, env: dict[str, str], outbox_ids: list[int],
               k: int) -> tuple[Phase, dict]:
    """Deliver one more set with k workers that time the job's stages; return both, summed."""
    out = instance / "stages"
    out.mkdir()
    entry = [str(Path(__file__).with_name("gateway_stages.py")), str(out)]
    phase = run_workers(app, instance, env, outbox_ids, k, "stages", entry=entry)
    return phase, collect_totals(out)


def report(args: argparse.Namespace, database: str, phases: list[Phase], floor: Phase,
           drifted: float, load_before: float) -> None:
    """Print the results as a small table, "% floor" and "busy %" relative to `floor`.

    `drifted` is the floor's change from before to after the worker phases (see drift()).
    """
    print()
    print(f"gateway bench: {args.rows} rows per run, {database}, postfach transport")
    print(f"{'':18} {'total/s':>8} {'per proc/s':>10} {'ms/item':>8} {'% floor':>8} "
          f"{'start s':>8} {'busy/proc/s':>11} {'busy %':>7} {'servers':>8} {'other':>8}")
    for phase in phases:
        share = 100 * phase.per_process / floor.per_second
        row = (f"{phase.name:18} {phase.per_second:8.1f} {phase.per_process:10.1f} "
               f"{1000 / phase.per_process:8.1f} {share:7.0f}%")
        if phase.busy_seconds is not None:
            busy = phase.items / phase.busy_seconds / phase.processes
            row += (f" {phase.seconds - phase.busy_seconds:8.2f} {busy:11.1f}"
                    f" {100 * busy / floor.per_second:6.0f}%")
        else:
            row += f" {'':8} {'':11} {'':7}"
        print(row + f" {phase.server_cores:7.2f}c {phase.other_cores:7.2f}c")
    print("  % floor, busy %: against floor (1 process), the floor measured before and after all"
          " other phases, summed.\n"
          "  ms/item: per process. start s: process start to first claim (imports, app, keys);"
          " busy: first claim to last delivery.\n"
          "  servers, other: average cores busy in PostgreSQL, Redis and gpg-agent, and in"
          " anything else on the machine (other load spoils the figures).")
    print(f"machine: {os.cpu_count()} cores ({cpu_model()}), Python {platform.python_version()},"
          f" load average {load_before:.2f} before the run; {dt.date.today().isoformat()}")
    print("command: " + shlex.join(["python", "bench/gateway.py", *sys.argv[1:]]))
    busiest = max(phase.other_cores for phase in phases)
    if busiest > NOISY_CORES:
        print(f"WARNING: other processes kept up to {busiest:.2f} cores busy during a phase; "
              f"the figures are not clean (run again on a quiet machine).")
    if abs(drifted) > DRIFT_NOTE:
        print(f"NOTE: the machine's speed drifted by {100 * drifted:+.0f}% during the run (floor "
              f"after vs. before); the ratios to the floor are uncertain by about that much.")


if __name__ == "__main__":
    main()
