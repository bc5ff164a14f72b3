"""The plug-in registry, on a fresh registry of its own: found by id, never twice, never None."""

from __future__ import annotations

import pytest

from common.registry import Registry, RegistryError


class Greeting:
    """A demo plug-in: what a field type, transport or signer would be."""

    identifier = ""

    def greet(self) -> str:
        """Return a greeting naming the plug-in's id."""
        return f"Guten Tag von {self.identifier}"


@pytest.fixture
def registry() -> Registry[Greeting]:
    """A registry of its own, never the global ones the product fills at import."""
    return Registry("greeting")


def test_a_registered_demo_plugin_is_instantiated_once_and_found_by_its_id(registry):
    decorated = registry.register("hallo")(Greeting)
    plugin = registry["hallo"]
    assert decorated is Greeting and isinstance(plugin, Greeting)
    assert plugin.identifier == "hallo" and plugin.greet() == "Guten Tag von hallo"
    assert registry["hallo"] is plugin and "hallo" in registry


def test_a_second_plugin_under_the_same_id_is_refused_and_the_first_stays(registry):
    registry.register("hallo")(Greeting)
    first = registry["hallo"]

    class Other(Greeting):
        """Another plug-in that claims the same id."""

    with pytest.raises(RegistryError, match="greeting 'hallo' is registered twice"):
        registry.register("hallo")(Other)
    assert registry["hallo"] is first


def test_an_unknown_id_raises_a_clear_error_naming_the_known_ones(registry):
    registry.register("moin")(Greeting)
    registry.register("hallo")(Greeting)
    with pytest.raises(RegistryError, match=r"unknown greeting 'servus' \(known: hallo, moin\)"):
        registry["servus"]
    assert "servus" not in registry


def test_an_empty_registry_says_it_knows_none(registry):
    with pytest.raises(LookupError, match=r"known: none"):
        registry["hallo"]


def test_iterating_lists_the_ids_sorted_and_registries_do_not_share_plugins(registry):
    for identifier in ("moin", "hallo", "servus"):
        registry.register(identifier)(Greeting)
    assert list(registry) == ["hallo", "moin", "servus"]
    assert list(Registry("greeting")) == []
