"""Help texts of service definitions: a small Markdown subset, rendered safe.

Administrators write `help:` texts in a definition; residents read them next to the field.
Only emphasis (`*kursiv*`, `**fett**`) and links to `https://` and `mailto:` addresses become
HTML. Everything else, raw HTML included, is shown as the text it is: markdown-it-py (html off)
escapes all text itself, and this is the one place whose output is marked safe for Jinja.
Inline only, so a help text never brings block elements into the hint it sits in.
"""

from __future__ import annotations

from markdown_it import MarkdownIt
from markupsafe import Markup

LINK_SCHEMES = ("https://", "mailto:")

_markdown = MarkdownIt("zero", {"html": False}).enable(["emphasis", "link", "newline", "escape"])
# A link to anything else (javascript:, data:, http:, a path) stays plain text.
_markdown.validateLink = lambda url: url.lower().startswith(LINK_SCHEMES)


def help_text(text: str | None) -> Markup:
    """Return a help text as safe inline HTML: emphasis and https/mailto links, nothing else."""
    return Markup(_markdown.renderInline(text)) if text else Markup("")
