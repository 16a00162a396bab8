"""A small valid standard, written as TOML, for tests to change one thing at a time."""

from __future__ import annotations

import tomllib
from decimal import Decimal
from typing import Any

import tomli_w

import community_standards as cs

MINIMAL = """
schema = 1
id = "mini"
version = "1.0"
title = { zh = "小标准", en = "Mini standard" }
total_points = 10
pass_mark = 6

[[facts]]
key = "clean"
kind = "boolean"
description = { zh = "环境整洁", en = "the area is clean" }

[[facts]]
key = "training"
kind = "quantity"
unit = "hour"
minimum = 0
description = { zh = "培训时长", en = "training time" }

[[facts]]
key = "consulted"
kind = "count"
unit = "household"
description = { zh = "听取意见户数", en = "households consulted" }

[[facts]]
key = "affected"
kind = "count"
unit = "household"
description = { zh = "涉及户数", en = "households affected" }

[[categories]]
id = "environment"
title = { zh = "环境", en = "Environment" }
points = 4

[[categories.indicators]]
id = "clean-area"
number = "1"
text = { zh = "环境整洁", en = "The area is clean" }
points = 4

[[categories.indicators.checks]]
kind = "boolean"
fact = "clean"

[[categories]]
id = "governance"
title = { zh = "治理", en = "Governance" }
points = 6

[[categories.indicators]]
id = "training-hours"
number = "2"
text = { zh = "培训不少于2小时", en = "At least 2 hours of training" }
points = 2.5

[[categories.indicators.checks]]
kind = "threshold"
fact = "training"
minimum = "2 hour"

[[categories.indicators]]
id = "consultation"
number = "3"
text = { zh = "听取意见不少于涉及户数的三分之二", en = "At least two thirds of affected households consulted" }
points = 3.5

[[categories.indicators.checks]]
kind = "ratio"
numerator = "consulted"
denominator = "affected"
minimum = "2/3"
"""


def document(**changes: Any) -> dict[str, Any]:
    """The minimal standard as a dict, with top-level keys changed."""
    data = tomllib.loads(MINIMAL, parse_float=Decimal)
    data.update(changes)
    return data


def text(data: dict[str, Any]) -> str:
    """A document dict as TOML."""
    return tomli_w.dumps(data)


def standard(**changes: Any) -> cs.Standard:
    """The minimal standard, loaded and validated, with top-level keys changed."""
    return cs.loads_standard(text(document(**changes)), "mini.toml")


def evidence(std: cs.Standard, facts: dict[str, Any], **extra: Any) -> cs.Evidence:
    """Evidence for a test community."""
    data: dict[str, Any] = {"community": {"id": "c1", "name": "测试社区"}, "facts": facts, **extra}
    return cs.evidence_from_dict(data, std, "c1.toml")
