"""Sphinx configuration for the community_standards documentation.

Build the site with ``sphinx-build -n -W --keep-going -b html docs docs/_build/html`` and
run every example with ``sphinx-build -n -W -b doctest docs docs/_build/doctest``.
Both work offline; set ``DOCS_INTERSPHINX=1`` to link to the Python, attrs, cattrs and
pint documentation (this downloads their inventories).
"""

from __future__ import annotations

import doctest
import os
import sys
from pathlib import Path

DOCS = Path(__file__).resolve().parent
ROOT = DOCS.parent
sys.path.insert(0, str(DOCS / "_ext"))

import community_standards  # noqa: E402

project = "community_standards"
author = "community_standards developers"
copyright = "2026, community_standards developers"
release = community_standards.__version__
version = ".".join(release.split(".")[:2])
language = "en"
today_fmt = "%Y-%m-%d"

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.doctest",
    "sphinx.ext.intersphinx",
    "myst_parser",
    "public_api",
    "standard_pages",
    "cli_output",
]

source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
root_doc = "index"
exclude_patterns = ["_build", "Thumbs.db", ".DS_Store", "**/README.md"]
templates_path: list[str] = []

# Every cross-reference must resolve: the build runs with -n -W.
nitpicky = True

# -- Outside references ---------------------------------------------------------------
# The CI build has no network. Intersphinx inventories are fetched only when asked for;
# without them, references to outside names are left as plain text (listed below), so
# the offline build stays free of warnings. With the inventories they become links.
if os.environ.get("DOCS_INTERSPHINX") == "1":
    intersphinx_mapping = {
        "python": ("https://docs.python.org/3", None),
        "attrs": ("https://www.attrs.org/en/stable", None),
        "cattrs": ("https://catt.rs/en/stable", None),
        "pint": ("https://pint.readthedocs.io/en/stable", None),
    }
else:
    intersphinx_mapping = {}
intersphinx_timeout = 10

_OUTSIDE = sorted(sys.stdlib_module_names | {"attrs", "attr", "cattrs", "pint", "tomli_w"})
nitpick_ignore_regex = [
    # Names from the standard library and the libraries the package builds on
    # (``decimal.Decimal``, ``datetime.date``, ``importlib.resources.abc.Traversable``...).
    (r"py:.*", rf"(?:{'|'.join(_OUTSIDE)})(?:\..+)?"),
    # The same names as the signatures show them, without their module.
    (r"py:.*", r"Decimal|Fraction|date|Traversable|PathLike|TextIO|TypeAlias|Any"),
    (r"py:.*", r"Iterable|Iterator|Sequence|Mapping|MutableMapping|Callable|Hashable"),
]

# Texts from the standards are shown exactly as written: no typographic quotes.
smartquotes = False

# -- Autodoc ----------------------------------------------------------------------------
autodoc_member_order = "bysource"
autodoc_typehints = "signature"
autodoc_typehints_format = "short"
autodoc_preserve_defaults = False
autodoc_class_signature = "mixed"
autodoc_default_options = {"members": True}
add_module_names = False
python_use_unqualified_type_names = True
python_display_short_literal_types = True

# -- MyST -------------------------------------------------------------------------------
myst_enable_extensions = ["colon_fence", "deflist", "fieldlist", "attrs_inline"]
myst_heading_anchors = 3

# -- Doctest ----------------------------------------------------------------------------
# Examples run from the repository root, as a reader following them would; a page may
# change folder in its own ``testsetup``. The folder is restored after every group.
doctest_global_setup = f"""
import os
import pathlib
import community_standards as cs
DOCS = pathlib.Path({str(DOCS)!r})
ROOT = pathlib.Path({str(ROOT)!r})
os.chdir(ROOT)
os.environ.pop("COMMUNITY_STANDARDS_PATH", None)
"""
doctest_global_cleanup = f"""
os.chdir({os.getcwd()!r})
"""
doctest_default_flags = (
    doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE | doctest.DONT_ACCEPT_TRUE_FOR_1
)

# -- HTML -------------------------------------------------------------------------------
html_theme = "furo"
html_title = f"community_standards {release}"
html_static_path: list[str] = []
html_last_updated_fmt = None
html_copy_source = False
html_show_sourcelink = False
