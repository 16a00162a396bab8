"""What several sub-commands read the same way: an evidence file and the standard it names.

.. versionadded:: 0.2.0
"""

from __future__ import annotations

import attrs

from ..model.errors import EvidenceError, Problem, ResolutionError
from ..model.evidence import Evidence
from ..model.standard import Standard
from ..scoring.scorecard import Scorecard
from ..versions.registry import Registry

__all__ = ["DEFAULT_STANDARD", "Assessment", "assessment", "evidence_and_standard"]

#: The standard used when neither the command line nor the evidence names one.
DEFAULT_STANDARD = "tianjin-beautiful-community@2017"


def evidence_and_standard(
    path: str, registry: Registry, reference: str | None = None, *, strict: bool = False
) -> tuple[Standard, Evidence]:
    """Read the evidence file ``path`` and the standard ``reference`` (else the one the
    file names, else :data:`DEFAULT_STANDARD`); a bad reference in the file is an error
    at its key."""
    from ..formats.evidence import read_evidence_document
    from ..scoring.reading import evidence_from_dict

    document = read_evidence_document(path)
    named = reference or document.get("standard") or DEFAULT_STANDARD
    if not isinstance(named, str):
        raise EvidenceError(
            path, [Problem("standard", 'expected a reference such as "id@version"')]
        )
    try:
        standard = registry.load(named)
    except ResolutionError as error:
        if reference:
            raise
        raise EvidenceError(path, [Problem("standard", error.problems[0].message)]) from None
    return standard, evidence_from_dict(document, standard, path, strict=strict)


@attrs.frozen(kw_only=True)
class Assessment:
    """One assessment read from a file: its scorecard, the standard when it is known (for
    the texts), and the evidence's implausible values."""

    card: Scorecard
    standard: Standard | None
    warnings: tuple[Problem, ...] = ()


def assessment(
    path: str, registry: Registry, reference: str | None = None, *, strict: bool = False
) -> Assessment:
    """An assessment from ``path``: the JSON of ``score --format json`` read back (with the
    warnings it kept), or an evidence file scored."""
    from ..analysis.cards import is_scorecard_document, scorecard_from_dict, warnings_from_dict
    from ..formats.evidence import read_evidence_document
    from ..scoring.evaluate import score

    if path.lower().endswith(".json"):
        document = read_evidence_document(path)
        if is_scorecard_document(document):
            card = scorecard_from_dict(document, path)
            try:
                found: Standard | None = registry.load(card.standard.ref)
            except ResolutionError:
                found = None
            return Assessment(
                card=card, standard=found, warnings=warnings_from_dict(document, path)
            )
    standard, evidence = evidence_and_standard(path, registry, reference, strict=strict)
    return Assessment(card=score(standard, evidence), standard=standard, warnings=evidence.warnings)
