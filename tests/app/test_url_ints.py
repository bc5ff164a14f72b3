"""An integer in a URL that no database column can hold is a 404, on every route with one.

The routes are taken from the app's URL map, so routes added later are covered without
changing this test."""

from __future__ import annotations

from werkzeug.routing import IntegerConverter

from .. import support

HUGE = 10**23  # beyond SQLite's 64 bit integers: OverflowError
INT4_OVER = 2**31  # the first id no INTEGER column (PostgreSQL int4) can hold


def int_routes(app, number: int) -> list[tuple[str, str]]:
    """Return (method, URL) for every rule with an int part, each int part set to `number`."""
    routes = []
    for rule in app.url_map.iter_rules():
        ints = {name for name, conv in rule._converters.items()
                if isinstance(conv, IntegerConverter)}
        if ints:
            values = {name: number if name in ints else "x" for name in rule.arguments}
            url = rule.build(values, append_unknown=False)[1]
            routes += [(method, url) for method in sorted(rule.methods - {"HEAD", "OPTIONS"})]
    return routes


def not_found_everywhere(client, routes: list[tuple[str, str]]) -> list[tuple[str, str, int]]:
    """Request every route; return those that did not answer 404."""
    answers = [(method, url, client.open(url, method=method).status_code)
               for method, url in routes]
    return [answer for answer in answers if answer[2] != 404]


def test_the_enumeration_finds_every_int_route(app):
    routes = int_routes(app, HUGE)
    assert len(routes) >= 11, routes
    assert ("GET", f"/antraege/entwurf/{HUGE}/pruefen") in routes


def test_an_id_out_of_range_is_a_404_for_a_logged_in_resident(app, resident, client):
    for number in (HUGE, INT4_OVER):
        assert not_found_everywhere(client, int_routes(app, number)) == []


def test_an_id_out_of_range_is_a_404_for_an_administrator(app, client):
    support.login_demo(client, "admin@example.org")
    assert not_found_everywhere(client, int_routes(app, HUGE)) == []


def test_an_id_out_of_range_is_a_404_for_a_case_worker(app, client):
    support.login_demo(client, "ordnungsamt@example.org")
    assert not_found_everywhere(client, int_routes(app, INT4_OVER)) == []


def test_the_largest_id_in_range_still_reaches_the_view(client):
    response = client.get(f"/antraege/entwurf/{2**31 - 1}/pruefen")
    assert response.status_code == 302  # to the login: the route matched
