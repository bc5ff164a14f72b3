"""The authorization matrix's mechanics: the app's routes, one request per (route, role), and
how an answer reads (allowed, login required, forbidden, not found)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlsplit

from flask import Flask
from flask.testing import FlaskClient

from buergerbuero.core.errors import CSRF_MESSAGE as LAZY_CSRF_MESSAGE

from .authorization_table import ALLOWED, FORBIDDEN, HIDDEN, LOGIN
from .authorization_world import World, council_objects
from .news_world import fresh_file, fresh_item

CSRF_MESSAGE = str(LAZY_CSRF_MESSAGE)  # German: tests ask without Accept-Language
IGNORED_METHODS = {"HEAD", "OPTIONS"}  # werkzeug adds them to every rule
PARAMETER = re.compile(r"<(?:[^:<>]+:)?([^:<>]+)>")
BARE = r"<\1>"  # a parameter without its converter
# Values that name no object, for telling "hidden" from "allowed" when both are redirects.
MISSING = {"reference": "HST-1999-999999", "document_id": 999999999, "draft_id": 999999999,
           "token": "gibt-es-nicht-0000000", "message_id": "00000000-0000-0000-0000-000000000000",
           "outbox_id": 999999999, "key": "gibt-es-nicht", "slug": "gibt-es-nicht",
           "user_id": 999999999, "query_id": 999999999,
           "post_id": 999999999, "file_token": "gibt-es-nicht-0000000",
           "hours_slug": "gibt-es-nicht", "hours_id": 999999999, "appointment_id": 999999999,
           "department_key": "gibt-es-nicht",
           "committee_key": "gibt-es-nicht", "meeting_id": 999999999, "item_id": 999999999,
           "file_id": 999999999}



def routes_of(app: Flask) -> set[str]:
    """Return every 'METHOD rule' the app answers (HEAD and OPTIONS aside), converters left out:
    they bound what a parameter may be, not who may ask."""
    routes = [f"{method} {PARAMETER.sub(BARE, rule.rule)}" for rule in app.url_map.iter_rules()
              for method in rule.methods - IGNORED_METHODS]
    assert len(routes) == len(set(routes)), "two rules differ only in their converters"
    return set(routes)


def table_problems(routes: Iterable[str], table: dict[str, Any]) -> list[str]:
    """Name every route missing from the table and every table entry that is no route."""
    routes = set(routes)
    return [f"route {r!r} is not in tests/buergerbuero/authorization_table.py: "
            "declare who may use it" for r in sorted(routes - set(table))] + [
            f"the table names {r!r}, which is no longer a route of the app: remove or rename it"
            for r in sorted(set(table) - routes)]


@dataclass(frozen=True)
class Result:
    """One request of the matrix and how its answer reads."""

    route: str
    role: str
    url: str
    status: int
    location: str
    outcome: str

    def describe(self) -> str:
        """Say what was asked and answered, for a failing case."""
        where = f" to {self.location}" if self.location else ""
        return f"{self.route} as {self.role}: {self.url} answered {self.status}{where}"


def reading(response: Any, login_path: str) -> str:
    """Return the outcome an answer stands for; fail on answers that stand for none."""
    status, location = response.status_code, response.headers.get("Location", "")
    if 300 <= status < 400:
        return LOGIN if urlsplit(location).path == login_path else ALLOWED
    if status == 401 and response.is_json:
        return LOGIN
    if status == 403:
        return FORBIDDEN
    if status == 404:
        return HIDDEN
    if status < 300:
        return ALLOWED
    body = response.get_data(as_text=True)
    assert CSRF_MESSAGE not in body, "the matrix's CSRF token was refused: nothing was tested"
    # 400/401/409/422: a form refused its (empty) data, so the access check had passed.
    assert status in (400, 401, 409, 422), f"unexpected {status}: {body[-800:]}"
    return ALLOWED


def url_of(rule: str, params: dict[str, Any]) -> str:
    """Fill a rule's parameters with the world's objects; fail naming an unknown parameter."""
    def value(match: re.Match) -> str:
        name = match.group(1)
        assert name in params, (f"no object for URL parameter {name!r} of {rule!r}: add one to "
                                "the world in tests/buergerbuero/authorization_world.py")
        return quote(str(params[name]), safe="/")

    return PARAMETER.sub(value, rule)


def send(client: FlaskClient, method: str, url: str, token: str) -> Any:
    """GET, or POST with nothing but the session's CSRF token; read the whole answer."""
    data = {"csrf_token": token} if method == "POST" else None
    with client.open(url, method=method, data=data) as response:
        response.get_data()
        return response


def probe(world: World, route: str, role: str) -> Result:
    """Request the route as the role, with fresh objects where a request would use them up."""
    method, rule = route.split(" ", 1)
    client, token = world.clients[role], world.tokens[role]
    params = dict(world.params)
    prepare = PREPARED.get(route)
    if prepare is not None:
        client, token, params = prepare(world, role, client, token, params)
    url = url_of(rule, params)
    response = send(client, method, url, token)
    outcome = reading(response, world.login_path)
    if outcome == ALLOWED and response.status_code in range(300, 400) \
            and answers_alike(client, method, rule, params, token, response):
        outcome = HIDDEN  # the very answer a missing object gets: it reveals nothing
    return Result(route, role, url, response.status_code, response.headers.get("Location", ""),
                  outcome)


def answers_alike(client: FlaskClient, method: str, rule: str, params: dict[str, Any],
                  token: str, response: Any) -> bool:
    """Tell whether the route answers exactly so for objects that do not exist."""
    names = set(PARAMETER.findall(rule)) & set(MISSING)
    if not names:
        return False
    missing = send(client, method, url_of(rule, {**params, **{n: MISSING[n] for n in names}}),
                   token)
    return (missing.status_code, missing.headers.get("Location")) == (
        response.status_code, response.headers.get("Location"))


def own_draft(world: World, role: str, client: FlaskClient, token: str,
              params: dict[str, Any]) -> tuple[FlaskClient, str, dict[str, Any]]:
    """Discarding deletes: every role gets a draft of the owner's that still exists."""
    return client, token, {**params, "draft_id": world.fresh_draft()}


def failed_delivery(world: World, role: str, client: FlaskClient, token: str,
                    params: dict[str, Any]) -> tuple[FlaskClient, str, dict[str, Any]]:
    """A retry makes the delivery pending: every role gets it failed again."""
    world.fail_again()
    return client, token, params


def own_session(world: World, role: str, client: FlaskClient, token: str,
                params: dict[str, Any]) -> tuple[FlaskClient, str, dict[str, Any]]:
    """Logging out ends the session: every role logs out from a browser of its own."""
    return (*world.browser(role), params)


def owners_link(purpose_name: str) -> Callable:
    """A one-time link is used up: every role gets a fresh one of the owner's."""

    def prepare(world: World, role: str, client: FlaskClient, token: str,
                params: dict[str, Any]) -> tuple[FlaskClient, str, dict[str, Any]]:
        return client, token, {**params, "secret": world.owners_link(purpose_name)}

    return prepare


def decided_case(world: World, role: str, client: FlaskClient, token: str,
                 params: dict[str, Any]) -> tuple[FlaskClient, str, dict[str, Any]]:
    """A Bescheid's download needs one: every role asks for the owner's decided case."""
    return client, token, {**params, "reference": params["decided_reference"]}


def council_item(world: World, role: str, client: FlaskClient, token: str,
                 params: dict[str, Any]) -> tuple[FlaskClient, str, dict[str, Any]]:
    """Removing deletes: every role gets an agenda item and a document that still exist."""
    return client, token, {**params, **council_objects(world.app, params["meeting_id"])}


PREPARED: dict[str, Callable] = {
    "POST /redaktion/tagesordnung/<item_id>/loeschen": council_item,
    "POST /redaktion/dokumente/<file_id>/loeschen": council_item,
    # Bekanntgabe: the Bescheid's downloads
    "GET /antraege/<reference>/bescheid": decided_case,
    "GET /postfach/<reference>/bescheid": decided_case,
    "POST /antraege/entwurf/<draft_id>/verwerfen": own_draft,
    "POST /postfach/zustellungen/<outbox_id>/erneut": failed_delivery,
    "POST /verwaltung/poststelle/<outbox_id>/erneut": failed_delivery,
    "POST /konto/abmelden": own_session,
    "GET /konto/bestaetigen/<secret>": owners_link("CONFIRM_EMAIL"),
    "GET /konto/email-bestaetigen/<secret>": owners_link("CHANGE_EMAIL"),
    # news and announcements
    "POST /redaktion/beitraege/<post_id>/zurueckziehen": fresh_item,
    "POST /redaktion/beitraege/<post_id>/dateien/<file_token>/entfernen": fresh_file,
}
