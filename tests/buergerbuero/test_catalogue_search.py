"""The catalogue that residents search: title, summary, keywords and category; the fee shown on
each entry; a clear "nothing found"; no input makes it fail."""

from __future__ import annotations

import re

import pytest

from buergerbuero.catalogue.search import normalise, query_words


def titles(client, **args) -> list[str]:
    """Return the titles of the services the catalogue shows for these GET arguments."""
    response = client.get("/leistungen", query_string=args)
    assert response.status_code == 200
    return re.findall(r'kern-link--stretched" href="[^"]+">([^<]+)</a>',
                      response.get_data(as_text=True))


@pytest.mark.parametrize(("query", "title"), [
    ("Hundesteuer", "Anmeldung eines Hundes zur Hundesteuer"),  # title
    ("wunschkennzeichen", "Wunschkennzeichen reservieren"),      # case does not matter
    ("Kindergarten", "Kita-Platz voranmelden"),                  # a keyword, not in the title
    ("bücherei", "Medien der Stadtbibliothek vormerken und verlängern"),  # keyword, external
    ("buecherei", "Medien der Stadtbibliothek vormerken und verlängern"),  # ü written out
    ("Familie", "Kita-Platz voranmelden"),                       # the category
    ("Zweigniederlassungen", "Gewerbe anmelden (Gewerbeanmeldung)"),  # the summary
    ("barriere melden", "Barriere melden"),                       # every word must be found
    ("daycare", "Kita-Platz voranmelden"),                       # English words find it too
])
def test_search_finds_a_service_by_title_summary_keyword_or_category(client, query, title):
    found = titles(client, q=query)
    assert title in found, found


def test_every_word_must_match_so_a_search_narrows(client):
    assert "Kita-Platz voranmelden" in titles(client, q="Kita")
    assert "Kita-Platz voranmelden" not in titles(client, q="Kita Hundesteuer")


def test_the_category_filter_keeps_only_that_category(client):
    found = titles(client, kategorie="Familie und Kinder")
    assert found and "Kita-Platz voranmelden" in found
    assert "Wunschkennzeichen reservieren" not in found
    page = client.get("/leistungen", query_string={"kategorie": "Familie und Kinder"})
    assert '<option value="Familie und Kinder" selected>' in page.get_data(as_text=True)


def test_nothing_found_says_so_with_advice_and_keeps_the_query(client):
    page = client.get("/leistungen", query_string={"q": "Raumfahrtbehörde"}).get_data(
        as_text=True)
    assert "Nichts gefunden" in page and "0 Leistungen gefunden" in page
    assert "allgemeinen Anfrage" in page and 'value="Raumfahrtbehörde"' in page


@pytest.mark.parametrize("query", [
    "%", "_", "%%_%", "a" * 100_000, "<script>alert(1)</script>", "' OR 1=1 --", "\\", "(((",
    "ß" * 500, "🙂", "   ",
])
def test_no_query_makes_the_search_fail_or_inject(client, query):
    response = client.get("/leistungen", query_string={"q": query})
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page
    if query in ("%", "_", "%%_%", "\\", "(((", "🙂"):
        # Wildcards are no wildcards: no word to look for, so nothing is filtered out, or nothing
        # found, but never every service because SQL read `%` as "anything".
        assert "Nichts gefunden" in page or "Leistungen gefunden" in page


def test_an_unknown_category_finds_nothing_and_is_no_error(client):
    response = client.get("/leistungen", query_string={"kategorie": "<b>gibt es nicht</b>"})
    assert response.status_code == 200
    assert "Nichts gefunden" in response.get_data(as_text=True)


def test_each_entry_shows_its_fee_before_starting(client):
    page = client.get("/leistungen").get_data(as_text=True)
    assert "Gebühr für die Gewerbeanmeldung: 26,00 €" in page
    assert "Hundesteuer im ersten Jahr: wird aus Ihren Angaben berechnet" in page
    kita = page[page.index("Kita-Platz voranmelden"):]
    assert kita.index("gebührenfrei") < kita.index("</article>")


def test_the_search_folds_case_umlauts_and_takes_a_bounded_number_of_words():
    assert normalise("Bücherei STRAßE") == "buecherei strasse"
    assert query_words("% _ Hund-Steuer") == ["hund", "steuer"]
    assert len(query_words("wort " * 1000)) == 10


def test_unstorable_characters_are_a_german_400_and_broken_encoding_no_error(client):
    refused = client.get("/leistungen", query_string={"q": "Hund\x00"})
    assert refused.status_code == 400
    assert client.get("/leistungen?q=%ff%fe%25_").status_code == 200


@pytest.mark.parametrize("query", ["%", "_", "%%__", "<>"])
def test_a_search_without_a_word_says_so_instead_of_claiming_to_have_found_everything(client,
                                                                                      query):
    page = client.get("/leistungen", query_string={"q": query}).get_data(as_text=True)
    assert "Ihre Suche enthält kein Wort aus Buchstaben oder Ziffern" in page
