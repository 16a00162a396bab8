"""Rate communities against indicator standards kept as data: exactly and explainably.

The public names below are loaded when first used (PEP 562), so ``import
community_standards`` is cheap and ``score`` does not load diffs, impact or derivation.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .analysis.summary import (
        Band,
        CategoryShare,
        CitySummary,
        DistrictSummary,
        IndicatorShortfall,
        NearMiss,
        summarise,
    )
    from .formats.evidence import (
        evidence_from_dict,
        evidence_to_dict,
        load_evidence,
        loads_evidence,
        looks_like_evidence,
        read_evidence_document,
    )
    from .formats.standard import (
        dumps_standard,
        load_standard,
        loads_standard,
        standard_from_dict,
        standard_to_dict,
        standard_to_json,
    )
    from .formats.table import RowProblem
    from .model.errors import (
        CommunityStandardsError,
        EvidenceError,
        Problem,
        ResolutionError,
        StandardError,
    )
    from .model.evidence import Community, Evidence, FactValue, Judgement, JudgementResult
    from .model.refs import parse_ref, version_key
    from .model.standard import (
        Aggregation,
        AllOf,
        AnyOf,
        AssessedCheck,
        Award,
        BooleanCheck,
        Category,
        Check,
        Condition,
        Deduction,
        Department,
        Fact,
        FactKind,
        FrequencyCheck,
        Indicator,
        Limit,
        NotApplicablePolicy,
        RatioCheck,
        Role,
        Standard,
        Status,
        Text,
        ThresholdCheck,
        Tier,
    )
    from .model.validate import standard_problems, validate_standard
    from .reports.diff import diff_markdown, diff_text, diff_to_dict
    from .reports.impact import impact_markdown, impact_text, impact_to_dict
    from .scoring.evaluate import score, score_many
    from .scoring.scorecard import (
        CategoryResult,
        IndicatorResult,
        IndicatorStatus,
        Reason,
        Scorecard,
        StandardStamp,
    )
    from .versions.derive import derive, derived_overrides
    from .versions.diff import (
        Change,
        ChangeKind,
        StandardDiff,
        diff,
    )
    from .versions.impact import (
        CommunityImpact,
        Impact,
        Movement,
        impact,
        impact_files,
    )
    from .versions.registry import (
        DEFAULT_STANDARD,
        ENTRY_POINT_GROUP,
        ENV_VAR,
        Entry,
        Registry,
        default_registry,
        resolve,
        standard_for_evidence,
    )

#: Where each public name is defined (module relative to this package).
_EXPORTS: dict[str, str] = {
    "CitySummary": ".analysis.summary",
    "Band": ".analysis.summary",
    "CategoryShare": ".analysis.summary",
    "DistrictSummary": ".analysis.summary",
    "IndicatorShortfall": ".analysis.summary",
    "NearMiss": ".analysis.summary",
    "summarise": ".analysis.summary",
    "RowProblem": ".formats.table",
    "Community": ".model.evidence",
    "Evidence": ".model.evidence",
    "FactValue": ".model.evidence",
    "Judgement": ".model.evidence",
    "JudgementResult": ".model.evidence",
    "evidence_from_dict": ".formats.evidence",
    "evidence_to_dict": ".formats.evidence",
    "load_evidence": ".formats.evidence",
    "loads_evidence": ".formats.evidence",
    "read_evidence_document": ".formats.evidence",
    "looks_like_evidence": ".formats.evidence",
    "standard_for_evidence": ".versions.registry",
    "DEFAULT_STANDARD": ".versions.registry",
    "dumps_standard": ".formats.standard",
    "load_standard": ".formats.standard",
    "loads_standard": ".formats.standard",
    "standard_from_dict": ".formats.standard",
    "standard_to_dict": ".formats.standard",
    "standard_to_json": ".formats.standard",
    "CommunityStandardsError": ".model.errors",
    "EvidenceError": ".model.errors",
    "Problem": ".model.errors",
    "ResolutionError": ".model.errors",
    "StandardError": ".model.errors",
    "parse_ref": ".model.refs",
    "version_key": ".model.refs",
    "Aggregation": ".model.standard",
    "AllOf": ".model.standard",
    "AnyOf": ".model.standard",
    "AssessedCheck": ".model.standard",
    "Award": ".model.standard",
    "BooleanCheck": ".model.standard",
    "Category": ".model.standard",
    "Check": ".model.standard",
    "Condition": ".model.standard",
    "Deduction": ".model.standard",
    "Department": ".model.standard",
    "Fact": ".model.standard",
    "FactKind": ".model.standard",
    "FrequencyCheck": ".model.standard",
    "Indicator": ".model.standard",
    "Limit": ".model.standard",
    "NotApplicablePolicy": ".model.standard",
    "RatioCheck": ".model.standard",
    "Role": ".model.standard",
    "Standard": ".model.standard",
    "Status": ".model.standard",
    "Text": ".model.standard",
    "ThresholdCheck": ".model.standard",
    "Tier": ".model.standard",
    "standard_problems": ".model.validate",
    "validate_standard": ".model.validate",
    "score": ".scoring.evaluate",
    "score_many": ".scoring.evaluate",
    "CategoryResult": ".scoring.scorecard",
    "IndicatorResult": ".scoring.scorecard",
    "IndicatorStatus": ".scoring.scorecard",
    "Reason": ".scoring.scorecard",
    "Scorecard": ".scoring.scorecard",
    "StandardStamp": ".scoring.scorecard",
    "derive": ".versions.derive",
    "derived_overrides": ".versions.derive",
    "resolve": ".versions.registry",
    "Change": ".versions.diff",
    "ChangeKind": ".versions.diff",
    "StandardDiff": ".versions.diff",
    "diff": ".versions.diff",
    "diff_markdown": ".reports.diff",
    "diff_text": ".reports.diff",
    "diff_to_dict": ".reports.diff",
    "CommunityImpact": ".versions.impact",
    "Impact": ".versions.impact",
    "Movement": ".versions.impact",
    "impact": ".versions.impact",
    "impact_files": ".versions.impact",
    "impact_markdown": ".reports.impact",
    "impact_text": ".reports.impact",
    "impact_to_dict": ".reports.impact",
    "ENTRY_POINT_GROUP": ".versions.registry",
    "ENV_VAR": ".versions.registry",
    "Entry": ".versions.registry",
    "Registry": ".versions.registry",
    "default_registry": ".versions.registry",
}

__all__ = [
    "DEFAULT_STANDARD",
    "ENTRY_POINT_GROUP",
    "ENV_VAR",
    "Aggregation",
    "AllOf",
    "AnyOf",
    "AssessedCheck",
    "Award",
    "Band",
    "BooleanCheck",
    "Category",
    "CategoryResult",
    "CategoryShare",
    "Change",
    "ChangeKind",
    "Check",
    "CitySummary",
    "Community",
    "CommunityImpact",
    "CommunityStandardsError",
    "Condition",
    "Deduction",
    "Department",
    "DistrictSummary",
    "Entry",
    "Evidence",
    "EvidenceError",
    "Fact",
    "FactKind",
    "FactValue",
    "FrequencyCheck",
    "Impact",
    "Indicator",
    "IndicatorResult",
    "IndicatorShortfall",
    "IndicatorStatus",
    "Judgement",
    "JudgementResult",
    "Limit",
    "Movement",
    "NearMiss",
    "NotApplicablePolicy",
    "Problem",
    "RatioCheck",
    "Reason",
    "Registry",
    "ResolutionError",
    "Role",
    "RowProblem",
    "Scorecard",
    "Standard",
    "StandardDiff",
    "StandardError",
    "StandardStamp",
    "Status",
    "Text",
    "ThresholdCheck",
    "Tier",
    "__version__",
    "default_registry",
    "derive",
    "derived_overrides",
    "diff",
    "diff_markdown",
    "diff_text",
    "diff_to_dict",
    "dumps_standard",
    "evidence_from_dict",
    "evidence_to_dict",
    "impact",
    "impact_files",
    "impact_markdown",
    "impact_text",
    "impact_to_dict",
    "load_evidence",
    "load_standard",
    "loads_evidence",
    "loads_standard",
    "looks_like_evidence",
    "parse_ref",
    "read_evidence_document",
    "resolve",
    "score",
    "score_many",
    "standard_for_evidence",
    "standard_from_dict",
    "standard_problems",
    "standard_to_dict",
    "standard_to_json",
    "summarise",
    "validate_standard",
    "version_key",
]


def __getattr__(name: str) -> Any:
    if name == "__version__":
        from importlib.metadata import version

        value: Any = version("community-standards")
    elif name in _EXPORTS:
        value = getattr(importlib.import_module(_EXPORTS[name], __name__), name)
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
