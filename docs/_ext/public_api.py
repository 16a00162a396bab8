"""The API reference, generated from ``community_standards.__all__``.

``.. public-api:: model.standard`` documents with autodoc every name of the package's ``__all__``
that the module ``community_standards.model.standard`` defines, in the order of its source.
``.. public-api:: community_standards`` covers names defined in ``__init__`` itself
(``__version__``), and ``.. public-api:: reports`` documents a public submodule with its
own ``__all__``.

Once every document is read, each name of ``__all__`` and each public submodule must have
been documented: a name left out is a warning naming the directive to add, so the build
(``-W``) fails when the package exports something the reference does not show.
"""

from __future__ import annotations

import enum
import functools
import importlib
import inspect
import pkgutil
import re
import types
import typing
from collections.abc import Iterator
from types import ModuleType
from typing import Any, ClassVar

import attrs
from docutils import nodes
from docutils.parsers.rst import directives
from env_names import NameTable
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.errors import PycodeError
from sphinx.pycode import ModuleAnalyzer
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective
from sphinx.util.typing import ExtensionMetadata, stringify_annotation

PACKAGE = "community_standards"
logger = logging.getLogger(__name__)


@functools.cache
def _package() -> ModuleType:
    return importlib.import_module(PACKAGE)


def public_names() -> tuple[str, ...]:
    """The names the package exports (its ``__all__``)."""
    return tuple(_package().__all__)


@functools.cache
def submodules() -> dict[str, ModuleType]:
    """Every submodule of the package by full name (private ones included)."""
    found: dict[str, ModuleType] = {}
    for info in pkgutil.iter_modules(_package().__path__):
        if info.name == "__main__":
            continue
        name = f"{PACKAGE}.{info.name}"
        try:
            found[name] = importlib.import_module(name)
        except ImportError:  # a module needing an optional extra exports nothing public
            continue
    return found


def public_submodules() -> list[str]:
    """Submodules a user may import (no leading underscore, not the data package)."""
    return [
        name
        for name, module in submodules().items()
        if not name.rpartition(".")[2].startswith("_") and hasattr(module, "__all__")
    ]


def home(name: str) -> str:
    """The module that defines the exported ``name`` (the package for ``__init__``)."""
    value = getattr(_package(), name)
    owner = getattr(value, "__module__", None)
    if (inspect.isclass(value) or inspect.isfunction(value)) and isinstance(owner, str):
        return owner
    for module_name, module in submodules().items():
        private = module_name.rpartition(".")[2].startswith("_")
        if private and name in getattr(module, "__all__", ()):
            return module_name
    return PACKAGE


def _source_line(module: ModuleType, name: str) -> int:
    try:
        source = inspect.getsource(module)
    except (OSError, TypeError):
        return 0
    pattern = re.compile(rf"^(?:class |def )?{re.escape(name)}\b(?:\s*[:=(]|\s*$)?", re.MULTILINE)
    match = pattern.search(source)
    return source.count("\n", 0, match.start()) if match else 0


def _full(module: str) -> str:
    return (
        module if module == PACKAGE or module.startswith(PACKAGE + ".") else f"{PACKAGE}.{module}"
    )


def _is_alias(value: object) -> bool:
    return isinstance(value, types.UnionType | typing._GenericAlias)  # type: ignore[attr-defined]


def _type_text(value: object) -> str:
    if isinstance(value, type):
        return value.__name__
    if isinstance(value, types.UnionType):
        return " | ".join(_type_text(arg) for arg in typing.get_args(value))
    return repr(value).replace("typing.", "")


def _attribute_doc(module_name: str, name: str) -> list[str]:
    """The ``#:`` comment above ``name`` in ``module_name``, as lines."""
    try:
        analyzer = ModuleAnalyzer.for_module(module_name)
    except PycodeError:
        return []
    return list(analyzer.find_attr_docs().get(("", name), []))


def _module_doc(module: ModuleType) -> list[str]:
    """The module's docstring without its ``versionadded`` note."""
    text = inspect.cleandoc(module.__doc__ or "")
    return [line for line in text.splitlines() if not line.startswith(".. versionadded::")]


def _autodoc(target: str, value: Any, module_name: str) -> list[str]:
    name = target.rpartition(".")[2]
    if _is_alias(value):
        doc = _attribute_doc(module_name, name)
        return [f".. py:type:: {name}", f"   :canonical: {_type_text(value)}", ""] + [
            f"   {line}" if line else "" for line in doc
        ]
    if not (inspect.isclass(value) or inspect.isfunction(value)):
        doc = _attribute_doc(module_name, name)
        return [f".. py:data:: {name}", f"   :value: {value!r}", ""] + [
            f"   {line}" if line else "" for line in doc
        ]
    if inspect.isclass(value) and issubclass(value, BaseException):
        return [f".. autoexception:: {target}", "   :members:", "   :show-inheritance:"]
    if inspect.isclass(value) and issubclass(value, enum.Enum):
        return [
            f".. autoclass:: {target}",
            "   :members:",
            "   :undoc-members:",
            "   :member-order: bysource",
        ]
    if inspect.isclass(value):
        return [f".. autoclass:: {target}", "   :members:", "   :undoc-members:"]
    return [f".. autofunction:: {target}"]


class PublicApi(SphinxDirective):
    """``.. public-api:: MODULE``: autodoc for the exported names ``MODULE`` defines."""

    required_arguments = 1
    has_content = False
    option_spec: ClassVar[dict[str, Any]] = {"module-doc": directives.flag}

    def run(self) -> list[nodes.Node]:
        module_name = _full(self.arguments[0])
        documented = _documented(self.env)
        if module_name in public_submodules():
            module = submodules()[module_name]
            names = [str(name) for name in module.__all__]
            lines = [f".. py:module:: {module_name}", ""]
            targets = [(name, f"{module_name}.{name}", getattr(module, name)) for name in names]
            documented[module_name] = self.env.docname
        else:
            names = [name for name in public_names() if home(name) == module_name]
            if not names:
                logger.warning(
                    "public-api: %s defines no name of %s.__all__",
                    module_name,
                    PACKAGE,
                    location=self.get_location(),
                    type="public_api",
                    subtype="empty",
                )
                return []
            module = submodules().get(module_name, _package())
            names.sort(key=lambda name: _source_line(module, name))
            lines = [f".. currentmodule:: {PACKAGE}", ""]
            targets = [(name, f"{PACKAGE}.{name}", getattr(_package(), name)) for name in names]
            for name in names:
                documented[name] = self.env.docname
        if "module-doc" in self.options:
            lines += [*_module_doc(module), ""]
        for _, target, value in targets:
            lines += [*_autodoc(target, value, module_name), ""]
        self.state_machine.insert_input(lines, self.get_source_info()[0])
        return []


def _default_text(field: Any) -> str:
    default = field.default
    if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
        default = default.factory()
    if isinstance(default, enum.Enum):
        return f"{type(default).__name__}.{default.name}"
    return repr(default)


def attrs_signature(cls: type) -> str:
    """The constructor of an attrs class as written in its source (types unevaluated)."""
    params: list[str] = []
    keyword_only = False
    written = inspect.get_annotations(cls)  # as in the source: cattrs may resolve field.type
    for field in attrs.fields(cls):
        if not field.init:
            continue
        if field.kw_only and not keyword_only:
            params.append("*")
            keyword_only = True
        text = field.alias or field.name
        annotation = written.get(field.name, field.type)
        if annotation is not None:
            shown = (
                annotation
                if isinstance(annotation, str)
                else stringify_annotation(annotation, "smart")
            )
            text += f": {shown}"
        if field.default is not attrs.NOTHING:
            text += f" = {_default_text(field)}"
        params.append(text)
    return f"({', '.join(params)})"


def _signature(
    app: Sphinx,
    what: str,
    name: str,
    obj: Any,
    options: Any,
    signature: str | None,
    annotation: str | None,
) -> tuple[str | None, str | None] | None:
    if what not in {"class", "exception"} or not inspect.isclass(obj):
        return None
    if issubclass(obj, enum.Enum):
        return "", annotation
    if attrs.has(obj):
        return attrs_signature(obj), annotation
    return None


_FIELD_ALIAS = re.compile(r"^Alias for field number \d+$")


def _docstring(app: Sphinx, what: str, name: str, obj: Any, options: Any, lines: list[str]) -> None:
    # Named tuples' fields say only "Alias for field number N": the class documents them.
    if len(lines) == 1 and _FIELD_ALIAS.match(lines[0]):
        lines.clear()


_TABLE = NameTable("public_api_documented")
_documented = _TABLE.get


def missing(documented: dict[str, str]) -> Iterator[str]:
    """Exported names and public submodules the reference does not document."""
    for name in public_names():
        if name not in documented:
            yield name
    for module_name in public_submodules():
        if module_name not in documented:
            yield module_name


def _check(app: Sphinx, env: BuildEnvironment) -> None:
    for name in missing(_documented(env)):
        where = name if name.startswith(PACKAGE + ".") else home(name)
        logger.warning(
            "%s is public but not in the API reference: add '.. public-api:: %s' to docs/api.rst",
            name,
            where.removeprefix(PACKAGE + "."),
            type="public_api",
            subtype="missing",
        )


def setup(app: Sphinx) -> ExtensionMetadata:
    app.add_directive("public-api", PublicApi)
    _TABLE.connect(app)
    app.connect("env-check-consistency", _check)
    app.connect("autodoc-process-signature", _signature)
    app.connect("autodoc-process-docstring", _docstring)
    return {
        "version": "1",
        "parallel_read_safe": True,
        "parallel_write_safe": True,
        "env_version": 1,
    }
