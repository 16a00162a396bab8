"""Report writers: scorecards as JSON-ready dicts, plain text and Markdown; evidence
templates as commented TOML or as an ``.xlsx`` workbook (with the ``xlsx`` extra).

.. versionadded:: 0.1.0
"""

from __future__ import annotations

from ._describe import describe_check, standard_summary, standard_text
from ._format import dumps_json, json_ready
from ._report import scorecard_markdown, scorecard_text, scorecard_to_dict
from ._scoring import show_number
from ._spreadsheet import evidence_workbook, read_evidence_workbook
from ._template import evidence_template

__all__ = [
    "describe_check",
    "dumps_json",
    "evidence_template",
    "evidence_workbook",
    "json_ready",
    "read_evidence_workbook",
    "scorecard_markdown",
    "scorecard_text",
    "scorecard_to_dict",
    "show_number",
    "standard_summary",
    "standard_text",
]
