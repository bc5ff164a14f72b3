"""A consultation's conversation is archived like any case: the booking's case, its messages
both ways through the gateway, and the sealed case archive (Vorgangsakte) that holds them."""

from __future__ import annotations

from mailgateway.keys import gateway_keys
from mailgateway.verification import check_pdf

from .. import support
from .archive_world import pdf_text
from .casework import post_on_case
from .consulting import book, free_starts, reference_of

QUESTION = "Darf ich im Garten eine Hütte bauen?"
ANSWER = "Bis 30 Kubikmeter ohne Genehmigung."


def test_the_conversation_of_a_booked_slot_is_in_the_sealed_case_archive(
        app, client, resident, other_client, run_gateway):
    reference = reference_of(book(client, free_starts(app)[0]))
    run_gateway()  # the booking's case into the Bürgerreferat's Postfach
    page = f"/antraege/{reference}"
    assert support.post_form(client, f"{page}/nachricht", {"body": QUESTION},
                             page=page).status_code == 302
    run_gateway()
    support.login_demo(other_client, "buergerreferat@example.org")
    assert other_client.get(f"/postfach/{reference}").status_code == 200
    assert post_on_case(other_client, reference, "nachricht",
                        {"body": ANSWER}).status_code == 302
    run_gateway()
    client.get(page)  # the resident opens the answer in the box
    for side, reader in (("antraege", client), ("postfach", other_client)):
        response = reader.get(f"/{side}/{reference}/akte")
        assert response.status_code == 200 and response.mimetype == "application/pdf", side
        text = pdf_text(response.data)
        assert reference in text and QUESTION in text and ANSWER in text, side
        with app.app_context():
            assert check_pdf(gateway_keys(), response.data).valid, side
