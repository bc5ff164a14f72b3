"""Helpers of the council tests: an editor creates committees, meetings, agenda items and
documents through the real forms."""

from __future__ import annotations

import itertools
from typing import Any

from .. import support

EDITOR = "redaktion@example.org"
_numbers = itertools.count(1)


def editor_login(client: Any) -> None:
    """Log the demo editor in."""
    support.login_demo(client, EDITOR)


def new_committee(client: Any, name: str = "Ausschuss für Tests", kind: str = "Ausschuss",
                  short_name: str = "TestA") -> str:
    """Create a committee with a fresh key; return the key."""
    key = f"test-{next(_numbers)}-gremium"
    response = support.post_form(client, "/redaktion/gremien/neu", {
        "key": key, "name": name, "short_name": short_name, "kind": kind})
    assert response.status_code == 302, response.get_data(as_text=True)[-3000:]
    return key


def new_meeting(client: Any, key: str, day: str, start: str = "17:00", end: str = "19:00",
                **fields: str) -> Any:
    """Post the new-meeting form (fields without their prefix); return the response."""
    data = {"sitzung-day": day, "sitzung-start": start, "sitzung-end": end,
            "sitzung-location": "Rathaus, Raum 1", "sitzung-public": "y"}
    data.update({f"sitzung-{k}": v for k, v in fields.items()})
    return support.post_form(client, f"/redaktion/gremien/{key}/sitzungen/neu", data)


def meeting_id(response: Any) -> int:
    """Return the id of the meeting a successful new-meeting form redirected to."""
    assert response.status_code == 302, response.get_data(as_text=True)[-3000:]
    return int(response.headers["Location"].rstrip("/").rsplit("/", 1)[-1])


def add_item(client: Any, meeting: int, title: str, number: str = "1", public: bool = True,
             body: str = "") -> Any:
    """Post an agenda item to the meeting."""
    data = {"top-number": number, "top-title": title, "top-body": body}
    if public:
        data["top-public"] = "y"
    return support.post_form(client, f"/redaktion/sitzungen/{meeting}/tagesordnung", data,
                             page=f"/redaktion/sitzungen/{meeting}")


def add_document(client: Any, meeting: int, content: bytes, name: str = "Einladung",
                 item: str = "", filename: str = "einladung.pdf") -> Any:
    """Upload a document to the meeting (or to the agenda item of id `item`)."""
    import io

    return support.post_form(client, f"/redaktion/sitzungen/{meeting}/dokumente", {
        "dokument-name": name, "dokument-item": item,
        "dokument-upload": (io.BytesIO(content), filename)},
        page=f"/redaktion/sitzungen/{meeting}", content_type="multipart/form-data")
