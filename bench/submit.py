"""Benchmark: accepted dog-tax submissions per second under gunicorn, against a hello-world route.

Run with `make bench` (or `python bench/submit.py --submissions 2000`). Each submission is the
real POST of the review page: validated, committed (case, submission, outbox, audit) and
enqueued on Redis. Residents, drafts and login sessions are prepared beforehand, outside the
measurement. Prints throughput, p50/p99 latency and the ratio to GET /api/ping.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.fixtures import bench_env, prepare_instance, prepared_submissions  # noqa: E402
from bench.load import run_load  # noqa: E402
from buergerbuero.core.launcher import free_port, wait_for_port  # noqa: E402


def start_gunicorn(
    instance: Path, env: dict[str, str], port: int, workers: int
) -> subprocess.Popen:
    """Start the app under gunicorn (gthread workers) on loopback."""
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--no-control-socket",  # else ~/.gunicorn/gunicorn.ctl, shared with every instance
            "-w",
            str(workers),
            "-k",
            "gthread",
            "--threads",
            "8",
            "-b",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            "buergerbuero.core.wsgi:app",
        ],
        env={**os.environ, **env, "BUERGERBUERO_INSTANCE": str(instance)},
    )


def main() -> None:
    """Prepare, start gunicorn, measure both phases, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--submissions", type=int, default=2000)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/12")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        instance = Path(tmp)
        env = bench_env(instance, args.database_url, args.redis_url)
        app = prepare_instance(instance, env)
        requests = prepared_submissions(app, args.submissions)
        port = free_port()
        server = start_gunicorn(instance, env, port, args.workers)
        try:
            wait_for_port(port, 30)
            run_load(port, [("GET", "/api/ping", None, {})] * 200, 8, lambda s: s == 200)
            hello = run_load(
                port,
                [("GET", "/api/ping", None, {})] * args.submissions,
                args.connections,
                lambda s: s == 200,
            )
            submit = run_load(port, requests, args.connections, lambda s: s == 302)
        finally:
            server.terminate()
            server.wait(10)
    report(args, hello, submit)


def report(args, hello, submit) -> None:
    """Print the results as a small table."""
    print(
        f"machine: {os.cpu_count()} cores; gunicorn {args.workers} gthread workers x 8 threads;"
        f" {args.connections} connections; {time.strftime('%Y-%m-%d')}"
    )
    for name, r in (("GET /api/ping", hello), ("submit dog tax", submit)):
        print(
            f"{name:16} {r.per_second:8.1f} req/s  p50 {r.p50_ms:7.1f} ms  "
            f"p99 {r.p99_ms:7.1f} ms  errors {r.errors}/{r.requests}"
        )
    print(f"ratio submit/hello: {submit.per_second / hello.per_second:.3f}")


if __name__ == "__main__":
    main()
