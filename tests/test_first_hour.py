"""A new user's first hour: the small frictions of the command line, each fixed."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from community_standards.cli import main


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_the_city_table_template_is_csv_by_default(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "template", "--table")
    assert code == 0, err
    header = out.splitlines()[0].split(",")
    assert header[:2] == ["community.id", "community.name"]
    assert any(name.startswith("households") for name in header)


def test_the_city_table_template_follows_the_suffix(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    target = tmp_path / "city.xlsx"
    code, _, err = run(capsys, "template", "--table", "-o", str(target))
    assert code == 0, err
    assert target.read_bytes()[:2] == b"PK"


@pytest.mark.parametrize(
    ("good", "bad", "expected"),
    [
        (1, 1, "1 community scored, 0 passed; 1 problem in the input"),
        (2, 3, "2 communities scored, 0 passed; 3 problems in the input"),
    ],
)
def test_the_batch_tally_counts_in_words(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, good: int, bad: int, expected: str
) -> None:
    table = tmp_path / "city.csv"
    run(capsys, "template", "--table", "-o", str(table))
    header = table.read_text(encoding="utf-8").strip().split(",")
    households = next(i for i, name in enumerate(header) if name.startswith("households"))
    rows = []
    for i in range(good + bad):
        cells = [f"c{i}", f"社区{i}"] + [""] * (len(header) - 2)
        if i >= good:
            cells[households] = "四千"
        rows.append(",".join(cells))
    table.write_text(",".join(header) + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    code, _, err = run(capsys, "batch", str(table), "--quiet", "--lang", "en")
    assert code == 2
    assert err.splitlines()[-1] == expected


ROOT = Path(__file__).resolve().parent.parent
EVIDENCE = ROOT / "examples" / "evidence"
DERIVED = ROOT / "examples" / "derived"
HEXI = ["--standards-path", str(DERIVED), "--standard", "hexi-beautiful-community@2024"]


@pytest.mark.parametrize("language", ["zh", "en"])
def test_tiers_are_shown_by_their_title(capsys: pytest.CaptureFixture[str], language: str) -> None:
    title = {"zh": "美丽社区示范点", "en": "Model beautiful community"}[language]
    chunhuili = str(EVIDENCE / "chunhuili_pass.toml")
    code, out, err = run(capsys, "compare", chunhuili, chunhuili, *HEXI, "--lang", language)
    assert code == 0, err
    assert out.splitlines()[1].endswith(f", {title}")
    code, out, err = run(capsys, "gap", chunhuili, *HEXI, "--target", "model", "--lang", language)
    assert code == 0, err
    assert f": {title} (95)" in out.splitlines()[1]
    argv = ["--standards-path", str(DERIVED), "impact", "tianjin-beautiful-community@2017"]
    argv += ["hexi-beautiful-community@2024", chunhuili, "--lang", language]
    code, out, err = run(capsys, *argv)
    assert code == 0, err
    assert title in out
    assert " model " not in out


def test_the_html_scorecard_shows_the_tier_by_its_title() -> None:
    pytest.importorskip("jinja2")
    import community_standards as cs
    from community_standards.reports.html import scorecard_html

    registry = cs.Registry([DERIVED], plugins=False, environment=False)
    hexi = registry.get("hexi-beautiful-community@2024")
    card = cs.score(hexi, cs.load_evidence(EVIDENCE / "chunhuili_pass.toml", hexi))
    assert card.tier == "model"
    assert 'id="tier">美丽社区示范点<' in scorecard_html(card, hexi, "zh")
    assert 'id="tier">Model beautiful community<' in scorecard_html(card, hexi, "en")


# -- long texts are wrapped, never cut mid-word ------------------------------------------

LONG_EN = (
    "Roads in the community are level and well drained throughout the year, kerbs and "
    "ramps are complete at every crossing, and getting around is convenient for residents "
    "in wheelchairs, for parents with prams and for elderly residents walking with sticks;"
)
LONG_ZH = (
    "社区内道路平整、排水通畅，全年无积水，每个路口的路缘石和坡道完整，轮椅使用者、推婴儿车的家长"
    "和拄拐杖的老年居民出行方便，损坏路面在接到报修后不超过72小时内修复；"
)


@pytest.fixture
def long_texts(tmp_path: Path) -> Path:
    """A derived standard whose 'roads' item has a long text, and evidence for it."""
    (tmp_path / "long.toml").write_text(
        'extends = "tianjin-beautiful-community@2017"\nid = "long-texts"\nversion = "1"\n\n'
        f'[indicators.roads]\ntext = {{ zh = "{LONG_ZH}", en = "{LONG_EN}" }}\n'
        f'note = {{ zh = "{LONG_ZH}", en = "{LONG_EN}" }}\n'
        f'checks = [{{ kind = "assessed", label = {{ zh = "{LONG_ZH}", en = "{LONG_EN}" }} }}]\n',
        encoding="utf-8",
    )
    source = (EVIDENCE / "chunhuili_pass.toml").read_text(encoding="utf-8")
    source = source.replace(
        'standard = "tianjin-beautiful-community@2017"', 'standard = "long-texts@1"'
    )
    source = source.replace(
        'note = "两处路面破损待修 / two damaged road sections awaiting repair"',
        f'note = "{LONG_ZH} / {LONG_EN}"',
    )
    (tmp_path / "before.toml").write_text(source, encoding="utf-8")
    (tmp_path / "after.toml").write_text(
        source.replace(
            'result = "partly_met"\nnote = "两', 'result = "not_met"\nnote = "两', 1
        ).replace(
            '[judgements.roads]\nresult = "partly_met"', '[judgements.roads]\nresult = "not_met"'
        ),
        encoding="utf-8",
    )
    return tmp_path


def _report_lines(out: str) -> list[str]:
    from community_standards.messages.layout import REPORT_WIDTH, width

    lines = out.splitlines()
    en = {word for word in LONG_EN.split() if len(word) > 6}
    zh = {LONG_ZH[i : i + 3] for i in range(len(LONG_ZH) - 2)}
    for line in lines:  # the lines that carry the long texts
        if en & set(line.split()) or any(chunk in line for chunk in zh):
            assert width(line) <= REPORT_WIDTH, line
    return lines


def _check_wrapped(out: str, language: str) -> None:
    """Every long text in ``out`` is whole: its words in order, none cut, no ellipsis."""
    lines = _report_lines(out)
    if language == "en":
        words = " ".join(line.strip() for line in lines).split()
        expected = LONG_EN.split()
        starts = [i for i in range(len(words)) if words[i : i + len(expected)] == expected]
        assert starts, "the English text is not there whole"
    else:
        flat = "".join(line.strip() for line in lines)
        assert LONG_ZH.replace(" ", "") in flat.replace(" ", "")
    assert "…" not in out


@pytest.mark.parametrize("language", ["zh", "en"])
def test_long_texts_are_wrapped_in_every_text_report(
    capsys: pytest.CaptureFixture[str], long_texts: Path, language: str
) -> None:
    common = ["--standards-path", str(long_texts), "--lang", language]
    before, after = str(long_texts / "before.toml"), str(long_texts / "after.toml")
    for argv in (
        ["show", "long-texts@1"],
        ["score", before],
        ["gap", after, "--target", "100"],
        ["compare", before, after],
    ):
        code, out, err = run(capsys, *argv, *common)
        assert code == 0, (argv, err)
        _check_wrapped(out, language)


def test_the_scorecard_wraps_the_text_column_under_itself(
    capsys: pytest.CaptureFixture[str], long_texts: Path
) -> None:
    code, out, _ = run(
        capsys, "score", str(long_texts / "before.toml"), "--standards-path", str(long_texts),
        "--lang", "en",
    )  # fmt: skip
    assert code == 0
    lines = out.splitlines()
    first = next(i for i, line in enumerate(lines) if line.startswith("  40  Roads in the"))
    column = lines[first].index("Roads")
    following = lines[first + 1]
    assert following[:column].strip() == ""  # the number column is blank there
    assert following[column] != " "  # the text continues under itself
    assert "partly met" in lines[first]  # points and status on the row's first line


_WORDS = st.lists(
    st.one_of(
        st.text(alphabet="abcdefghij0123456789%.,", min_size=1, max_size=12),
        st.text(alphabet="社区道路平整出行方便，。（）“”学时", min_size=1, max_size=6),
    ),
    min_size=1,
    max_size=40,
)


@given(words=_WORDS, limit=st.integers(min_value=8, max_value=60), space=st.booleans())
def test_wrap_keeps_every_character_in_order_within_the_width(
    words: list[str], limit: int, space: bool
) -> None:
    from community_standards.messages.layout import _pieces, width, wrap

    text = (" " if space else "").join(words)
    lines = wrap(text, limit, "> ", "  ")
    assert lines[0].startswith(">")
    flat = "".join(line[2:] for line in lines)
    assert flat.replace(" ", "") == text.replace(" ", "")
    pieces = {piece.strip() for piece in _pieces(" ".join(text.split()))}
    for line in lines:
        # a line is too wide only when it holds one unbreakable piece
        assert width(line) <= limit or line[2:].strip() in pieces, (line, limit)
    if space:  # English words are never cut: each word of the text is on one line
        kept = {word for line in lines for word in line[2:].split()}
        for word in text.split():
            if not any(ch in "社区道路平整出行方便，。（）“”学时" for ch in word):
                assert word in kept, word


# -- units read naturally in each language -------------------------------------------------


def _show(capsys: pytest.CaptureFixture[str], standard: str, language: str) -> str:
    code, out, err = run(capsys, "show", standard, "--lang", language)
    assert code == 0, err
    # long lines are wrapped: join them back (Chinese without the break's space)
    return (" " if language == "en" else "").join(line.strip() for line in out.splitlines())


def test_bounds_read_naturally_in_show(capsys: pytest.CaptureFixture[str]) -> None:
    en = _show(capsys, "tianjin-beautiful-community@2017", "en")
    assert "number of community police officers at least 1 person (community_police_officers)" in en
    assert "number of professional social workers at least 2 persons (" in en
    assert "1 persons" not in en
    # the period is said once: the subject already says "per year"
    assert "community workers per year at least 1 (worker_appraisals_per_year)" in en
    assert "between 300 and 500 households per person" in en
    zh = _show(capsys, "tianjin-beautiful-community@2017", "zh")
    assert "（取两人中较少者）不少于 56 学时" in zh.replace(
        "者） ", "者）"
    )  # counted: 不少于, not 不低于
    assert "专业社会工作者人数不少于 2 人（" in zh
    assert "民主评议每年次数不少于 1 次（worker_appraisals_per_year）" in zh
    assert "次/年" not in zh
    assert "之比不低于 80 %" in zh  # measured: 不低于
    assert "在 300 至 500 户/人 之间" in zh
    example = str(ROOT / "docs" / "reference" / "example-standard.toml")
    assert "at least 2400 minutes (office_hours)" in _show(capsys, example, "en")
    assert "不低于 2400 分钟（office_hours）" in _show(capsys, example, "zh")


def test_a_rate_without_its_period_in_the_subject_names_it() -> None:
    from fractions import Fraction

    from community_standards.messages.amounts import bound

    assert bound("maximum", Fraction(24), "hour", "zh") == "不高于 24 小时"
    assert bound("maximum", Fraction(1), "hour", "en") == "at most 1 hour"
    assert bound("minimum", Fraction(2), "1/year", "zh", subject="居民议事会") == "每年不少于 2 次"
    assert (
        bound("minimum", Fraction(2), "1/year", "en", subject="meetings") == "at least 2 per year"
    )
    assert bound("less_than", Fraction(3), "household", "zh") == "少于 3 户"


def test_reasons_name_units_in_each_language(capsys: pytest.CaptureFixture[str]) -> None:
    failing = str(EVIDENCE / "haitangyuan_fail.toml")
    _, en, _ = run(capsys, "score", failing, "--lang", "en")
    assert "52 class periods < 56 class periods" in en
    assert "45 persons < 50 persons" in en
    _, zh, _ = run(capsys, "score", failing, "--lang", "zh")
    flat = "".join(line.strip() for line in zh.splitlines()).replace(" ", "")
    assert "52学时，少于56学时" in flat  # counted
    assert "76%，低于80%" in flat  # measured


def test_the_template_names_units_in_the_plural(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys, "template", str(ROOT / "docs" / "reference" / "example-standard.toml")
    )
    assert code == 0
    assert "##   a number of hours\n" in out


@pytest.mark.parametrize(
    ("language", "pointing"),
    [
        (
            "en",
            "If not, name its file with --standard FILE or its folder with --standards-path DIR",
        ),
        (
            "zh",
            "若不是，请用 --standard FILE 指明其文件，或用 --standards-path DIR 指明其所在文件夹",
        ),
    ],
)
def test_a_lookup_with_a_suggestion_still_says_how_to_point_at_a_standard(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, language: str, pointing: str
) -> None:
    (tmp_path / "evidence").mkdir()
    (tmp_path / "binjiang-2025.toml").write_bytes(
        (ROOT / "docs" / "tutorial" / "binjiang-2025.toml").read_bytes()
    )
    code, template, _ = run(capsys, "template", str(tmp_path / "binjiang-2025.toml"))
    assert code == 0
    evidence = tmp_path / "evidence" / "new.toml"
    assert '"binjiang-liveable-community@' in template
    # a typo in the standard's id: the known id is suggested, and how to point at a standard
    typo = template.replace('"binjiang-liveable-community@', '"binjiang-liveable-comunity@')
    evidence.write_text(typo, encoding="utf-8")
    common = ["--standards-path", str(tmp_path)]
    code, _, err = run(capsys, *common, "score", str(evidence), "--lang", language)
    assert code == 2
    assert err.count("\n") == 1
    assert "'binjiang-liveable-community'" in err
    assert pointing in err
    assert "COMMUNITY_STANDARDS_PATH" in err
    evidence.write_text(template, encoding="utf-8")
    code, _, err = run(capsys, *common, "score", str(evidence))
    assert code == 0, err


@pytest.mark.parametrize("suffix", [".toml", ".xlsx"])
def test_an_unfilled_template_scores_as_not_assessed(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, suffix: str
) -> None:
    template = tmp_path / f"t{suffix}"
    assert run(capsys, "template", "-o", str(template))[0] == 0
    code, out, err = run(capsys, "score", str(template), "--lang", "en")
    assert code == 0, err
    lines = out.splitlines()
    assert "60 indicators were not assessed (no evidence for them)" in lines
    verdict = next(i for i, line in enumerate(lines) if "Verdict: FAIL" in line)
    assert lines.index("60 indicators were not assessed (no evidence for them)") < verdict
