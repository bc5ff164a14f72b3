"""Bounds on a YAML document, checked on the parser's event stream before anything is built.

Aliases make a small text stand for a huge document (billion laughs): every count here is of the
document as it would be expanded, an alias counting as often as it is used. One pass, no recursion,
stopping at the first bound crossed, so a bomb costs no more than reading its text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from .exceptions import DefinitionError, Problem
from .texts import _l

MAX_NODES = 50_000
"""Values (scalars, lists, mappings) of the expanded document; a code list of 5000 entries fits."""
MAX_DEPTH = 30
"""Levels of lists and mappings inside each other; a definition needs fewer than ten."""
MAX_ALIASES = 200
"""Uses of `*anker` in one document."""

TOO_DEEP = _l("Die Definition ist tiefer als %(depth)d Ebenen verschachtelt.", depth=MAX_DEPTH)

_OPENING = (yaml.MappingStartEvent, yaml.SequenceStartEvent)
_CLOSING = (yaml.MappingEndEvent, yaml.SequenceEndEvent)


@dataclass
class _Open:
    """A list or mapping whose end the parser has not reached yet."""

    anchor: str | None
    nodes: int = 1
    depth: int = 0


@dataclass
class _Tally:
    """What has been counted so far: expanded sizes of anchors, open collections, totals."""

    anchors: dict[str, tuple[int, int]] = field(default_factory=dict)
    """Anchor → (expanded nodes, depth) of the value it names."""
    stack: list[_Open] = field(default_factory=list)
    nodes: int = 0
    aliases: int = 0


def check_limits(text: str, source: str, loader: type) -> None:
    """Raise DefinitionError, located, if the YAML `text` crosses a bound; parse with `loader`."""
    tally = _Tally()
    for event in yaml.parse(text, Loader=loader):
        line = event.start_mark.line + 1
        problem = _count(tally, event)
        if problem:
            raise DefinitionError(source, [Problem(problem, line=line)])


def _count(tally: _Tally, event: yaml.Event) -> Any:
    """Count one event; return why the document is refused, or None."""
    if isinstance(event, _OPENING):
        tally.stack.append(_Open(event.anchor))
        return _grown(tally, 1, 0)
    if isinstance(event, _CLOSING):
        done = tally.stack.pop()
        if done.anchor:
            tally.anchors[done.anchor] = (done.nodes, done.depth + 1)
        _nest(tally, done.nodes, done.depth + 1)
        return None
    if isinstance(event, yaml.ScalarEvent):
        if event.anchor:
            tally.anchors[event.anchor] = (1, 0)
        _nest(tally, 1, 0)
        return _grown(tally, 1, 0)
    if isinstance(event, yaml.AliasEvent):
        return _alias(tally, event.anchor)
    return None


def _alias(tally: _Tally, anchor: str) -> Any:
    """Count an alias as the whole value it names, at the place it is used."""
    tally.aliases += 1
    if tally.aliases > MAX_ALIASES:
        return _l("Die Definition verwendet mehr als %(count)d Aliase (*anker).", count=MAX_ALIASES)
    if any(item.anchor == anchor for item in tally.stack):
        return _l(
            "Der Alias „*%(anchor)s“ steht in dem Wert, den er benennt (eine Endlosschleife).",
                  anchor=anchor)
    nodes, depth = tally.anchors.get(anchor, (0, 0))  # an unknown anchor: the composer says so
    _nest(tally, nodes, depth)
    return _grown(tally, nodes, depth)


def _nest(tally: _Tally, nodes: int, depth: int) -> None:
    """Add a finished value of `nodes` nodes and `depth` levels to the collection it is in."""
    if tally.stack:
        parent = tally.stack[-1]
        parent.nodes += nodes
        parent.depth = max(parent.depth, depth)


def _grown(tally: _Tally, nodes: int, depth: int) -> Any:
    """Add `nodes` to the total; return the bound crossed, if any, at the current place."""
    tally.nodes += nodes
    if tally.nodes > MAX_NODES:
        return _l("Die Definition ist zu groß: mehr als %(count)d Werte, jeder Alias (*anker) "
                  "so oft gezählt, wie er verwendet wird.", count=MAX_NODES)
    if len(tally.stack) + depth > MAX_DEPTH:
        return TOO_DEEP
    return None
