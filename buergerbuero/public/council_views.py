"""Public pages of the committees (Gremien) and their meetings, with their calendar files."""

from __future__ import annotations

from flask import abort, render_template, request

from . import bp, calendar_export, council


def page_argument(name: str) -> int:
    """Return a page number from the query string (1 for anything that is no number >= 1;
    one beyond the last page is refused by council.meetings_page)."""
    page = request.args.get(name, 1, type=int) or 1
    return max(page, 1)


@bp.get("/gremien")
def committees() -> str:
    """List the committees and the next meetings."""
    return render_template("public/council_committees.html", committees=council.committees(),
                           upcoming=council.next_meetings())


@bp.get("/gremien/<committee_key>")
def committee(committee_key: str) -> str:
    """Show a committee with its upcoming and past meetings, each paged."""
    found = council.committee_or_404(committee_key)
    page, past_page = page_argument("seite"), page_argument("frueher")
    upcoming, pages = council.meetings_page(found, True, page)
    past, past_pages = council.meetings_page(found, False, past_page)
    return render_template("public/council_committee.html", committee=found,
                           upcoming=upcoming, page=page, pages=pages,
                           past=past, past_page=past_page, past_pages=past_pages)


@bp.get("/gremien/<committee_key>/kalender.ics")
def committee_calendar(committee_key: str):
    """Answer with the committee's meetings as iCalendar."""
    return calendar_export.committee_calendar(council.committee_or_404(committee_key))


@bp.get("/sitzungen/<int:meeting_id>")
def meeting(meeting_id: int) -> str:
    """Show a meeting with its agenda and the documents the public may read."""
    found = council.meeting_or_404(meeting_id)
    return render_template("public/council_meeting.html", meeting=found,
                           item_visible=council.item_visible,
                           documents=council.public_documents)


@bp.get("/sitzungen/<int:meeting_id>/kalender.ics")
def meeting_calendar(meeting_id: int):
    """Answer with the one meeting as iCalendar."""
    return calendar_export.meeting_calendar(council.meeting_or_404(meeting_id))


@bp.get("/sitzungen/<int:meeting_id>/dokumente/<int:file_id>")
def meeting_document(meeting_id: int, file_id: int):
    """Download a public document of the meeting."""
    found = council.meeting_or_404(meeting_id)
    document = next((d for d in found.documents if d.id == file_id), None)
    if document is None or not council.document_visible(document):
        abort(404)
    return council.document_response(document)
