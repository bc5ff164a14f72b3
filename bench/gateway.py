"""Benchmark: sealed, encrypted and delivered submissions per second per gateway worker process.

Run with `make bench` (or `python bench/gateway.py --rows 300`; never run by the tests). The
yardstick is the FLOOR, measured in the same run: the same receipts rendered, PAdES-sealed,
packed into the envelope and OpenPGP signed+encrypted in a plain loop in this process
(`sealed_receipt`, `build_envelope`, `Keyring.sign_encrypt`: the job's own functions, without
database and queue). Then K gateway worker processes (`flask --app buergerbuero gateway worker
--burst`, K = 1, then 2, each on a fresh set of rows) deliver real outbox rows, timed from their
start until the database shows every row `delivered`; per-process rate = rows/s / K. The rows are
cases filed through `buergerbuero.submission.submit` from prepared drafts, enqueued on an rq
queue nobody works yet.

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
import json
import os
import platform
import resource
import shlex
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import func, select  # noqa: E402

from bench.fixtures import ANSWERS, prepare_instance  # noqa: E402
from buergerbuero.definitions import published  # noqa: E402
from buergerbuero.extensions import db  # noqa: E402
from buergerbuero.models import Department, Draft, OutboxMessage, Role, User  # noqa: E402
from buergerbuero.submission import submit  # noqa: E402
from mailgateway.envelope import Attachment, build_envelope  # noqa: E402
from mailgateway.keys import gateway_keys  # noqa: E402
from mailgateway.models import OutboxStatus  # noqa: E402
from mailgateway.queue import gateway_queue, redis_connection  # noqa: E402
from mailgateway.seal import sealed_receipt  # noqa: E402

SERVICE = "hundesteuer-anmeldung"
STEPS = ["halter", "hunde", "zahlung"]
WARM_UP = 3  # floor items run before the clock starts (fonts, first seal)
POLL_SECONDS = 0.05
RUN_TIMEOUT = 600
NOISY_CORES = 0.25  # other CPU above this spoils a phase


@dataclass(frozen=True)
class Phase:
    """One measured phase: how many items, in how many processes, how long."""

    name: str
    processes: int
    items: int
    seconds: float
    server_cores: float
    """CPU (in cores) of PostgreSQL, Redis and gpg-agent during the phase."""
    other_cores: float
    """CPU (in cores) of everything else outside this bench and its workers."""
    busy_seconds: float | None = None
    """First claim to last delivery (the workers' start-up left out), None for the floor."""

    @property
    def per_second(self) -> float:
        """Return items per second, all processes together."""
        return self.items / self.seconds

    @property
    def per_process(self) -> float:
        """Return items per second per process."""
        return self.per_second / self.processes


class CpuMeter:
    """CPU spent during a phase: by the servers it uses, and by anything else on the machine.

    Ours (this process and its waited children: workers, gpg) comes from getrusage; the servers
    (PostgreSQL, whose exited backends land in the postmaster's children time, Redis, gpg-agent)
    from /proc; the rest of the machine's busy time is "other": load that spoils the figures.
    """

    def __init__(self) -> None:
        self.started, self.machine, self.ours = time.perf_counter(), machine_busy(), own_cpu()
        self.servers = server_cpu()

    def cores(self) -> tuple[float, float]:
        """Return (servers, other): average cores busy since the start."""
        wall = time.perf_counter() - self.started
        machine, ours = machine_busy() - self.machine, own_cpu() - self.ours
        servers = server_cpu()
        used = sum(servers.get(pid, 0.0) for pid in servers) - sum(
            self.servers.get(pid, 0.0) for pid in self.servers)
        return max(used, 0.0) / wall, max(machine - ours - used, 0.0) / wall


SERVERS = ("postgres", "redis-server", "gpg-agent")


def server_cpu() -> dict[int, float]:
    """Return CPU seconds per server process, the postmasters' reaped children as their own."""
    tick, found, parents = os.sysconf("SC_CLK_TCK"), {}, {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        name, fields = text[text.index("(") + 1:text.rindex(")")], text[text.rindex(")") + 2:]
        if name not in SERVERS:
            continue
        values = fields.split()
        pid = int(stat.parent.name)
        found[pid] = (int(values[11]) + int(values[12])) / tick
        parents[pid] = (int(values[1]), (int(values[13]) + int(values[14])) / tick)
    for pid, (ppid, children) in parents.items():
        if ppid not in found:  # a postmaster (or a daemon): add what its exited children used
            found[-pid] = children
    return found


def machine_busy() -> float:
    """Return the CPU seconds all cores spent busy since boot (Linux)."""
    fields = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + fields[4]  # idle + iowait
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def own_cpu() -> float:
    """Return the CPU seconds of this process and of its children that were waited for."""
    me, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(
        resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + children.ru_utime + children.ru_stime


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
        env = {
            "DATABASE_URL": args.database_url or f"sqlite:///{tmp}/bench.sqlite3",
            "REDIS_URL": args.redis_url,
            "BUERGERBUERO_RATELIMIT_STORAGE_URI": "memory://",
        }
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
    phases = [measure_floor(app, batches[labels[0]])]
    print(f"  floor: {phases[0].per_second:.1f}/s", flush=True)
    for k in (k for k in counts if k > 1):
        phases.append(measure_floor(app, batches[labels[0]], parallel=k))
        print(f"  {phases[-1].name}: {phases[-1].per_second:.1f}/s", flush=True)
    for k in counts:
        phases.append(run_workers(app, instance, env, batches[f"k{k}"], k, f"k{k}"))
        print(f"  {phases[-1].name}: {phases[-1].per_second:.1f}/s", flush=True)
    stages = None
    if args.stages:
        stages = run_stages(app, instance, env, batches["stages"], args.stages)
    report(args, database, phases, load_before)
    if stages:
        report_stages(*stages, floor=phases[0])


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


def measure_floor(app, outbox_ids: list[int], parallel: int = 1) -> Phase:
    """Seal, envelope and sign+encrypt the rows' payloads in a plain loop in this process.

    With parallel > 1 the warmed-up process forks that many copies, each looping over its share
    of the rows at the same time: what the machine gives k processes that do nothing else.
    """
    with app.app_context():
        rows = db.session.execute(
            select(OutboxMessage.message_id, OutboxMessage.payload, Department.key_fingerprint)
            .join(Department, Department.id == OutboxMessage.department_id)
            .where(OutboxMessage.id.in_(outbox_ids)).order_by(OutboxMessage.id)).all()
        db.session.rollback()
        keys = gateway_keys()

        def one(message_id: str, payload: dict, recipient: str) -> bytes:
            pdf = sealed_receipt(keys, payload)
            attachments = [Attachment("eingangsquittung.pdf", "application/pdf", pdf)]
            envelope = build_envelope(message_id, payload, attachments)
            return keys.keyring.sign_encrypt(envelope, signer=keys.gateway_fingerprint,
                                             recipients=[recipient])

        for row in rows[:WARM_UP]:
            one(*row)
        meter = CpuMeter()
        started = time.perf_counter()
        if parallel == 1:
            for row in rows:
                one(*row)
        else:
            loop_in_children(one, [rows[n::parallel] for n in range(parallel)])
        seconds = time.perf_counter() - started
    name = "floor (1 process)" if parallel == 1 else f"floor, {parallel} parallel"
    return Phase(name, parallel, len(rows), seconds, *meter.cores())


def loop_in_children(one, shares: list[list]) -> None:
    """Fork one child per share that runs `one` over it; wait for all, fail if one failed."""
    children = []
    for share in shares:
        pid = os.fork()
        if pid == 0:  # the child: loop, then leave without Flask's or Python's clean-up
            code = 0
            try:
                for row in share:
                    one(*row)
            except BaseException:  # reported through the exit code
                import traceback

                traceback.print_exc()
                code = 1
            os._exit(code)
        children.append(pid)
    failed = [pid for pid in children if os.waitpid(pid, 0)[1] != 0]
    if failed:
        raise SystemExit(f"floor: {len(failed)} of {len(children)} parallel loops failed")


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
    total: dict = {"process_seconds": 0.0, "seconds": {}, "calls": {}}
    for path in out.glob("stages-*.json"):
        part = json.loads(path.read_text())
        total["process_seconds"] += part["process_seconds"]
        for key in ("seconds", "calls"):
            for name, value in part[key].items():
                total[key][name] = total[key].get(name, 0) + value
    return phase, total


def report(args: argparse.Namespace, database: str, phases: list[Phase],
           load_before: float) -> None:
    """Print the results as a small table."""
    floor = phases[0]
    print()
    print(f"gateway bench: {phases[0].items} rows per run, {database}, postfach transport")
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
    print("  ms/item: per process. start s: process start to first claim (imports, app, keys);"
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


def report_stages(phase: Phase, stages: dict, floor: Phase) -> None:
    """Print where one worker's time went, per delivered row."""
    jobs = stages["calls"].get("deliver", 0) or 1
    print()
    print(f"stages, {phase.name} ({phase.items} rows, {phase.per_process:.1f}/s per process "
          f"with timers; floor {1000 / floor.per_second:.1f} ms/item): wall ms per row in its "
          f"process")
    wall = stages["process_seconds"]
    print(f"  {'process wall time (incl. start-up)':34} {1000 * wall / jobs:7.2f}")
    for name, seconds in sorted(stages["seconds"].items(), key=lambda item: -item[1]):
        print(f"  {name:34} {1000 * seconds / jobs:7.2f}  ({stages['calls'][name]} calls)")


def cpu_model() -> str:
    """Return the CPU model name, if Linux tells."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.machine()


if __name__ == "__main__":
    main()
