"""Impact of a change of standard: score the same communities under both versions.

:func:`impact` scores each community's evidence under standard A and under standard B
and reports, per community, both totals, the difference, the verdict and tier under
each, and whether anything changed; plus how many communities gain the rating, lose it,
or keep their verdict. All arithmetic is exact (:class:`~fractions.Fraction`).

Evidence is read against each standard separately, exactly as ``score`` reads it, with
one allowance: a fact (or a judgement, or a not-applicable claim) that only one of the
two standards knows is ignored for the other one. Evidence naming something *neither*
standard knows is still an error, with a did-you-mean, so typos are caught as strictly
as ever. This lets one set of evidence files serve both versions when B drops an
indicator (and with it the facts only that indicator used) or adds one with new facts;
a derived standard normally shares its base's facts, so for most pairs nothing is
ignored at all.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import enum
import os
from collections.abc import Iterable, Iterator, Mapping
from fractions import Fraction
from pathlib import Path
from typing import Any

import attrs

from ..formats.evidence import read_evidence_document
from ..model.errors import EvidenceError
from ..model.evidence import Community
from ..model.standard import Standard, Tier
from ..scoring.evaluate import score
from ..scoring.reading import evidence_from_dict
from ..scoring.scorecard import Scorecard

__all__ = [
    "CommunityImpact",
    "Impact",
    "Movement",
    "evidence_paths",
    "impact",
    "impact_files",
]


class Movement(enum.StrEnum):
    """How a community's verdict moves from standard A to standard B.

    .. versionadded:: 0.1.0
    """

    GAINED = "gained"
    LOST = "lost"
    UNCHANGED = "unchanged"


@attrs.frozen(kw_only=True)
class CommunityImpact:
    """One community scored under both standards.

    .. versionadded:: 0.1.0
    """

    source: str
    community: Community
    a: Scorecard
    b: Scorecard

    @property
    def difference(self) -> Fraction:
        """The total under B less the total under A (exact)."""
        return self.b.total - self.a.total

    @property
    def movement(self) -> Movement:
        """Whether the community gains the rating, loses it, or keeps its verdict."""
        if self.a.passed == self.b.passed:
            return Movement.UNCHANGED
        return Movement.GAINED if self.b.passed else Movement.LOST

    @property
    def changed(self) -> bool:
        """Whether the total, the verdict or the tier differs between A and B."""
        a, b = self.a, self.b
        return (a.total, a.passed, a.tier) != (b.total, b.passed, b.tier)


@attrs.frozen(kw_only=True)
class Impact:
    """The communities scored under standards ``a`` and ``b`` (both ``ID@VERSION``).

    .. versionadded:: 0.1.0
    """

    a: str
    b: str
    communities: tuple[CommunityImpact, ...] = ()
    #: The tiers of A and of B, for their titles in reports.
    tiers_a: tuple[Tier, ...] = ()
    tiers_b: tuple[Tier, ...] = ()

    def count(self, movement: Movement) -> int:
        """How many communities move as ``movement``."""
        return sum(1 for item in self.communities if item.movement is movement)

    @property
    def gained(self) -> int:
        """Communities that fail under A and pass under B."""
        return self.count(Movement.GAINED)

    @property
    def lost(self) -> int:
        """Communities that pass under A and fail under B."""
        return self.count(Movement.LOST)

    @property
    def unchanged(self) -> int:
        """Communities with the same verdict under both."""
        return self.count(Movement.UNCHANGED)

    @property
    def changed(self) -> int:
        """Communities whose total, verdict or tier differs."""
        return sum(1 for item in self.communities if item.changed)


def _only_for(document: Mapping[str, Any], standard: Standard, other: Standard) -> dict[str, Any]:
    """``document`` without what only ``other`` knows (see the module documentation)."""
    facts = {fact.key for fact in standard.facts}
    other_facts = {fact.key for fact in other.facts} - facts
    indicators = {indicator.id for _, indicator in standard.indicators()}
    other_indicators = {indicator.id for _, indicator in other.indicators()} - indicators
    trimmed = dict(document)
    for name, foreign in (
        ("facts", other_facts),
        ("judgements", other_indicators),
        ("not_applicable", other_indicators),
    ):
        table = document.get(name)
        if isinstance(table, dict):
            trimmed[name] = {key: value for key, value in table.items() if key not in foreign}
    return trimmed


def impact(
    a: Standard,
    b: Standard,
    documents: Iterable[tuple[str, Mapping[str, Any]]],
    *,
    strict: bool = False,
) -> Impact:
    """Score each evidence document under ``a`` and under ``b``.

    ``documents`` gives ``(source, parsed evidence document)`` pairs. Raises
    :class:`EvidenceError` (naming the source) for evidence that does not fit; see the
    module documentation for facts only one standard declares. ``strict`` makes a
    missing fact an error, as ``score --strict`` does.

    .. versionadded:: 0.1.0
    """
    found = []
    for source, document in documents:
        evidence_a = evidence_from_dict(_only_for(document, a, b), a, source, strict=strict)
        evidence_b = evidence_from_dict(_only_for(document, b, a), b, source, strict=strict)
        found.append(
            CommunityImpact(
                source=source,
                community=evidence_a.community,
                a=score(a, evidence_a),
                b=score(b, evidence_b),
            )
        )
    return Impact(
        a=a.ref, b=b.ref, communities=tuple(found), tiers_a=tuple(a.tiers), tiers_b=tuple(b.tiers)
    )


#: The suffixes of evidence files a folder is searched for.
_EVIDENCE_SUFFIXES = frozenset({".toml", ".json", ".xlsx"})


def evidence_paths(paths: Iterable[str | os.PathLike[str]]) -> Iterator[Path]:
    """Yield the evidence files ``paths`` names: files as given, and in folders every
    ``.toml``, ``.json`` and ``.xlsx`` file, sorted (the formats ``score`` reads).

    .. versionadded:: 0.1.0
    """
    for item in paths:
        path = Path(item)
        if path.is_dir():
            yield from sorted(
                p for p in path.iterdir() if p.suffix.lower() in _EVIDENCE_SUFFIXES and p.is_file()
            )
        elif path.exists():
            yield path
        else:
            raise EvidenceError(str(path), "no such evidence file or folder")


def impact_files(
    a: Standard,
    b: Standard,
    paths: Iterable[str | os.PathLike[str]],
    *,
    strict: bool = False,
) -> Impact:
    """Read evidence files (and folders of them) and return their :func:`impact`.

    .. versionadded:: 0.1.0
    """
    documents = ((str(path), read_evidence_document(path)) for path in evidence_paths(paths))
    return impact(a, b, documents, strict=strict)
