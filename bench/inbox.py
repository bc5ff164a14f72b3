"""Benchmark: the Postfach of one department at 10 000 and at 1 000 000 cases (PostgreSQL).

Run with `python bench/inbox.py` (or `make bench`; never run by the tests). A fresh database
(BENCH_DATABASE_URL, default `bench_inbox_<random>` on 127.0.0.1:5432, created and dropped here)
gets the app's schema and an initialised instance; one department (the Steueramt) gets twenty case
workers, residents and bulk cases of the four shipped services (bench/inbox_rows.py, COPY), and
REAL cases filed through the app and delivered by the real gateway (for the case page, which
decrypts its envelope). The sizes are filled one after the other in the same database.

Then, with the Flask test client, logged in as a case worker (and as a resident for their list),
p50/p95 of: the inbox's first page, the next page from half-way down (keyset cursor), a search by
a common surname, the overdue view, the resident's list, one real case page; and the SQL
statements per request. Last the line `ratio p95 <largest>/<smallest>: <worst> (<page>)`.
The Redis database of --redis-url is flushed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import random
import resource
import shlex
import sys
import tempfile
import time
import uuid
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import psycopg  # noqa: E402
from sqlalchemy import create_engine, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from bench import inbox_pages  # noqa: E402
from bench import inbox_world as world  # noqa: E402
from bench.inbox_names import SEARCHED  # noqa: E402
from bench.inbox_pages import Figure, Statements, explain, log_in, measure  # noqa: E402
from bench.inbox_rows import COLUMNS, load  # noqa: E402
from bench.machine import cpu_model  # noqa: E402
from buergerbuero import create_app  # noqa: E402
from buergerbuero.core.extensions import db  # noqa: E402
from buergerbuero.instance_setup import init_instance  # noqa: E402
from mailgateway.queue import redis_connection  # noqa: E402
from signing import end_gpg_agent  # noqa: E402

SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432/"
PAGES = (
    ("first", "inbox, first page"),
    ("deep", "inbox, next page from half-way"),
    ("search", f"search by name ({SEARCHED})"),
    ("overdue", "view ueberfaellig"),
    ("resident", "resident's list"),
    ("case", "case page (delivered)"),
)
LIST_PAGES = ("first", "deep", "search", "overdue")


def main() -> None:
    """Parse the options, set up database and instance, fill, measure, report."""
    args = options()
    inbox_pages.TIMEOUT = args.timeout
    resource.setrlimit(resource.RLIMIT_AS, (args.memory_limit << 30, resource.RLIM_INFINITY))
    url, created = database()
    load_before = os.getloadavg()[0]
    try:
        with tempfile.TemporaryDirectory(prefix="bench-inbox-") as tmp:
            app = create_app({
                "SECRET_KEY": uuid.uuid4().hex, "DATABASE_URL": url, "REDIS_URL": args.redis_url,
                "RATELIMIT_STORAGE_URI": "memory://", "MAILGATEWAY_QUEUE": "bench-inbox",
                "MAILGATEWAY_BACKOFF_SECONDS": 0, "PROPAGATE_EXCEPTIONS": True,
            }, instance_path=tmp)
            try:
                with app.app_context():
                    init_instance(app, demo=False)
                    redis_connection().flushdb()
                results = run(app, args, url)
            finally:
                with app.app_context():
                    redis_connection().flushdb()
                    db.engine.dispose()
                end_gpg_agent(app.config["MAILGATEWAY_GNUPG_HOME"])
        report(args, results, url, load_before)
    finally:
        if created and not args.keep:
            drop(url)
        elif created:
            print(f"kept the database: {url}")


def options() -> argparse.Namespace:
    """Return the command line's options."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,1000000",
                        help="bulk cases of the department, filled in turn (default %(default)s)")
    parser.add_argument("--repeat", type=int, default=30, help="measured runs per page")
    parser.add_argument("--warmups", type=int, default=3, help="unmeasured runs first")
    parser.add_argument("--budget", type=float, default=60.0,
                        help="stop measuring a page after this many seconds (a slow page)")
    parser.add_argument("--timeout", type=float, default=inbox_pages.TIMEOUT,
                        help="interrupt a request after this many seconds (default %(default)s)")
    parser.add_argument("--real", type=int, default=20, help="cases filed through the app")
    parser.add_argument("--keep", action="store_true", help="keep the database")
    parser.add_argument("--explain", action="store_true",
                        help="print EXPLAIN (ANALYZE, BUFFERS) of the inbox's list statements")
    parser.add_argument("--memory-limit", type=int, default=8, metavar="GIB",
                        help="address space limit of this process (a page that needs more "
                             "fails with MemoryError instead of exhausting the machine)")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/7",
                        help="Redis database for the gateway queue (flushed)")
    parser.add_argument("--pages", default=",".join(key for key, _ in PAGES),
                        help="which pages to measure (default all: %(default)s)")
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()
    args.pages = [key for key in args.pages.split(",") if key.strip()]
    if unknown := set(args.pages) - {key for key, _ in PAGES}:
        parser.error(f"--pages: unknown {', '.join(sorted(unknown))}")
    args.sizes = sorted(int(s) for s in args.sizes.split(",") if s.strip())
    return args


def database() -> tuple[str, bool]:
    """Return the database URL and whether this run created it (and so drops it)."""
    given = os.environ.get("BENCH_DATABASE_URL")
    if given:
        return given, False
    name = f"bench_inbox_{uuid.uuid4().hex[:8]}"
    admin = create_engine(SERVER + "postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return SERVER + name, True


def drop(url: str) -> None:
    """Drop the database this run created."""
    admin = create_engine(SERVER + "postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)'))
    admin.dispose()


def psycopg_conninfo(url: str) -> str:
    """The SQLAlchemy URL as libpq understands it."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def run(app, args: argparse.Namespace, url: str) -> list[dict]:
    """Fill the department size by size and measure every page at each; return the results."""
    rng = random.Random(args.seed)
    with app.app_context():
        if db.session.execute(text("SELECT count(*) FROM cases")).scalar_one():
            raise SystemExit("the database holds cases already: give an empty one")
        db.session.rollback()
    department = world.prepare(app, dt.datetime.now(dt.UTC))
    statements = Statements(app.extensions["buergerbuero.db"].kw["bind"])
    inbox_pages.pass_through(app)
    results, references = [], []
    # Autocommit: each COPY batch is its own transaction; EXPLAIN runs outside any.
    with psycopg.connect(psycopg_conninfo(url), autocommit=True) as conn:
        conn.execute("SET synchronous_commit = off")  # a load, not a business transaction
        for size in args.sizes:
            started = time.perf_counter()
            load(conn, department, size - department.cases, rng)
            loaded = time.perf_counter() - started
            if not references:
                references = world.file_and_deliver(app, args.real)
            vacuum(url)
            # Fresh logins per size: a long load must not outlast the idle timeout.
            clients = log_in_everyone(app, references, first=size == args.sizes[0])
            prepared = time.perf_counter() - started
            counts = world.census(app, department.id)
            print(f"size {size}: {counts}; loaded in {loaded:.1f} s, ready (with the real "
                  f"cases, VACUUM ANALYZE) after {prepared:.1f} s", flush=True)
            urls = page_urls(app, department.id, references)
            figures = {key: measure(clients[key], urls[key], statements, repeat=args.repeat,
                                    warmups=args.warmups, budget=args.budget)
                       for key in args.pages}
            print_size(size, figures)
            if args.explain:
                print_explain(clients["first"], urls, args.pages, statements, conn)
            results.append({"size": size, "counts": counts, "figures": figures,
                            "load_seconds": loaded})
    return results


def log_in_everyone(app, references: list[str], *, first: bool) -> dict:
    """Return a logged-in test client per page: a case worker's, and a resident's for their
    list. The `first` time the real case pages are opened once here: that receipts the
    opening, which no later visit does."""
    worker, resident = app.test_client(), app.test_client()
    log_in(worker, world.worker_email(0), world.PASSWORD)
    log_in(resident, world.resident_with_cases(app), world.PASSWORD)
    for reference in references if first else ():
        worker.get(f"/postfach/{reference}")
    return {key: resident if key == "resident" else worker for key, _ in PAGES}


def page_urls(app, department_id: int, references: list[str]) -> dict[str, list[str]]:
    """Return the URLs of every page, by key (the case pages are visited in turn)."""
    cursor = world.half_way_cursor(app, department_id)
    return {"first": ["/postfach/"], "deep": [f"/postfach/?nach={cursor}"],
            "search": [f"/postfach/?q={quote(SEARCHED)}"],
            "overdue": ["/postfach/?ansicht=ueberfaellig"], "resident": ["/antraege/"],
            "case": [f"/postfach/{reference}" for reference in references]}


def vacuum(url: str) -> None:
    """VACUUM ANALYZE the loaded tables (fresh statistics, and the visibility map autovacuum
    would have set on a database that grew over years: index-only scans rely on it), then
    CHECKPOINT, so that writing out the load does not compete with the measurements."""
    with psycopg.connect(psycopg_conninfo(url), autocommit=True) as conn:
        for table in COLUMNS:
            conn.execute(f"VACUUM (ANALYZE) {table}")
        conn.execute("CHECKPOINT")


def print_size(size: int, figures: dict[str, Figure]) -> None:
    """Print one size's figures as they come."""
    for key, title in PAGES:
        figure = figures.get(key)
        if figure is None:
            continue
        if figure.error:
            print(f"  {title:34} FAILED {figure.error}", flush=True)
            continue
        print(f"  {title:34} p50 {figure.p50:8.1f} ms  p95 {figure.p95:8.1f} ms  "
              f"{len(figure.times):3} runs  {figure.statement_text:>5} statements  "
              f"{figure.size / 1024:8.1f} KB  servers {figure.server_cores:.2f}c "
              f"other {figure.other_cores:.2f}c", flush=True)


def print_explain(client, urls: dict[str, list[str]], pages: list[str], statements: Statements,
                  conn) -> None:
    """Print EXPLAIN (ANALYZE, BUFFERS) of the list statements of each inbox page."""
    for key, title in PAGES:
        if key not in LIST_PAGES or key not in pages:
            continue
        kept, problem = statements.capture(client, urls[key][0])
        print(f"\n--- EXPLAIN: {title} ({urls[key][0]}){' ' + problem if problem else ''}")
        for plan in explain(conn, kept):
            print(plan + "\n")


def label(size: int) -> str:
    """1000 -> 1k, 1000000 -> 1M."""
    for factor, suffix in ((1_000_000, "M"), (1_000, "k")):
        if size >= factor and size % factor == 0:
            return f"{size // factor}{suffix}"
    return str(size)


def report(args: argparse.Namespace, results: list[dict], url: str, load_before: float) -> None:
    """Print every page at every size side by side, the machine, the command, the worst ratio."""
    sizes = [label(r["size"]) for r in results]
    print("\ninbox bench: p50 / p95 in ms, statements per request")
    print(f"{'page':34}" + "".join(f" {s + ' p50':>10} {s + ' p95':>10} {'stmts':>6}"
                                   for s in sizes))
    worst = (0.0, "")
    for key, title in PAGES:
        if key not in args.pages:
            continue
        row = f"{title:34}"
        for result in results:
            figure = result["figures"][key]
            row += (" " * 23 + "FAILED" if figure.error else
                    f" {figure.p50:10.1f} {figure.p95:10.1f} {figure.statement_text:>6}")
        print(row)
        first, last = results[0]["figures"][key], results[-1]["figures"][key]
        if len(results) > 1 and not first.error:
            ratio = float("inf") if last.error else last.p95 / first.p95
            if ratio > worst[0]:  # the first of equals: the page order is the brief's
                worst = (ratio, title)
    with psycopg.connect(psycopg_conninfo(url)) as conn:
        server = conn.execute("SHOW server_version").fetchone()[0]
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    print(f"machine: {os.cpu_count()} cores ({cpu_model()}), {memory:.0f} GiB, PostgreSQL "
          f"{server}, Python {platform.python_version()}, load average {load_before:.2f} before "
          f"the run; {dt.date.today().isoformat()}")
    print("command: " + shlex.join(["python", "bench/inbox.py", *sys.argv[1:]]))
    if len(results) > 1:
        shown = "failed" if worst[0] == float("inf") else f"{worst[0]:.2f}"
        print(f"ratio p95 {sizes[-1]}/{sizes[0]}: {shown} ({worst[1]})")


if __name__ == "__main__":
    main()
