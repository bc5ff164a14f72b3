"""The rows of bench/inbox.py: one department's cases over three years, loaded with COPY.

Each case gets what a real filing and delivery leave in the tables the inbox and the resident's
list read: the case row with every inbox column, its search words, a submission (~1 KB of
answers), a delivered outbox row and a Postfach entry. Two things are smaller than in life (see
docs/benchmarks.md): the entry's envelope is ENVELOPE_BYTES random bytes instead of ~65 KB, and
neither the receipts nor the sealed PDF (~52 KB) are written. At 1 000 000 cases the real sizes
would need ~120 GB; the lists never read those columns, and PostgreSQL keeps values that large
out of line (TOAST) anyway, so the heap rows the lists scan look alike either way.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import random
import uuid
from dataclasses import dataclass, field

from bench.inbox_names import applicant_name
from common.text import search_words

YEARS = 3
CASES_PER_RESIDENT = 20
ENVELOPE_BYTES = 160
BATCH = 50_000
SERVICE_SHARES = {"hundesteuer-anmeldung": 40, "bewohnerparkausweis": 30,
                  "wunschkennzeichen": 20, "gewerbeanmeldung": 10}
"""How the department's cases divide between the four shipped services (all in one department:
the benchmark is about one inbox, not about routing)."""

COLUMNS = {
    "users": ("id", "email", "password_hash", "display_name", "role", "active", "created_at",
              "email_confirmed_at"),
    "cases": ("id", "reference", "user_id", "definition_id", "department_id", "status",
              "is_open", "due_at", "applicant_name", "assignee_id", "received_at", "reply_at",
              "decided_at", "locale", "created_at", "updated_at"),
    "case_search_terms": ("term", "case_id", "department_id", "received_at"),
    "submissions": ("id", "case_id", "definition_slug", "definition_version",
                    "definition_sha256", "answers", "attachments", "submitted_at"),
    "outbox_messages": ("id", "message_id", "kind", "case_id", "department_id", "payload",
                        "status", "attempts", "started_at", "delivered_at", "enqueued_at",
                        "envelope_sha256", "created_at"),
    "postfach_entries": ("id", "message_id", "department_id", "case_id", "envelope",
                         "envelope_sha256", "received_at", "opened_at", "opened_by_id",
                         "reminded_at"),
}
SEQUENCES = ("users", "cases", "submissions", "outbox_messages", "postfach_entries")


@dataclass(frozen=True)
class Service:
    """A published service definition as the rows need it."""

    id: int
    slug: str
    version: int
    sha256: str
    prefix: str
    days: int


@dataclass
class Department:
    """The department being filled: its services, case workers and the ids handed out so far."""

    id: int
    key: str
    name: str
    services: list[Service]
    workers: list[int]
    now: dt.datetime
    counters: dict[tuple[str, int], int] = field(default_factory=dict)
    next_id: dict[str, int] = field(default_factory=dict)
    cases: int = 0

    def take_id(self, table: str) -> int:
        """Return the next free id of `table` (ids are given here, sequences set after)."""
        value = self.next_id[table]
        self.next_id[table] = value + 1
        return value

    def reference(self, service: Service, year: int) -> str:
        """Return the next reference of the service in that year (HST-2025-004711)."""
        key = (service.prefix, year)
        self.counters[key] = self.counters.get(key, 0) + 1
        return f"{service.prefix}-{year}-{self.counters[key]:06d}"


def load(conn, department: Department, count: int, rng: random.Random) -> None:
    """Add `count` cases (and a resident per CASES_PER_RESIDENT of them) in COPY batches."""
    # Read again each time: real filings in between took ids and references too.
    for table in SEQUENCES:
        department.next_id[table] = conn.execute(
            f"SELECT coalesce(max(id), 0) + 1 FROM {table}").fetchone()[0]
    department.counters.update(((prefix, year), value) for prefix, year, value in conn.execute(
        "SELECT prefix, year, value FROM reference_counters"))
    # No foreign-key triggers while loading (superuser): the rows are consistent by
    # construction, and ten trigger lookups per case would double the load's time.
    conn.execute("SET session_replication_role = replica")
    done = 0
    while done < count:
        size = min(BATCH, count - done)
        rows = batch(department, size, rng)
        with conn.transaction():
            for table, table_rows in rows.items():
                copy_rows(conn, table, table_rows)
        done += size
    conn.execute("SET session_replication_role = DEFAULT")
    department.cases += count
    finish(conn, department)


def copy_rows(conn, table: str, rows: list[tuple]) -> None:
    """COPY the rows into the table, in COLUMNS order."""
    with conn.cursor().copy(f"COPY {table} ({', '.join(COLUMNS[table])}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def finish(conn, department: Department) -> None:
    """Move the sequences and the reference counters past what the load handed out, so that
    real filings afterwards get fresh ids and references."""
    with conn.transaction():
        for table in SEQUENCES:
            conn.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                         f"(SELECT max(id) FROM {table}))")
        for (prefix, year), value in department.counters.items():
            conn.execute("INSERT INTO reference_counters (prefix, year, value) "
                         "VALUES (%s, %s, %s) ON CONFLICT (prefix, year) DO UPDATE "
                         "SET value = greatest(reference_counters.value, excluded.value)",
                         (prefix, year, value))


def batch(department: Department, size: int, rng: random.Random) -> dict[str, list[tuple]]:
    """Return the rows of `size` new cases and of their residents, by table."""
    rows: dict[str, list[tuple]] = {table: [] for table in COLUMNS}
    residents = [resident(department, rng) for _ in range(max(1, size // CASES_PER_RESIDENT))]
    rows["users"] = [row for row, _name, _words in residents]
    services = department.services
    weights = [SERVICE_SHARES.get(s.slug, 1) for s in services]
    for n in range(size):
        (user_id, *_rest), name, words = residents[n % len(residents)]
        service = rng.choices(services, weights)[0]
        add_case(rows, department, service, (user_id, name, words), rng)
    return rows


def resident(department: Department, rng: random.Random) -> tuple[tuple, str, list[str]]:
    """Return a resident's users row, name and its search words (no password: bulk residents
    do not log in)."""
    user_id = department.take_id("users")
    name = applicant_name(rng)
    created = department.now - dt.timedelta(days=rng.uniform(0, 365 * YEARS + 30))
    return (user_id, f"bench-r{user_id}@example.org", None, name, "resident", True, created,
            created), name, search_words(name)


def add_case(rows: dict[str, list[tuple]], department: Department, service: Service,
             applicant: tuple[int, str, list[str]], rng: random.Random) -> None:
    """Append one case of the applicant (user id, name, search words) with its search words,
    submission, outbox row and Postfach entry."""
    user_id, name, words = applicant
    now, case_id = department.now, department.take_id("cases")
    received = now - dt.timedelta(seconds=rng.uniform(60, YEARS * 365 * 86400))
    filed = received - dt.timedelta(seconds=rng.uniform(2, 60))
    state = life(received, now, rng)
    assignee = rng.choice(department.workers) if state.assigned else None
    reference = department.reference(service, filed.year)
    rows["cases"].append((
        case_id, reference, user_id, service.id, department.id, state.status, state.is_open,
        filed + dt.timedelta(days=service.days), name, assignee, received, state.reply_at,
        state.decided_at, "de", filed, state.updated_at or received))
    rows["case_search_terms"].extend((word, case_id, department.id, received) for word in words)
    filed_answers = json.dumps(answers(name, rng), ensure_ascii=False)
    rows["submissions"].append((
        department.take_id("submissions"), case_id, service.slug, service.version,
        service.sha256, filed_answers, "[]", filed))
    message_id, envelope = str(uuid.uuid4()), os.urandom(ENVELOPE_BYTES)
    digest = hashlib.sha256(envelope).hexdigest()
    rows["outbox_messages"].append((
        department.take_id("outbox_messages"), message_id, "submission", case_id, department.id,
        payload(reference, service, department, filed, filed_answers), "delivered", 1,
        received - dt.timedelta(seconds=1), received, filed, digest, filed))
    rows["postfach_entries"].append((
        department.take_id("postfach_entries"), message_id, department.id, case_id, envelope,
        digest, received, state.opened_at, assignee if state.opened_at else None,
        state.reminded_at))


@dataclass(frozen=True)
class Life:
    """Where a case stands at `now`, and when what happened to it."""

    status: str
    is_open: bool
    assigned: bool
    opened_at: dt.datetime | None = None
    reminded_at: dt.datetime | None = None
    reply_at: dt.datetime | None = None
    decided_at: dt.datetime | None = None
    updated_at: dt.datetime | None = None


OPEN_SHARE = ((14, 0.85), (60, 0.5), (365, 0.05), (None, 0.01))
"""(age in days up to, share still open): most recent cases are open, nearly every old one is
closed; about 5 % of three years' cases are open at any time."""


def life(received: dt.datetime, now: dt.datetime, rng: random.Random) -> Life:
    """Draw a case's status and the times that go with it from its age."""
    age = (now - received).days
    share = next(s for limit, s in OPEN_SHARE if limit is None or age < limit)
    if rng.random() < share:
        return open_life(received, now, age, rng)
    decided = min(received + dt.timedelta(days=rng.uniform(1, 40)), now)
    status = rng.choices(("abgeschlossen", "entschieden", "abgelehnt"), (85, 8, 7))[0]
    return Life(status, False, rng.random() < 0.9, opened_at=received + dt.timedelta(hours=3),
                decided_at=decided, updated_at=decided)


def open_life(received: dt.datetime, now: dt.datetime, age: int, rng: random.Random) -> Life:
    """An open case: new and unassigned (most of the youngest), being worked on, or waiting
    for the resident (some of whom answered: reply_at)."""
    fresh = 0.6 if age < 3 else 0.3 if age < 14 else 0.1
    if rng.random() < fresh:  # zugestellt, nobody has claimed it; reminded after 3 working days
        reminded = received + dt.timedelta(days=5) if age >= 5 and rng.random() < 0.8 else None
        return Life("zugestellt", True, False, reminded_at=reminded)
    opened = received + dt.timedelta(hours=rng.uniform(1, 48))
    if rng.random() < 0.7:
        return Life("in_bearbeitung", True, True, opened_at=min(opened, now))
    reply = None
    if rng.random() < 0.3:
        reply = min(received + dt.timedelta(days=rng.uniform(2, max(age, 2))), now)
    return Life("rueckfrage", True, True, opened_at=min(opened, now), reply_at=reply)


def answers(name: str, rng: random.Random) -> dict:
    """A dog-tax application's answers (~1 KB), for every service: the lists never read them."""
    first, _, last = name.partition(" ")
    dogs = [{"hundename": rng.choice(("Bello", "Luna", "Rex", "Maja", "Balu")),
             "rasse": "labrador-retriever", "chip": f"2760981{rng.randrange(10**8):08d}",
             "haltung_seit": "2024-03-01", "gefaehrlich": False, "tierheim": rng.random() < 0.3}
            for _ in range(2)]
    return {"vorname": first, "nachname": last, "geburtsdatum": "1980-05-17",
            "strasse": f"Lindenweg {rng.randrange(1, 200)}", "plz": "65183", "ort": "Musterstadt",
            "email": "antrag@example.org", "telefon": "+49 611 1234567", "hunde": dogs,
            "zahlweise": "lastschrift", "kontoinhaber": name, "iban": "DE89370400440532013000",
            "bemerkung": "Der zweite Hund lebt seit dem Frühjahr bei uns; bitte beide zum "
                         "nächsten Quartal veranlagen und den Bescheid per Post senden.",
            "richtigkeit": True}


def payload(reference: str, service: Service, department: Department, filed: dt.datetime,
            filed_answers: str) -> str:
    """The outbox row's payload as JSON: a submission payload's fields and answers (~1.3 KB;
    the real one also carries the review's labelled sections)."""
    head = json.dumps({"case_reference": reference, "department": department.key,
                       "department_name": department.name, "submitted_at": filed.isoformat(),
                       "service": {"slug": service.slug, "version": service.version}},
                      ensure_ascii=False)
    return f'{head[:-1]}, "answers": {filed_answers}, "review": []}}'
