"""What the city publishes for everyone: news and official announcements with their feeds, the
committees and their meetings (iCalendar, OParl), and the editors' pages that write them.

Public pages need no login; the editors' pages under /redaktion are for the editor role and
administrators. The area's routes have no common prefix: the public URLs are the ones a city
prints (/aktuelles, /bekanntmachungen, /gremien, /oparl).
"""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("public", __name__)

# Last: their routes join bp.
from . import (  # noqa: E402,F401
    council_editor,
    council_views,
    editor_views,
    feeds,
    news,
    news_editor,
    news_files,
    news_views,
    oparl_views,
)

# The NEWS_ keys' defaults, set when the blueprint joins an app (no line in create_app).
bp.record_once(lambda state: news.init_app(state.app))
