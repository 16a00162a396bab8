"""A name-to-page table kept on the Sphinx build environment, shared by the extensions.

Each extension records which page shows a name (a sub-command, an API name); this keeps
the table right across incremental and parallel builds.
"""

from __future__ import annotations

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

__all__ = ["NameTable"]


class NameTable:
    """The table stored on the environment under ``attribute``, with its event handlers."""

    def __init__(self, attribute: str) -> None:
        self.attribute = attribute

    def get(self, env: BuildEnvironment) -> dict[str, str]:
        """The table of ``env`` (made empty on first use)."""
        found: dict[str, str] | None = getattr(env, self.attribute, None)
        if found is None:
            found = {}
            setattr(env, self.attribute, found)
        return found

    def purge(self, app: Sphinx, env: BuildEnvironment, docname: str) -> None:
        """Forget the names of a page about to be read again."""
        found = self.get(env)
        for name in [name for name, where in found.items() if where == docname]:
            del found[name]

    def merge(
        self, app: Sphinx, env: BuildEnvironment, docnames: set[str], other: BuildEnvironment
    ) -> None:
        """Take in the names a parallel reader found."""
        self.get(env).update(self.get(other))

    def connect(self, app: Sphinx) -> None:
        """Register the purge and merge handlers with ``app``."""
        app.connect("env-purge-doc", self.purge)
        app.connect("env-merge-info", self.merge)
