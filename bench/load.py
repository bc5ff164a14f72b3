"""A small closed-loop HTTP load generator: N keep-alive connections, each sending its requests."""

from __future__ import annotations

import http.client
import statistics
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

Request = tuple[str, str, bytes | None, dict[str, str]]


@dataclass(frozen=True)
class LoadResult:
    """Throughput and latency of one load phase."""

    requests: int
    errors: int
    seconds: float
    p50_ms: float
    p99_ms: float

    @property
    def per_second(self) -> float:
        """Return the successful requests per second."""
        return (self.requests - self.errors) / self.seconds


def run_load(port: int, requests: list[Request], connections: int,
             accept: Callable[[int], bool]) -> LoadResult:
    """Send every request over `connections` concurrent keep-alive connections."""
    lock, latencies, errors = threading.Lock(), [], [0]
    queue = list(reversed(requests))

    def worker() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        while True:
            with lock:
                if not queue:
                    break
                method, path, body, headers = queue.pop()
            started = time.perf_counter()
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            response.read()
            elapsed = time.perf_counter() - started
            with lock:
                latencies.append(elapsed)
                errors[0] += 0 if accept(response.status) else 1
        conn.close()

    threads = [threading.Thread(target=worker) for _ in range(connections)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - started
    quantiles = statistics.quantiles(latencies, n=100)
    return LoadResult(len(latencies), errors[0], seconds, quantiles[49] * 1000,
                      quantiles[98] * 1000)
