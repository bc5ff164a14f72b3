"""Helpers of the browser tests that chat in a case's message box: write, find, wait for the
polls, and a tab without JavaScript."""

from __future__ import annotations

from .people import field

LIVE = 15_000  # a poll every 4 seconds: a message shows within a few


def box(walk):
    """The message box of the case page (the region "Nachrichten")."""
    return walk.page.get_by_role("region", name="Nachrichten", exact=True)


def write(walk, text: str, files: list[dict] = ()) -> None:
    """Type a message (with files) into the box and press "Nachricht senden"."""
    region = box(walk)
    field(region, "Ihre Nachricht").fill(text)
    if files:
        region.get_by_label("Dateien anhängen").set_input_files(files)
    region.get_by_role("button", name="Nachricht senden").click()


def without_scripts(walk) -> None:
    """Switch the tab's scripts off, as in a browser without JavaScript (Chrome's own switch,
    which persists across the tab's pages); axe-core is a script, so its runs get them back
    for their duration only (the pages' own scripts, skipped when parsed, stay unrun)."""
    cdp = walk.page.context.new_cdp_session(walk.page)

    def scripts_off(off: bool) -> None:
        cdp.send("Emulation.setScriptExecutionDisabled", {"value": off})

    audit = walk.audit

    def audited() -> None:
        scripts_off(False)
        try:
            audit()
        finally:
            scripts_off(True)

    scripts_off(True)
    walk.audit = audited


def stays(walk, navigations: int) -> None:
    """Assert that the tab loaded no page since it had loaded `navigations`."""
    assert len(walk.navigations) == navigations, walk.navigations
