"""The message catalogue: complete, compiled, and followed by the command line."""

from __future__ import annotations

import gettext
import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from community_standards.cli import main
from community_standards.messages import catalogue
from community_standards.messages.catalogue import (
    BABEL_KEYWORDS,
    LanguageError,
    chosen_language,
    message,
    ntranslate,
    plural_message,
    problem,
    problem_text,
    translate,
)
from community_standards.messages.checks import describe_indicator

babel_messages = pytest.importorskip("babel.messages")
from babel.messages.extract import extract_from_dir  # noqa: E402
from babel.messages.mofile import write_mo  # noqa: E402
from babel.messages.pofile import read_po  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src"
LOCALE = SRC / "community_standards" / "locale"
EXAMPLES = ROOT / "examples" / "evidence"
TRANSLATED = [language for language in catalogue.LANGUAGES if language != "en"]


def _source_messages() -> set[tuple[str, str]]:
    found = set()
    for _file, _line, text, _comments, context in extract_from_dir(
        str(SRC), method_map=[("**.py", "python")], keywords=BABEL_KEYWORDS
    ):
        singular = text[0] if isinstance(text, tuple) else text
        found.add((context or "", singular))
    return found


def _po(language: str) -> Any:
    with (LOCALE / language / "LC_MESSAGES" / "community_standards.po").open("rb") as handle:
        return read_po(handle, locale=language)


def _fields(text: str) -> set[str]:
    return set(re.findall(r"\{(\w+)", text))


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_sentence_of_the_code_has_a_translation(language: str) -> None:
    po = _po(language)
    entries = {
        (m.context or "", m.id[0] if isinstance(m.id, tuple) else m.id): m for m in po if m.id
    }
    source = _source_messages()
    assert len(source) > 40
    missing = sorted(source - set(entries))
    assert not missing, f"not in the {language} catalogue (run pybabel update): {missing}"
    unused = sorted(set(entries) - source)
    assert not unused, (
        f"in the {language} catalogue but used nowhere (run pybabel update): {unused}"
    )
    for key in source:
        entry = entries[key]
        strings = entry.string if isinstance(entry.string, tuple) else (entry.string,)
        assert all(strings), f"{key} has no {language} translation"
        assert "fuzzy" not in entry.flags, f"{key} is marked fuzzy"
        for string in strings:
            # a translation names only the source's values (it may leave one out, as
            # Chinese leaves out "of 5" in "band 3 of 5")
            assert _fields(string) <= _fields(key[1]), (key, string)


@pytest.mark.parametrize("language", TRANSLATED)
def test_compiled_catalogue_matches_its_source(language: str) -> None:
    folder = LOCALE / language / "LC_MESSAGES"
    compiled = io.BytesIO()
    write_mo(compiled, _po(language))
    compiled.seek(0)
    expected = gettext.GNUTranslations(compiled)._catalog  # type: ignore[attr-defined]
    with (folder / "community_standards.mo").open("rb") as handle:
        shipped = gettext.GNUTranslations(handle)._catalog  # type: ignore[attr-defined]
    assert shipped == expected, "the .mo is out of date: run pybabel compile"


def test_translate_fills_numbers_exactly() -> None:
    from fractions import Fraction

    text = "not-applicable items excluded: counted out of {d}, scaled to {m}"
    assert translate("en", text, d=Fraction(195, 2), m=100) == (
        "not-applicable items excluded: counted out of 97.5, scaled to 100"
    )
    assert translate("zh", text, d=Fraction(195, 2), m=100) == (
        "不适用项已剔除，按适用满分 97.5 折算为 100 分制"
    )


def test_messages_and_problems_are_written_later_in_any_language() -> None:
    later = message("Total")
    assert later.render("zh") == "总分"
    assert str(later) == "Total"
    count = plural_message(
        "{n} indicator was not assessed (no evidence for it)",
        "{n} indicators were not assessed (no evidence for them)",
        1,
    )
    assert str(count) == "1 indicator was not assessed (no evidence for it)"
    assert count.render("zh") == "1 项指标未评估（缺少证据）"
    item = problem("facts.x", "Total")
    assert item.message == "Total"
    assert problem_text(item, "zh") == "facts.x: 总分"
    assert ntranslate("en", "{n} indicator was not assessed (no evidence for it)", "{n} indicators were not assessed (no evidence for them)", 2).startswith("2 indicators")  # fmt: skip


@pytest.mark.parametrize(
    ("option", "environ", "expected"),
    [
        ("en", {"COMMUNITY_STANDARDS_LANG": "zh", "LANG": "zh_CN.UTF-8"}, "en"),
        (None, {"COMMUNITY_STANDARDS_LANG": "zh_CN", "LANG": "en_US.UTF-8"}, "zh"),
        (None, {"LANG": "zh_CN.UTF-8"}, "zh"),
        (None, {"LC_ALL": "en_GB.UTF-8", "LANG": "zh_CN.UTF-8"}, "en"),
        (None, {"LANGUAGE": "fr:zh", "LANG": "en_US.UTF-8"}, "zh"),
        (None, {"LANG": "C.UTF-8"}, None),
        (None, {"LANG": "fr_FR.UTF-8"}, None),
        (None, {}, None),
    ],
)
def test_the_language_chosen(option: str | None, environ: dict[str, str], expected: str) -> None:
    assert chosen_language(option, environ) == expected


def test_naming_something_that_is_not_a_language_is_an_error() -> None:
    # any BCP 47 tag may be chosen (the library writes English where it has no catalogue)
    assert chosen_language(None, {"COMMUNITY_STANDARDS_LANG": "fr"}) == "fr"
    with pytest.raises(LanguageError, match="COMMUNITY_STANDARDS_LANG: 'fr!'"):
        chosen_language(None, {"COMMUNITY_STANDARDS_LANG": "fr!"})


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_errors_follow_lang(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    missing = str(tmp_path / "nope.toml")
    _, _, english = run(capsys, "score", missing)
    assert english.startswith("error: ")
    code, _, chinese = run(capsys, "score", missing, "--lang", "zh")
    assert code == 2
    assert chinese.startswith("错误: ")


def test_lang_from_the_environment(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    liuxi = str(EXAMPLES / "liuxi_exactly_80.toml")
    _, out, _ = run(capsys, "score", liuxi)
    assert "结论: 达标（通过）" in out  # the standard's first language
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    _, out, _ = run(capsys, "score", liuxi)
    assert "Verdict: PASS" in out
    monkeypatch.setenv("COMMUNITY_STANDARDS_LANG", "zh")
    _, out, _ = run(capsys, "score", liuxi)
    assert "结论: 达标（通过）" in out
    _, out, _ = run(capsys, "--lang", "en", "score", liuxi)
    assert "Verdict: PASS" in out
    monkeypatch.setenv("COMMUNITY_STANDARDS_LANG", "fr")
    _, out, _ = run(capsys, "score", liuxi)
    assert "Verdict: PASS" in out
    assert out.count("not available in 'fr'; they are written in English") == 1
    monkeypatch.setenv("COMMUNITY_STANDARDS_LANG", "fr!")
    code, _, err = run(capsys, "score", liuxi)
    assert code == 2
    assert err == (
        "error: COMMUNITY_STANDARDS_LANG: 'fr!' is not a language tag "
        "(BCP 47, such as zh, en or de)\n"
    )
    # the option as the environment: any BCP 47 tag falls back with a notice, a malformed
    # one is refused in one line, before or after the command's name
    monkeypatch.delenv("COMMUNITY_STANDARDS_LANG")
    _, out, _ = run(capsys, "score", liuxi, "--lang", "pt-BR")
    assert out.count("not available in 'pt-BR'; they are written in English") == 1
    for argv in (["--lang", "de_DE!", "score", liuxi], ["score", liuxi, "--lang", "de_DE!"]):
        code, out, err = run(capsys, *argv)
        assert (code, out) == (2, "")
        assert err == (
            "error: --lang: 'de_DE!' is not a language tag (BCP 47, such as zh, en or de)\n"
        )


def test_validate_takes_lang(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, _ = run(
        capsys, "validate", "--lang", "zh", str(ROOT / "standards" / "tianjin_2017.toml")
    )
    assert code == 0
    assert out.endswith(": 有效（tianjin-beautiful-community@2017，60 项指标）\n")


@pytest.mark.parametrize("where", ["before", "after"])
def test_common_options_before_or_after_the_command(
    capsys: pytest.CaptureFixture[str], where: str
) -> None:
    folder = str(ROOT / "examples" / "derived")
    common = ["--standards-path", folder, "--lang", "en"]
    argv = [*common, "list"] if where == "before" else ["list", *common]
    code, out, err = run(capsys, *argv)
    assert code == 0, err
    assert "path" in out


def test_version_is_the_distribution_version(capsys: pytest.CaptureFixture[str]) -> None:
    from importlib.metadata import version

    with pytest.raises(SystemExit):
        main(["--version"])
    assert (
        capsys.readouterr().out.strip() == f"community-standards {version('community-standards')}"
    )


def test_every_option_has_help_and_validate_a_description() -> None:
    import argparse

    from community_standards.cli.main import _parser

    parser = _parser()
    subs = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    for name, sub in [("", parser), *subs.choices.items()]:
        for action in sub._actions:
            if isinstance(action, argparse._HelpAction | argparse._SubParsersAction):
                continue
            assert action.help, (name, action.dest)
    assert "valid standard" in (subs.choices["validate"].description or "")
    assert "(default: text)" in subs.choices["score"].format_help()


# -- every error about input, in Chinese under --lang zh -----------------------------------

_BAD_INPUT = Path(__file__).resolve().parent / "bad_input"
_CJK = re.compile(r"[\u4e00-\u9fff]")


def _bad_input_cases() -> list[tuple[str, dict[str, Any]]]:
    import tomllib

    cases = tomllib.loads((_BAD_INPUT / "cases.toml").read_text(encoding="utf-8"))
    return [(group, case) for group in ("standards", "evidence") for case in cases[group]]


def _argv(group: str, case: dict[str, Any]) -> list[str]:
    path = str(_BAD_INPUT / case["file"])
    if group == "evidence":
        return ["score", path]
    if "registry" in case:
        return ["--standards-path", str(_BAD_INPUT / case["registry"]), "validate", path]
    return ["validate", path]


def _problems(group: str, case: dict[str, Any]) -> list[Any]:
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import test_bad_input as bad

    path = _BAD_INPUT / case["file"]
    registry = _BAD_INPUT / case["registry"] if "registry" in case else None
    try:
        if group == "standards":
            bad.load_standard_case(path, registry)
        else:
            bad.load_evidence_case(path)
    except Exception as error:  # the library's error, checked by test_bad_input
        return list(getattr(error, "problems", ()))
    raise AssertionError(f"{case['file']} was read without an error")


#: Texts inside a sentence that are not the library's own: the TOML and JSON parsers'
#: descriptions of a syntax error (their position is translated around them).
_PARSERS = re.compile(r"(不是有效的 (?:TOML|JSON)：)[^（]*(（第 \d+ 行)")


@pytest.mark.parametrize(
    ("group", "case"), _bad_input_cases(), ids=[c["file"] for _, c in _bad_input_cases()]
)
def test_every_error_about_bad_input_is_in_chinese_under_lang_zh(
    capsys: pytest.CaptureFixture[str], group: str, case: dict[str, Any]
) -> None:
    from community_standards.messages.sentences import recognise

    for item in _problems(group, case):
        # each sentence comes from the catalogue: made with problem(), or of a known form
        assert item.template is not None or recognise(item.message) is not None, item.message
    assert main(["--lang", "zh", *_argv(group, case)]) == 2
    err = capsys.readouterr().err
    source = str(_BAD_INPUT / case.get("source", case["file"]))
    for line in err.splitlines():
        if group == "evidence":  # score writes "error:", validate the file's name first
            assert line.startswith("错误: "), line
        sentence = line.removeprefix("错误: ").removeprefix(f"{source}: ")
        assert _CJK.search(sentence), line
        # no English sentence is left once the data (quoted, ids, paths, numbers, units in
        # brackets) and the parsers' own descriptions are taken out
        words = _PARSERS.sub(r"\1\2", sentence)
        words = re.sub(r"'[^']*'|\"[^\"]*\"|\[[^\]]*\]|\S*[_@./\\\d=-]\S*", " ¤ ", words)
        english = re.findall(r"[A-Za-z]{3,}(?:\s+[A-Za-z]{3,})+", words)
        assert not english, (line, english)


def test_a_sentence_not_of_a_known_form_stays_as_written() -> None:
    from community_standards.messages.sentences import sentence_in

    assert sentence_in("zh", "something new went wrong") == "something new went wrong"
    assert sentence_in("zh", "fact 'x': 'a/0' divides by zero") == "事实 'x'：'a/0' 除以零"
    assert sentence_in("en", "the file is empty") == "the file is empty"


def test_os_errors_and_the_count_of_further_problems_follow_lang(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, _, err = run(capsys, "--lang", "zh", "score", str(tmp_path / "nope.toml"))
    assert code == 2
    assert err == f"错误: {tmp_path / 'nope.toml'}: 无法读取文件：没有那个文件或目录\n"
    many = tmp_path / "many.toml"
    many.write_text(
        '[community]\nid = "c"\nname = "c"\n\n[facts]\n'
        + "".join(f"unknown_fact_{i} = 1\n" for i in range(25)),
        encoding="utf-8",
    )
    code, _, err = run(capsys, "--lang", "zh", "score", str(many))
    assert code == 2
    assert err.splitlines()[-1] == "……另有 5 个问题"


@pytest.fixture
def german(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The package's catalogues and a German one beside them, as a new language is added."""
    from babel.messages.catalog import Catalog

    from community_standards.messages import amounts, checks, reasons

    folder = tmp_path / "locale"
    for language in TRANSLATED:
        shipped = LOCALE / language / "LC_MESSAGES"
        (folder / language / "LC_MESSAGES").mkdir(parents=True)
        compiled = shipped / "community_standards.mo"
        (folder / language / "LC_MESSAGES" / compiled.name).write_bytes(compiled.read_bytes())
    german = Catalog(locale="de")
    german.add(
        "no evidence: {subject} ({key})", "kein Nachweis: {subject} ({key})", context="reason"
    )
    german.add("not met: {text}", "nicht erfüllt: {text}", context="reason")
    german.add(
        "{subject} {value} < {limit}", "{subject} {value} < {limit}", context="reason.counted"
    )
    german.add("{subject} {bounds} ({fact})", "{subject} {bounds} ({fact})", context="check")
    german.add("at least {amount}", "mindestens {amount}", context="bound.counted")
    german.add(("person", "persons"), ("Person", "Personen"), context="unit")
    target = folder / "de" / "LC_MESSAGES"
    target.mkdir(parents=True)
    with (target / "community_standards.mo").open("wb") as handle:
        write_mo(handle, german)
    caches = [
        catalogue._catalogue,
        reasons._frames,
        checks._frames,
        amounts._words,
        amounts._unit_words,
    ]
    for cache in caches:
        cache.cache_clear()
    monkeypatch.setattr(catalogue, "_LOCALE", folder)
    monkeypatch.setattr(catalogue, "LANGUAGES", catalogue._installed_languages())
    yield folder
    for cache in caches:
        cache.cache_clear()


def test_a_catalogue_for_a_new_language_makes_reasons_appear_in_it(german: Path) -> None:
    import community_standards as cs

    assert catalogue.LANGUAGES == ("de", "zh", "en")
    standard = cs.Registry().get("tianjin-beautiful-community@2017")
    community = cs.Community(id="c", name="c")
    card = cs.score(standard, cs.Evidence(community=community, standard=standard.ref))
    missing = next(r for i in card.indicators for r in i.reasons if r.kind == "missing")
    assert missing.get("de").startswith("kein Nachweis: ")
    assert missing.get("de-AT").startswith("kein Nachweis: ")
    assert missing.get("zh").startswith("缺少证据：")
    assert missing.get("en").startswith("no evidence: ")
    # a sentence the German catalogue lacks is written in English
    judged = next(r for i in card.indicators for r in i.reasons if r.kind == "awaiting_assessment")
    assert judged.get("de").startswith("awaiting assessment: ")
    # and so do the checks in words, with their bounds and units
    indicator = next(i for _, i in standard.indicators() if i.id == "workforce-structure")
    facts = {fact.key: fact for fact in standard.facts}
    lines = describe_indicator(indicator, facts, "de")
    assert lines[1] == (
        "number of professional social workers mindestens 2 Personen (professional_social_workers)"
    )


def test_a_script_or_region_tag_is_written_in_its_languages_catalogue() -> None:
    import community_standards as cs

    standard = cs.Registry().get("tianjin-beautiful-community@2017")
    evidence = cs.Evidence(community=cs.Community(id="c", name="c"), standard=standard.ref)
    reasons = [r for i in cs.score(standard, evidence).indicators for r in i.reasons]
    assert reasons
    for reason in reasons:
        assert reason.get("zh-Hans") == reason.get("zh-CN") == reason.zh
        assert reason.get("en-GB") == reason.en
    facts = {fact.key: fact for fact in standard.facts}
    for _, indicator in standard.indicators():
        assert describe_indicator(indicator, facts, "zh-Hans") == describe_indicator(
            indicator, facts, "zh"
        )
