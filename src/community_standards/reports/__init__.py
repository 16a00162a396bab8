"""Report writers: scorecards, gap analyses and comparisons as JSON-ready dicts, plain text and Markdown; a city's
summary as Markdown and JSON; evidence templates as commented TOML or as an ``.xlsx`` workbook (with the ``xlsx`` extra).

.. versionadded:: 0.1.0
"""

from __future__ import annotations

from ..formats.standard import dumps_json, json_ready
from ..formats.template import evidence_template
from ..formats.workbook import evidence_workbook, read_evidence_workbook
from ..messages.checks import describe_check
from ..units.numbers import show_number
from .compare import compare_markdown, compare_text
from .gap import gap_markdown, gap_text
from .scorecard import scorecard_markdown, scorecard_text, scorecard_to_dict
from .standard import standard_summary, standard_text
from .summary import summary_json, summary_markdown

__all__ = [
    "compare_markdown",
    "compare_text",
    "describe_check",
    "dumps_json",
    "evidence_template",
    "evidence_workbook",
    "gap_markdown",
    "gap_text",
    "json_ready",
    "read_evidence_workbook",
    "scorecard_markdown",
    "scorecard_text",
    "scorecard_to_dict",
    "show_number",
    "standard_summary",
    "standard_text",
    "summary_json",
    "summary_markdown",
]
