"""The text encoding python-gnupg reads gpg's output with: UTF-8 that survives raw bytes.

gpg writes a few status fields unescaped: NOTATION_DATA of a binary notation, such as the salt
that Sequoia puts on every signature, is raw bytes. python-gnupg decodes gpg's status stream
strictly, so one such byte kills its reader thread and every later status line (the trust
level among them) is lost: a good signature would look untrusted, and a crafted one could hide
what gpg said. This codec decodes the stream with replacement characters instead; everything
we read from it (keywords, fingerprints, trust levels) is ASCII, so nothing we rely on changes.
"""

from __future__ import annotations

import codecs

NAME = "utf-8-gpg-status"
_LOOKUP_NAME = "utf_8_gpg_status"  # what codecs passes to search functions (hyphens become _)


class _ReplacingReader(codecs.getreader("utf-8")):  # type: ignore[misc]
    """A UTF-8 stream reader whose errors default to replacement."""

    def __init__(self, stream, errors: str = "replace") -> None:
        super().__init__(stream, errors)


def _search(name: str) -> codecs.CodecInfo | None:
    if name != _LOOKUP_NAME:
        return None
    utf8 = codecs.lookup("utf-8")
    return codecs.CodecInfo(
        utf8.encode, utf8.decode, streamreader=_ReplacingReader,
        streamwriter=utf8.streamwriter, incrementalencoder=utf8.incrementalencoder,
        incrementaldecoder=utf8.incrementaldecoder, name=NAME)


codecs.register(_search)
