"""The browser side of bench/inbox.py: logging in, filing real cases, timing pages, counting and
explaining the SQL statements a page sends.

Everything goes through Flask's test client, so a figure is the app's own time for a request
(routing, login session, queries, template) without a server or a network in between.
"""

from __future__ import annotations

import re
import signal
import statistics
import time
from contextlib import contextmanager
from dataclasses import dataclass, field

from sqlalchemy import event

from bench.machine import CpuMeter

CSRF = re.compile(r'name="csrf_token"(?: type="hidden")? value="([^"]+)"')
DOG_TAX = {
    "halter": {"vorname": "Erika", "nachname": "Müller", "geburtsdatum": "1980-05-17",
               "strasse": "Lindenweg 4", "plz": "65183", "ort": "Musterstadt",
               "email": "erika@example.org"},
    "hunde": {"hunde-0-hundename": "Bello", "hunde-0-rasse": "labrador-retriever",
              "hunde-0-chip": "276098106543210", "hunde-0-haltung_seit": "2024-03-01",
              "hunde-0-tierheim": "y"},
    "zahlung": {"zahlweise": "lastschrift", "kontoinhaber": "Erika Müller",
                "iban": "DE89 3704 0044 0532 0130 00", "richtigkeit": "y"},
}
"""A dog-tax filing from a Musterstadt postcode: routed to the Steueramt."""
LIST_TABLES = ("cases", "postfach_entries", "outbox_messages", "case_search_terms")
"""A statement reading one of these is one of the inbox's list statements (for --explain)."""


class BenchError(RuntimeError):
    """A page answered otherwise than expected: the figures would mean nothing."""


def post_form(client, url: str, data: dict, page: str | None = None):
    """POST like a browser: the CSRF token comes from the page the form is on."""
    found = CSRF.search(client.get(page or url).get_data(as_text=True))
    if found is None:
        raise BenchError(f"no CSRF token on {page or url}")
    return client.post(url, data={"csrf_token": found.group(1), **data})


def log_in(client, email: str, password: str) -> None:
    """Log in through the login form."""
    response = post_form(client, "/konto/anmelden", {"email": email, "password": password})
    if response.status_code != 302:
        raise BenchError(f"login of {email} failed: {response.status_code}")


def file_dog_tax(client, slug: str = "hundesteuer-anmeldung") -> str:
    """File the dog-tax form through every step as the logged-in resident; return the
    reference."""
    response = post_form(client, f"/antraege/neu/{slug}", {}, page=f"/leistungen/{slug}")
    url = response.headers.get("Location", "")
    for step in ("halter", "hunde", "zahlung"):
        response = post_form(client, url, {**DOG_TAX[step], "aktion": "weiter"})
        if response.status_code != 302:
            raise BenchError(f"step {step} of the filing: {response.status_code}")
        url = response.headers["Location"]
    response = post_form(client, url, {"aktion": "einreichen"})
    if response.status_code != 302:
        raise BenchError(f"submitting the filing: {response.status_code}")
    return response.headers["Location"].rsplit("/", 1)[-1]


class Statements:
    """Counts (and on request keeps) the SQL statements the app's engine sends."""

    def __init__(self, engine) -> None:
        self.count, self.kept, self.keeping, self.engine = 0, [], False, engine
        event.listen(engine, "before_cursor_execute", self._seen)

    def _seen(self, conn, cursor, statement, parameters, context, executemany) -> None:
        self.count += 1
        if self.keeping:
            self.kept.append((statement, parameters))

    def capture(self, client, url: str) -> tuple[list[tuple[str, object]], str]:
        """Return the statements (with their parameters) of one GET of `url`, and what went
        wrong ("" if nothing; a request interrupted still shows the statements it sent)."""
        self.kept, self.keeping, problem = [], True, ""
        try:
            checked_get(client, url)
        except (BenchError, MemoryError) as exc:
            problem = f"{type(exc).__name__}: {exc}"
            self.engine.dispose()
        finally:
            self.keeping = False
        return self.kept, problem


@dataclass
class Figure:
    """One page's timings at one size."""

    times: list[float] = field(default_factory=list)
    statements: set[int] = field(default_factory=set)
    size: int = 0
    error: str = ""
    server_cores: float = 0.0
    """Average cores PostgreSQL and Redis were busy while this page was measured (all their
    clients: another test run on the same server shows here)."""
    other_cores: float = 0.0
    """Average cores other processes kept busy meanwhile (noise that spoils the figures)."""

    def quantile(self, q: float) -> float:
        """Return the q-quantile of the times in ms (the only time when there is one)."""
        if len(self.times) == 1:
            return self.times[0] * 1000
        return statistics.quantiles(self.times, n=100, method="inclusive")[round(q * 100) - 1] \
            * 1000

    @property
    def p50(self) -> float:
        """Median in ms."""
        return statistics.median(self.times) * 1000

    @property
    def p95(self) -> float:
        """95th percentile in ms."""
        return self.quantile(0.95)

    @property
    def statement_text(self) -> str:
        """The statements per request: one number, or the range seen."""
        low, high = min(self.statements), max(self.statements)
        return str(low) if low == high else f"{low}-{high}"


def pass_through(app) -> None:
    """Let an interrupted request (TooSlow) and a MemoryError out of the app: its handler of
    every exception would otherwise show them as a 500 page (a more specific handler wins)."""
    def reraise(exc: BaseException):
        raise exc

    app.register_error_handler(BenchError, reraise)
    app.register_error_handler(MemoryError, reraise)


class TooSlow(BenchError):
    """A request took longer than the timeout and was interrupted."""


@contextmanager
def time_limit(seconds: float):
    """Interrupt the block with TooSlow after `seconds` (SIGALRM; main thread only): a page
    that loads a million rows would otherwise run for minutes and take the machine's memory."""
    def interrupt(_signum, _frame):
        raise TooSlow(f"over {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, interrupt)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


TIMEOUT = 30.0
"""Seconds a request may take before it is interrupted (bench/inbox.py --timeout)."""


def checked_get(client, url: str):
    """GET a page and insist on 200 (a redirect to the login or an error would be timed too)."""
    with time_limit(TIMEOUT):
        response = client.get(url)
    if response.status_code != 200:
        raise BenchError(f"GET {url}: {response.status_code}")
    return response


def measure(client, urls: list[str], statements: Statements, *, repeat: int, warmups: int,
            budget: float) -> Figure:
    """Time GETs of the urls (taken in turn) after warm-ups; stop early after `budget` seconds
    of measuring (a page of several seconds needs no thirty runs to show it)."""
    figure, meter = Figure(), CpuMeter()
    try:
        for n in range(warmups):
            started = time.perf_counter()
            checked_get(client, urls[n % len(urls)])
            if time.perf_counter() - started > 1:
                break  # slow enough that caches are no longer what decides
        began = time.perf_counter()
        for n in range(repeat):
            statements.count = 0
            started = time.perf_counter()
            response = checked_get(client, urls[n % len(urls)])
            figure.times.append(time.perf_counter() - started)
            figure.statements.add(statements.count)
            figure.size = len(response.get_data())
            if time.perf_counter() - began > budget:
                break
    except (BenchError, MemoryError) as exc:
        figure.error = f"{type(exc).__name__}: {exc}"
        statements.engine.dispose()  # an interrupted request may have left a connection mid-way
    figure.server_cores, figure.other_cores = meter.cores()
    return figure


def explain(conn, kept: list[tuple[str, object]]) -> list[str]:
    """Return EXPLAIN (ANALYZE, BUFFERS) of the kept statements that read the list's tables,
    run with their own parameters on `conn` (a psycopg connection in autocommit)."""
    reports = []
    for statement, parameters in kept:
        if not statement.lstrip().upper().startswith("SELECT") or not any(
                re.search(rf"\b{table}\b", statement) for table in LIST_TABLES):
            continue
        rows = conn.execute("EXPLAIN (ANALYZE, BUFFERS) " + statement, parameters).fetchall()
        reports.append(" ".join(statement.split()) + "\n" + "\n".join(r[0] for r in rows))
    return reports
