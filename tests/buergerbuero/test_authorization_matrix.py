"""Every route of the app, as every role, against the declared table of who may do what."""

from __future__ import annotations

import pytest

from .. import support
from .authorization import probe, routes_of, table_problems
from .authorization_table import ROLES, TABLE

CASES = [(route, role) for route in TABLE for role in ROLES]


def test_every_route_of_the_app_is_in_the_table(app):
    missing = [p for p in table_problems(routes_of(app), TABLE) if "is not in" in p]
    assert not missing, "\n".join(missing)


def test_every_route_in_the_table_is_still_a_route_of_the_app(app):
    stale = [p for p in table_problems(routes_of(app), TABLE) if "no longer" in p]
    assert not stale, "\n".join(stale)


def test_a_new_route_is_named_until_it_enters_the_table(app):
    with support.sibling_app(app) as extended:
        extended.add_url_rule("/nur-zum-test/<int:item>", "only_here", lambda item: "ok",
                              methods=["GET", "POST"])
        problems = table_problems(routes_of(extended), TABLE)
    assert [p for p in problems if p not in table_problems(routes_of(app), TABLE)] == [
        "route 'GET /nur-zum-test/<item>' is not in tests/buergerbuero/authorization_table.py: "
        "declare who may use it",
        "route 'POST /nur-zum-test/<item>' is not in tests/buergerbuero/authorization_table.py: "
        "declare who may use it"]


def test_a_table_entry_without_its_route_is_named(app):
    table = {**TABLE, "GET /gibt-es-nicht-mehr": TABLE["GET /"]}
    problems = table_problems(routes_of(app), table)
    assert [p for p in problems if p not in table_problems(routes_of(app), TABLE)] == [
        "the table names 'GET /gibt-es-nicht-mehr', which is no longer a route of the app: "
        "remove or rename it"]


@pytest.mark.parametrize(("route", "role"), CASES, ids=[f"{r} as {o}" for r, o in CASES])
def test_the_route_answers_the_role_as_the_table_declares(app, matrix_world, route, role):
    assert route in routes_of(app), f"{route} is in the table but no longer a route of the app"
    result = probe(matrix_world, route, role)
    expected = TABLE[route][role]
    assert result.outcome == expected, f"{result.describe()}: {result.outcome}, the table " \
                                       f"says {expected}"
