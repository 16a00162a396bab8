"""Texts in any language: a standard declares its languages (BCP 47 tags), its texts are
given in them, and reports come in any language, saying so when they fall back."""

from __future__ import annotations

from pathlib import Path

import pytest

import community_standards as cs
from community_standards.cli.main import main
from community_standards.formats.standard import standard_from_dict, standard_to_dict
from community_standards.messages.catalogue import (
    LanguageError,
    chosen_language,
    language_notices,
)
from community_standards.model.standard import is_language_tag
from community_standards.versions.diff import ChangeKind

ROOT = Path(__file__).resolve().parent.parent
GERMAN = ROOT / "docs" / "reference" / "example-standard-de.toml"
GERMAN_EVIDENCE = ROOT / "docs" / "reference" / "example-evidence-de.toml"


def german() -> dict[str, object]:
    return standard_to_dict(cs.load_standard(GERMAN))


def problems(data: dict[str, object]) -> list[str]:
    with pytest.raises(cs.StandardError) as caught:
        standard_from_dict(data)
    return [f"{p.path}: {p.message}" for p in caught.value.problems]


@pytest.mark.parametrize("tag", ["de", "en-GB", "zh-Hant", "zh-Hant-TW", "sr-Latn-RS", "x-local"])
def test_well_formed_tags(tag: str) -> None:
    assert is_language_tag(tag)


@pytest.mark.parametrize("tag", ["", "de_DE", "deutsch-", "d", "zh-Hant-", "12", "de--DE", "中文"])
def test_malformed_tags(tag: str) -> None:
    assert not is_language_tag(tag)


def test_a_german_standard_loads_round_trips_and_scores_in_german() -> None:
    standard = cs.load_standard(GERMAN)
    assert standard.languages == ("de",)
    assert standard.title.get("de").startswith("Beispiel-Standard")
    assert cs.loads_standard(cs.dumps_standard(standard)) == standard
    card = cs.score(standard, cs.load_evidence(GERMAN_EVIDENCE, standard))
    assert card.total == 4
    assert not card.passed


def test_texts_keep_their_old_reading() -> None:
    text = cs.Text(zh="安全", en="safety")
    assert (text.get("zh"), text.get("en"), text.get("de")) == ("安全", "safety", "safety")
    assert cs.Text(zh="安全").get("en") == "安全"
    german = cs.Text.of({"de": "Sicherheit", "en": "safety"})
    assert (german.get("de"), german.get("de-AT"), german.get("fr")) == (
        "Sicherheit",
        "Sicherheit",
        "safety",
    )
    assert german.languages == ("en", "de")


def test_the_bundled_standard_declares_zh_and_en_and_hashes_as_before() -> None:
    from community_standards.scoring.evaluate import compile_standard

    standard = cs.Registry().get("tianjin-beautiful-community@2017")
    assert standard.languages == ("zh", "en")
    stamp = compile_standard(standard).stamp.sha256
    # declaring the default languages leaves the hash as it was; it moved once since, when
    # items 2 and 7 came to count each period (each_period)
    assert stamp == "b97f37fd24b2f601c39527c5b1e7e501868a4c010d8352070d0373c041fa91d1"


def test_a_missing_declared_language_is_named_with_its_path() -> None:
    data = german()
    data["languages"] = ["de", "en"]
    found = problems(data)
    assert "title: the text in 'en', one of the standard's languages, is missing" in found
    assert (
        "categories[0].indicators[1].text: the text in 'en', one of the standard's "
        "languages, is missing"
    ) in found


def test_a_text_in_an_undeclared_language_is_named_with_its_path() -> None:
    data = german()
    data["categories"][0]["indicators"][0]["text"]["fr"] = "Espaces verts"  # type: ignore[index]
    [problem] = problems(data)
    assert problem == (
        "categories[0].indicators[0].text.fr: 'fr' is not one of the standard's languages "
        "(de); add it to languages"
    )


def test_malformed_declarations_and_keys_are_refused() -> None:
    data = german()
    data["languages"] = ["de", "Deutsch!", "de"]
    found = problems(data)
    assert "languages[1]: 'Deutsch!' is not a language tag (BCP 47, such as 'de')" in found
    assert "languages[2]: duplicate language 'de'" in found
    assert len(found) == 2
    data = german()
    data["title"] = {"de_DE": "Titel"}
    [problem] = problems(data)
    assert problem.startswith("title.de_DE: 'de_DE' is not a language tag")


def test_a_standard_without_a_declaration_keeps_the_zh_or_en_rule() -> None:
    data = german()
    del data["languages"]
    found = problems(data)
    assert (
        "title.de: 'de' is not one of the standard's languages (zh, en); add it to languages"
        in found
    )


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_reports_fall_back_and_say_so_once(capsys: pytest.CaptureFixture[str]) -> None:
    common = ["--standards-path", str(GERMAN)]
    code, out, _ = run(capsys, "score", str(GERMAN_EVIDENCE), *common, "--lang", "de")
    assert code == 0
    assert "Mindestens 30 % der Fläche sind Grünfläche" in out  # the data in German
    assert "Total: 4 / 10" in out  # the library's sentences in English
    assert out.count("not available in 'de'; they are written in English") == 1
    code, out, _ = run(capsys, "score", str(GERMAN_EVIDENCE), *common, "--lang", "zh")
    assert "总分" in out
    assert out.count("没有 'zh' 的文本，以 'de' 显示") == 1
    code, out, _ = run(capsys, "show", str(GERMAN), "--lang", "de")
    assert "Languages: de" in out
    assert out.count("not available in 'de'") == 1


def test_no_notice_where_nothing_falls_back() -> None:
    tianjin = cs.Registry().get("tianjin-beautiful-community@2017")
    assert language_notices(tianjin, "zh") == []
    assert language_notices(tianjin, "en") == []
    assert language_notices(cs.load_standard(GERMAN), "de") != []  # the library has no German
    library, texts = language_notices(tianjin, "de")
    assert "not available in 'de'" in library
    assert texts == "tianjin-beautiful-community@2017 has no texts in 'de'; they are shown in 'en'."


def test_any_language_tag_can_be_chosen() -> None:
    assert chosen_language("de", {}) == "de"
    assert chosen_language("zh-CN", {}) == "zh"
    assert chosen_language(None, {"COMMUNITY_STANDARDS_LANG": "zh_CN.UTF-8"}) == "zh"
    with pytest.raises(LanguageError, match="not a language tag"):
        chosen_language("français", {})


def test_a_language_change_is_a_diff_kind() -> None:
    old = cs.load_standard(GERMAN)
    data = german()
    data["languages"] = ["de", "en"]
    data["title"] = {"de": old.title.get("de"), "en": "Example standard"}
    for category in data["categories"]:  # type: ignore[attr-defined]
        category["title"]["en"] = "Environment"
        for indicator in category["indicators"]:
            indicator["text"]["en"] = "text"
    for fact in data["facts"]:  # type: ignore[attr-defined]
        fact["description"]["en"] = "fact"
    new = standard_from_dict(data)
    kinds = {change.kind for change in cs.diff(old, new).changes}
    assert ChangeKind.LANGUAGES_CHANGED in kinds


def test_gap_and_html_reports_say_so_too(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    common = ["--standards-path", str(GERMAN), "--lang", "de"]
    code, out, _ = run(capsys, "gap", str(GERMAN_EVIDENCE), *common)
    assert code == 0
    assert out.count("not available in 'de'; they are written in English") == 1
    code, out, _ = run(capsys, "gap", str(GERMAN_EVIDENCE), *common, "--format", "markdown")
    assert out.count("> The library's sentences are not available in 'de'") == 1
    page = tmp_path / "card.html"
    code, _, _ = run(
        capsys, "score", str(GERMAN_EVIDENCE), *common, "--format", "html", "-o", str(page)
    )
    html = page.read_text(encoding="utf-8")
    assert '<html lang="de">' in html
    assert html.count("not available in &#39;de&#39;") == 1
    assert "Grünfläche" in html


def test_compare_impact_and_the_city_summary_say_so_too(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    library = "not available in 'de'; they are written in English"
    texts = "tianjin-beautiful-community@2017 has no texts in 'de'; they are shown in 'en'."
    liuxi = str(ROOT / "examples" / "evidence" / "liuxi_exactly_80.toml")
    for form in ("text", "markdown"):
        code, out, _ = run(capsys, "compare", liuxi, liuxi, "--lang", "de", "--format", form)
        assert code == 0
        assert out.count(library) == 1
        assert out.count(texts) == 1
        code, out, _ = run(
            capsys,
            "impact",
            "tianjin-beautiful-community@2017",
            str(ROOT / "examples" / "derived" / "hexi_2024.toml"),
            liuxi,
            "--lang",
            "de",
            "--format",
            form,
        )
        assert code == 0
        assert out.count(library) == 1
        assert out.count("tianjin-beautiful-community@2017 has no texts in 'de'") == 1
        assert out.count("hexi-beautiful-community@2024 has no texts in 'de'") == 1
    city = str(ROOT / "examples" / "tables" / "tianjin_city.csv")
    _, out, _ = run(capsys, "batch", city, "--lang", "de")  # its bad rows on purpose: exit 2
    assert out.count(f"> The library's sentences are {library}") == 1
    assert out.count(texts) == 1
    page = tmp_path / "city.html"
    run(capsys, "batch", city, "--lang", "de", "--summary", str(page))
    assert page.read_text(encoding="utf-8").count("not available in &#39;de&#39;") == 1
    page = tmp_path / "compare.html"
    code, _, _ = run(capsys, "compare", liuxi, liuxi, "--lang", "de", "--format", "html", "-o", str(page))  # fmt: skip
    assert code == 0
    assert page.read_text(encoding="utf-8").count("not available in &#39;de&#39;") == 1
    # nothing to say where nothing falls back
    code, out, _ = run(capsys, "compare", liuxi, liuxi, "--lang", "en")
    assert "not available" not in out
    assert "has no texts" not in out
