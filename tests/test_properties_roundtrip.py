"""Property tests of the file formats and reports: lossless round trips, stable bytes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import tomli_w
from hypothesis import given
from hypothesis import strategies as st

import community_standards as cs
from community_standards.formats.standard import dumps_json
from community_standards.reports.scorecard import (
    scorecard_markdown,
    scorecard_text,
    scorecard_to_dict,
)
from strategies import Generated, evidence_toml, standards, standards_and_evidence

ROOT = Path(__file__).resolve().parent.parent


@given(standards())
def test_standard_toml_round_trip_is_lossless_and_stable(generated: Generated) -> None:
    text = cs.dumps_standard(generated.standard)
    loaded = cs.loads_standard(text, "generated.toml")
    assert loaded == generated.standard
    assert cs.dumps_standard(loaded) == text


@given(standards())
def test_standard_json_round_trip_is_lossless_and_stable(generated: Generated) -> None:
    text = cs.standard_to_json(generated.standard)
    assert isinstance(json.loads(text), dict)
    loaded = cs.loads_standard(text, "generated.json", fmt="json")
    assert loaded == generated.standard
    assert cs.standard_to_json(loaded) == text
    assert cs.dumps_standard(loaded) == cs.dumps_standard(generated.standard)


def test_tianjin_round_trips(tianjin: cs.Standard) -> None:
    toml_text = cs.dumps_standard(tianjin)
    assert cs.loads_standard(toml_text) == tianjin
    json_text = cs.standard_to_json(tianjin)
    assert cs.loads_standard(json_text, fmt="json") == tianjin
    assert cs.dumps_standard(cs.loads_standard(json_text, fmt="json")) == toml_text


@given(standards_and_evidence())
def test_evidence_round_trip_is_lossless(case: tuple[Generated, cs.Evidence]) -> None:
    generated, evidence = case
    document = cs.evidence_to_dict(evidence, generated.standard)
    text = tomli_w.dumps(document)
    loaded = cs.loads_evidence(text, generated.standard, "evidence.toml")
    assert loaded == evidence
    assert cs.evidence_to_dict(loaded, generated.standard) == document
    # the generators' own writer (bare numbers in the declared units) agrees
    assert cs.loads_evidence(evidence_toml(generated, evidence), generated.standard) == evidence


def _reports(standard: cs.Standard, evidence: cs.Evidence) -> list[bytes]:
    card = cs.score(standard, evidence)
    out = [dumps_json(scorecard_to_dict(card)).encode("utf-8")]
    for language in ("zh", "en"):
        out.append(scorecard_markdown(card, standard, language).encode("utf-8"))
        out.append(scorecard_text(card, standard, language).encode("utf-8"))
    return out


@given(st.data())
def test_reports_are_byte_identical_for_the_same_input(data: st.DataObject) -> None:
    generated, evidence = data.draw(standards_and_evidence())
    first = _reports(generated.standard, evidence)
    assert _reports(generated.standard, evidence) == first
    # the same input read again from its files, evidence facts in another order
    standard = cs.loads_standard(cs.dumps_standard(generated.standard), "again.toml")
    order = data.draw(st.permutations(list(evidence.facts)))
    again = cs.loads_evidence(evidence_toml(generated, evidence, order=order), standard)
    assert _reports(standard, again) == first
    report = json.loads(first[0])
    assert report["total"] is not None
    assert [item["id"] for item in report["indicators"]] == [
        indicator.id for _, indicator in generated.standard.indicators()
    ]


def test_cli_output_does_not_depend_on_hash_randomisation(tmp_path: Path) -> None:
    evidence = tmp_path / "community.toml"
    evidence.write_text(
        '[community]\nid = "c1"\nname = "示例社区"\n\n[facts]\n'
        'households = "4200 household"\ngrid_workers = "10 person"\nparty_org_sound = true\n'
        'worker_appraisal_satisfaction_rate = "78 %"\n\n'
        '[judgements.roads]\nresult = "partly_met"\n',
        encoding="utf-8",
    )
    outputs = []
    for seed in ("1", "2", "3"):
        run = []
        for fmt in ("json", "markdown", "text"):
            result = subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "community_standards",
                    "score",
                    str(evidence),
                    "--format",
                    fmt,
                ],
                capture_output=True,
                check=True,
                env={**os.environ, "PYTHONHASHSEED": seed},
                cwd=tmp_path,
            )
            run.append(result.stdout)
        outputs.append(run)
    assert outputs[0] == outputs[1] == outputs[2]
    assert b'"total"' in outputs[0][0]
