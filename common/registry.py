"""One small plug-in registry, reused for field types, transports and signers."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Generic, TypeVar

T = TypeVar("T")


class RegistryError(LookupError):
    """A plug-in id is unknown or registered twice."""


class Registry(Generic[T]):
    """Map plug-in ids to plug-in instances; duplicate and unknown ids fail loudly."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self._plugins: dict[str, T] = {}

    def register(self, identifier: str) -> Callable[[type[T]], type[T]]:
        """Return a class decorator that instantiates the plug-in and files it under its id."""

        def decorator(plugin_class: type[T]) -> type[T]:
            if identifier in self._plugins:
                raise RegistryError(f"{self.kind} {identifier!r} is registered twice")
            plugin = plugin_class()
            plugin.identifier = identifier  # type: ignore[attr-defined]
            self._plugins[identifier] = plugin
            return plugin_class

        return decorator

    def __getitem__(self, identifier: str) -> T:
        try:
            return self._plugins[identifier]
        except KeyError:
            known = ", ".join(sorted(self._plugins)) or "none"
            raise RegistryError(
                f"unknown {self.kind} {identifier!r} (known: {known})"
            ) from None

    def __contains__(self, identifier: object) -> bool:
        return identifier in self._plugins

    def __iter__(self) -> Iterator[str]:
        return iter(sorted(self._plugins))
