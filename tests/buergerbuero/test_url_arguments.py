"""An integer in a URL that no database column can hold is a 404, a text part with a control
character (PostgreSQL refuses NUL) a German 400 of the request guard, on every route with such
a part.

The routes are taken from the app's URL map, so routes added later are covered without
changing this test."""

from __future__ import annotations

from werkzeug.routing import IntegerConverter, UnicodeConverter

from .. import support

HUGE = 10**23  # beyond SQLite's 64 bit integers: OverflowError
INT4_OVER = 2**31  # the first id no INTEGER column (PostgreSQL int4) can hold


def routes_with(app, kind: type, value: object) -> list[tuple[str, str]]:
    """Return (method, URL) for every rule with a part of that converter kind, set to `value`;
    other int parts are 1, other text parts 'x'."""
    routes = []
    for rule in app.url_map.iter_rules():
        parts = rule._converters
        if any(isinstance(converter, kind) for converter in parts.values()):
            values = {name: value if isinstance(converter, kind) else other(converter)
                      for name, converter in parts.items()}
            url = rule.build(values, append_unknown=False)[1]
            routes += [(method, url) for method in sorted(rule.methods - {"HEAD", "OPTIONS"})]
    return routes


def other(converter) -> object:
    """Return a harmless value for a URL part that is not under test."""
    return 1 if isinstance(converter, IntegerConverter) else "x"


def int_routes(app, number: int) -> list[tuple[str, str]]:
    """Return (method, URL) for every rule with an int part, each int part set to `number`."""
    return routes_with(app, IntegerConverter, number)


def not_found_everywhere(client, routes: list[tuple[str, str]],
                         expected: int = 404) -> list[tuple[str, str, int]]:
    """Request every route; return those that did not answer 404 (or `expected`)."""
    answers = [(method, url, client.open(url, method=method).status_code)
               for method, url in routes]
    return [answer for answer in answers if answer[2] != expected]


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


def text_routes(app, character: str = "\x01") -> list[tuple[str, str]]:
    """Return (method, URL) for every rule with a text part, each holding a control character."""
    return routes_with(app, UnicodeConverter, f"a{character}b")


def test_the_enumeration_finds_every_text_route(app):
    routes = text_routes(app)
    assert len(routes) >= 20, routes
    assert ("GET", "/leistungen/a%01b") in routes


def test_a_control_character_in_a_text_part_is_a_400_for_an_administrator(app, client):
    support.login_demo(client, "admin@example.org")
    assert not_found_everywhere(client, text_routes(app), 400) == []


def test_a_control_character_in_a_text_part_is_a_400_for_a_resident(app, resident, client):
    assert not_found_everywhere(client, text_routes(app), 400) == []


def test_a_control_character_in_a_text_part_is_a_400_for_a_case_worker(app, client):
    support.login_demo(client, "ordnungsamt@example.org")
    assert not_found_everywhere(client, text_routes(app), 400) == []


def test_a_nul_in_any_text_part_is_refused_with_a_german_400_before_any_view(app, client):
    support.login_demo(client, "admin@example.org")
    answers = [(method, url, client.open(url, method=method))
               for method, url in text_routes(app, "\x00")]
    assert [(m, u, r.status_code) for m, u, r in answers if r.status_code != 400] == []
    # A JSON answer (/api, /oparl) carries the message in its field, with \u escapes in the raw
    assert all("unzulässiges Steuerzeichen" in (r.get_json()["message"] if r.is_json
                                                else r.get_data(as_text=True))
               for _, _, r in answers)


def test_text_parts_with_umlauts_and_spaces_still_match(client):
    assert client.get("/leistungen/gibt%20es%20nicht-%C3%A4").status_code == 404
    assert client.get("/leistungen/hundesteuer-anmeldung").status_code == 200
