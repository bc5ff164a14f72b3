"""The files a payload names travel inside its envelope: their bytes come from the web app.

The gateway stores no uploads; the app's `attachment_files` hook reads them. A file that is
missing or no longer matches the sha256 its payload named is a permanent failure with its
reason (the envelope would prove something that was never filed).
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Any

from common.i18n import _l

from .envelope import Attachment
from .exceptions import PermanentDeliveryError
from .payloads import Payload
from .state import state

FOLDER = "anlagen/"
"""Where a carried file lies in the envelope's list of documents (the receipt lies beside)."""


def carried_files(session: Any, payload: Payload, case_id: int | None) -> list[Attachment]:
    """Return every file the payload names, with its bytes, checked against its sha256."""
    references = payload.files()
    if not references:
        return []
    source = state().attachment_files
    if source is None:
        raise PermanentDeliveryError(_l("Die Plattform liefert keine Dateien an den Gateway."))
    contents = source(session, case_id, references)
    return [carried(reference, contents.get(reference["upload_id"]))
            for reference in references]


def carried(reference: Mapping[str, Any], content: bytes | None) -> Attachment:
    """Return one file as an envelope document, or refuse a missing or changed one."""
    name = str(reference["name"])
    if content is None:
        raise PermanentDeliveryError(_l("Die Datei „%(name)s“ ist nicht mehr vorhanden.",
                                        name=name))
    if hashlib.sha256(content).hexdigest() != reference["sha256"]:
        raise PermanentDeliveryError(_l("Die Datei „%(name)s“ stimmt nicht mehr mit ihrer "
                                        "Prüfsumme überein.", name=name))
    return Attachment(FOLDER + name, str(reference["media_type"]), content)
