"""Safe, size-limited YAML parsing that remembers where every node stood in the file."""

from __future__ import annotations

import math
from collections.abc import Hashable
from typing import Any

import yaml

from common.text import REFUSED_IN_DEFINITIONS, codepoint, refused_character

from .exceptions import DefinitionError, Problem
from .texts import _l
from .yamlerrors import GermanYAMLError, yaml_problem
from .yamllimits import check_limits

MAX_SOURCE_BYTES = 256 * 1024
MAX_NUMBER_CHARACTERS = 4300
"""Python's own limit for turning text into an integer; no bound of ours comes near it."""
_TIMESTAMP = "tag:yaml.org,2002:timestamp"



def _refused(char: str) -> str:
    return _l("der Text enthält das unzulässige Zeichen %(char)s (ein Steuerzeichen oder eine "
              "Umkehrung der Schreibrichtung, etwa als „\\0“, „\\x00“, „\\e“ oder "
              "„\\u202e“ geschrieben); erlaubt sind Tabulator und Zeilenumbruch", char=char)


class _StrictLoader(yaml.CSafeLoader):
    """libyaml's safe loader that refuses duplicate keys and locates every value it cannot build.

    libyaml, not PyYAML's own parser: the two disagree on plain scalars in flow mappings
    (`{label: Welche Elektrogeräte?, …}`), and libyaml is the one the YAML 1.1 spec agrees with.
    Dates stay text (`max: 2026-01-31`): the date field type reads its bounds itself, so a day
    that does not exist is a located problem, not a crash inside PyYAML. Every scalar, keys
    included, is checked as decoded: libyaml refuses a raw control character, but not one
    written as an escape (`"Ein\\0gabe"`), nor a bidi override at all.
    """

    yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag != _TIMESTAMP]
        for first, resolvers in yaml.CSafeLoader.yaml_implicit_resolvers.items()
    }

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep=deep)
        except (TypeError, ValueError) as exc:  # PyYAML lets these escape, e.g. `!!int zwei`
            raise GermanYAMLError(None, None, _unfit(node), node.start_mark) from exc

    def construct_yaml_float(self, node: yaml.ScalarNode) -> float:
        # .nan passes every minimum and maximum of a schema, 1e400 is .inf: no definition needs
        # either, and a bound or size that is none would break the form later.
        number = super().construct_yaml_float(node)
        if not math.isfinite(number):
            raise GermanYAMLError(None, None, _l("„%(value)s“ ist keine endliche Zahl",
                                                 value=node.value),
                                  node.start_mark)
        return number

    def construct_scalar(self, node: yaml.ScalarNode) -> Any:
        char = refused_character(node.value, REFUSED_IN_DEFINITIONS)
        if char is not None:
            raise GermanYAMLError(None, None, _refused(codepoint(char)),
                                  node.start_mark)
        return super().construct_scalar(node)

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if not isinstance(key, Hashable):
                continue  # the base class refuses it below, with its line
            if key in seen:
                raise GermanYAMLError(None, None, _l("Schlüssel %(key)s kommt doppelt vor",
                                                     key=repr(key)),
                                      key_node.start_mark)
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def _unfit(node: yaml.Node) -> str:
    """Say in German that a value does not fit its tag (Python's reason is English, and long)."""
    tag = node.tag.replace("tag:yaml.org,2002:", "!!")
    value = node.value if isinstance(node, yaml.ScalarNode) else ""
    if tag == "!!int" and len(value) > MAX_NUMBER_CHARACTERS:
        return _l("eine Zahl mit mehr als %(count)d Zeichen", count=MAX_NUMBER_CHARACTERS)
    shown = _l("„%(text)s…“", text=value[:40]) if len(value) > 40 else _l("„%(text)s“", text=value)
    return _l("der Wert %(value)s passt nicht zum Typ „%(tag)s“", value=shown, tag=tag)


_StrictLoader.add_constructor("tag:yaml.org,2002:float", _StrictLoader.construct_yaml_float)


def parse(text: str, source: str) -> tuple[Any, yaml.Node | None]:
    """Return the document and its node tree; raise DefinitionError with the line on bad YAML.

    The bounds (size, aliases, depth) are checked on the event stream first, so neither a bomb
    nor deep nesting reaches the composer or the constructor.
    """
    if len(text.encode("utf-8")) > MAX_SOURCE_BYTES:
        limit = MAX_SOURCE_BYTES // 1024
        raise DefinitionError(source, [
            Problem(_l("Die Definition ist größer als %(limit)d KiB.", limit=limit))])
    try:
        check_limits(text, source, _StrictLoader)
        loader = _StrictLoader(text)
        try:
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.YAMLError as exc:
        raise DefinitionError(source, [yaml_problem(exc, text)]) from exc
    return data, node


def line_of(node: yaml.Node | None, path: list[Any]) -> int | None:
    """Return the 1-based line of the node at `path` (keys, indexes), or of its nearest parent."""
    line = node.start_mark.line + 1 if node is not None else None
    for step in path:
        child = _child(node, step)
        if child is None:
            break
        node, line = child, child.start_mark.line + 1
    return line


def key_line(node: yaml.Node | None, path: list[Any], key: str) -> int | None:
    """Return the line of `key` inside the mapping at `path`."""
    target = node
    for step in path:
        target = _child(target, step)
    if isinstance(target, yaml.MappingNode):
        for key_node, _ in target.value:
            if key_node.value == key:
                return key_node.start_mark.line + 1
    return line_of(node, path)


def _child(node: yaml.Node | None, step: Any) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        return next((v for k, v in node.value if k.value == step), None)
    if isinstance(node, yaml.SequenceNode) and isinstance(step, int) and step < len(node.value):
        return node.value[step]
    return None
