"""Help texts of service definitions: a small Markdown subset, rendered safe.

Administrators write `help:` texts in a definition; residents read them next to the field.
Only emphasis (`*kursiv*`, `**fett**`) and links to `https://` and `mailto:` addresses become
HTML. Everything else, raw HTML included, is shown as the text it is: markdown-it-py (html off)
escapes all text itself, and this is the one place whose output is marked safe for Jinja.
Inline only, so a help text never brings block elements into the hint it sits in.
What editors and administrators write at length (news, announcements, legal pages, agenda
items) uses the same subset with blocks besides (`text_blocks`): paragraphs, bullet and
numbered lists and headings, a heading of any level becoming <h2> or <h3> under the page's h1,
and links to paths of this site too (a legal page links to /seiten/datenschutz).
A definition's text (`forms.texts.Text`) is rendered in the reader's language; its German
fallback on an English page is wrapped in `<span lang="de">`.
"""

from __future__ import annotations

from collections.abc import Callable

from markdown_it import MarkdownIt
from markupsafe import Markup

from common.i18n import SOURCE_LANGUAGE, current_language

LINK_SCHEMES = ("https://", "mailto:")


def safe_link(url: str) -> bool:
    """Tell whether a help text may link there: https and mailto addresses only."""
    return url.lower().startswith(LINK_SCHEMES)


def site_or_safe_link(url: str) -> bool:
    """Tell whether a longer text may link there: what a help text may, or a path on this site
    (/seiten/datenschutz), never //host or a backslash that a browser reads as one."""
    return safe_link(url) or (url.startswith("/") and not url.startswith("//")
                              and "\\" not in url)


_markdown = MarkdownIt("zero", {"html": False}).enable(["emphasis", "link", "newline", "escape"])
# A link to anything else (javascript:, data:, http:, a path) stays plain text.
_markdown.validateLink = safe_link
_blocks = MarkdownIt("zero", {"html": False}).enable(
    ["emphasis", "link", "newline", "escape", "list", "heading"])
_blocks.validateLink = site_or_safe_link
HEADING_TAGS = {1: "h2", 2: "h2", 3: "h3"}
"""A text's headings under the page's own h1 (# and ## are h2, ### and deeper h3)."""


def help_text(text: object) -> Markup:
    """Return a help text as safe inline HTML: emphasis and https/mailto links, nothing else."""
    if not text:
        return Markup("")
    tokens = _markdown.parseInline(str(text))
    for line in tokens:
        line.children = _plain_links(line.children or [])
    html = Markup(_markdown.renderer.render(tokens, _markdown.options, {}))
    falls_back = getattr(text, "falls_back", None)  # a definition's Text, duck-typed
    if falls_back is not None and falls_back(current_language()):
        return Markup('<span lang="%s">%s</span>') % (SOURCE_LANGUAGE, html)
    return html


def text_blocks(text: object) -> Markup:
    """Return a longer text as safe HTML: the help texts' subset with paragraphs, lists and
    headings (h2, h3), and nothing else."""
    if not text:
        return Markup("")
    tokens = _blocks.parse(str(text))
    for token in tokens:
        if token.type == "inline":
            token.children = _plain_links(token.children or [], site_or_safe_link)
        elif token.type in ("heading_open", "heading_close"):
            token.tag = HEADING_TAGS.get(int(token.tag[1]), "h3")
        elif token.type == "ordered_list_open":
            token.attrs = {}  # no start attribute: a list is numbered from one
    return Markup(_blocks.renderer.render(tokens, _blocks.options, {}))


def _plain_links(children: list, allowed: Callable[[str], bool] = safe_link) -> list:
    """Keep a link's href and nothing else (no title); unwrap a link that validateLink never
    saw (an empty target) so that only its text remains."""
    kept, unwrapping = [], False
    for token in children:
        if token.type == "link_open":
            href = str(token.attrs.get("href", ""))
            unwrapping = not allowed(href)
            token.attrs = {} if unwrapping else {"href": href}
        if unwrapping and token.type in ("link_open", "link_close"):
            unwrapping = token.type == "link_open"
            continue
        kept.append(token)
    return kept
