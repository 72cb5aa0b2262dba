"""One registry pattern for everything outside our walls.

Identity providers, payment providers, signing providers, notification channels, storage and search
each keep a `Registry` of plugins. A plugin registers itself by id in its app's ``ready()``, declares
what it needs to be configured, and reports its health through ``check_config()`` (shown on the
admin health page).
"""

from dataclasses import dataclass, field


@dataclass
class HealthReport:
    ok: bool
    message: str
    details: dict = field(default_factory=dict)


class Plugin:
    identifier: str = ""
    verbose_name: str = ""

    def check_config(self) -> HealthReport:
        return HealthReport(ok=True, message="Configurat.")


class Registry:
    def __init__(self, kind: str):
        self.kind = kind
        self._plugins: dict[str, Plugin] = {}

    def register(self, plugin_cls):
        plugin = plugin_cls()
        if not plugin.identifier:
            raise ValueError(f"{plugin_cls.__name__} has no identifier")
        self._plugins[plugin.identifier] = plugin
        return plugin_cls

    def __getitem__(self, identifier: str) -> Plugin:
        return self._plugins[identifier]

    def __contains__(self, identifier: str) -> bool:
        return identifier in self._plugins

    def __iter__(self):
        return iter(self._plugins.values())

    def health(self):
        return [(plugin, plugin.check_config()) for plugin in self]


registries: dict[str, Registry] = {}


def registry(kind: str) -> Registry:
    """The registry of one kind of plugin, created on first use."""
    if kind not in registries:
        registries[kind] = Registry(kind)
    return registries[kind]
