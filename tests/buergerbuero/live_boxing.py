"""Helpers of the live message box tests: poll a side's box after a cursor, send as the page's
script does (asking for JSON), count a poll's SQL statements."""

from __future__ import annotations

from typing import Any

from .. import support
from .conversing import attached

JSON = {"Accept": "application/json"}


def box_url(reference: str, *, department: bool = False) -> str:
    """Return the live box's URL of the resident's or the case worker's side."""
    return f"/postfach/{reference}/nachrichten" if department \
        else f"/antraege/{reference}/nachrichten"


def poll(client: Any, reference: str, cursor: Any = 0, *, department: bool = False) -> Any:
    """Poll one side's box for what came after `cursor`, as the script does."""
    return client.get(f"{box_url(reference, department=department)}?nach={cursor}",
                      headers=JSON)


def polled(client: Any, reference: str, cursor: Any = 0, *,
           department: bool = False) -> dict[str, Any]:
    """Poll and return the JSON answer (asserting a 200)."""
    response = poll(client, reference, cursor, department=department)
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


def send_live(client: Any, reference: str, body: str, files: list[tuple[bytes, str]] = (), *,
              department: bool = False) -> Any:
    """Send the message form as the script does: multipart, asking for JSON."""
    page = f"/postfach/{reference}" if department else f"/antraege/{reference}"
    data: dict[str, Any] = {"body": body}
    if files:
        data["files"] = attached(*files)
    return support.post_form(client, f"{page}/nachricht", data, page=page, headers=JSON,
                             content_type="multipart/form-data")


def statements_of(app: Any, client: Any, url: str) -> int:
    """Count the SQL statements one GET sends to the database (asserting a 200)."""
    with support.sql_statements(app) as sent:
        response = client.get(url, headers=JSON)
    assert response.status_code == 200, response.get_data(as_text=True)
    return len(sent)
