"""Each HTML report opened in headless Chromium: a screenshot at desktop and at A4 width,
no errors on the console, no text overflowing its box, no chart label outside its chart.

Skipped only where no browser is installed (CI installs Debian's ``chromium``)."""

from __future__ import annotations

import datetime
import json
import re
import shutil
import struct
import subprocess
from collections.abc import Callable
from pathlib import Path

import attrs
import pytest

import community_standards as cs
from community_standards.analysis.compare import compare
from community_standards.analysis.gap import gap
from community_standards.register.store import Register
from community_standards.reports import html as reports
from community_standards.reports import scorecard_to_dict

pytest.importorskip("jinja2")

BROWSER = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(
    BROWSER is None, reason="no browser here: install Debian's chromium (apt-get install chromium)"
)

ROOT = Path(__file__).resolve().parent.parent
FAIL = ROOT / "examples" / "evidence" / "haitangyuan_fail.toml"
PASS = ROOT / "examples" / "evidence" / "chunhuili_pass.toml"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
]
#: Desktop, and an A4 page at 96 dots per inch (210 mm).
WIDTHS = {"desktop": 1280, "a4": 794}

# What the page reports about itself once laid out: errors raised or logged, boxes whose
# text is wider than they are, chart labels outside their chart, a page wider than the window.
PROBE = """
<script>
window.__errors = [];
window.addEventListener("error", e => window.__errors.push(String(e.message)));
const logged = console.error;
console.error = (...a) => { window.__errors.push(a.join(" ")); logged(...a); };
window.addEventListener("load", () => {
  const over = [];
  for (const el of document.querySelectorAll("body *")) {
    if (el.closest("svg") || el.id === "layout-report") continue;
    const style = getComputedStyle(el);
    if (style.display === "inline" || el.clientWidth === 0) continue;
    if (el.scrollWidth > el.clientWidth + 1) over.push(el.tagName + ": " + el.textContent.slice(0, 60));
  }
  const outside = [];
  for (const svg of document.querySelectorAll("svg")) {
    const box = svg.viewBox.baseVal;
    for (const t of svg.querySelectorAll("text")) {
      const b = t.getBBox();
      if (b.x < -0.5 || b.x + b.width > box.width + 0.5) outside.push(t.textContent.slice(0, 40));
    }
  }
  const page = document.documentElement.scrollWidth > window.innerWidth + 1;
  const pre = document.createElement("pre");
  pre.id = "layout-report";
  pre.textContent = JSON.stringify({errors: window.__errors, over, outside, page});
  document.body.appendChild(pre);
});
</script>
"""


def _run(args: list[str], profile: Path) -> subprocess.CompletedProcess[str]:
    assert BROWSER is not None
    return subprocess.run(
        [BROWSER, *FLAGS, f"--user-data-dir={profile}", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def _reports(tmp_path: Path) -> dict[str, str]:
    tianjin = cs.default_registry().load("tianjin-beautiful-community@2017")
    failing = cs.load_evidence(FAIL, tianjin)
    card = cs.score(tianjin, failing)
    good = cs.load_evidence(PASS, tianjin)
    worse = attrs.evolve(
        good, facts={**good.facts, "no_illegal_structures": False, "grid_workers": 2}
    )
    pages: dict[str, Callable[[], str]] = {
        "scorecard-zh": lambda: reports.scorecard_html(card, tianjin, "zh"),
        "scorecard-en": lambda: reports.scorecard_html(card, tianjin, "en"),
        "gap-zh": lambda: reports.gap_html(gap(tianjin, failing), "zh"),
        "gap-en": lambda: reports.gap_html(gap(tianjin, failing), "en"),
        "compare": lambda: reports.compare_html(
            compare(cs.score(tianjin, good), cs.score(tianjin, worse)), "zh", tianjin
        ),
    }
    with Register(tmp_path / "r.sqlite", create=True) as book:
        for evidence in (good, failing):
            scored = cs.score(tianjin, evidence)
            book.add([(scored, scorecard_to_dict(scored), None)], award=True)
        later = attrs.evolve(
            worse, community=attrs.evolve(worse.community, assessed_on=datetime.date(2025, 5, 1))
        )
        scored = cs.score(tianjin, later)
        book.record("nk-chunhuili", "reinspected", card=(scored, scorecard_to_dict(scored), None))
        rows = book.status()
        status = next(r for r in rows if r.community_id == "nk-chunhuili")
        history = book.history("nk-chunhuili")
    from community_standards.analysis.summary import summarise

    city = []
    for i in range(12):
        evidence = (good, failing, worse)[i % 3]
        community = attrs.evolve(evidence.community, id=f"c{i}")
        city.append(cs.score(tianjin, attrs.evolve(evidence, community=community)))
    pages["city-zh"] = lambda: reports.summary_html(summarise(tianjin, city, language="zh"), "zh")
    pages["city-en"] = lambda: reports.summary_html(summarise(tianjin, city, language="en"), "en")
    pages["status"] = lambda: reports.status_html(rows, "zh")
    pages["history"] = lambda: reports.history_html(status, *history, "en")
    return {name: make() for name, make in pages.items()}


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    folder = tmp_path_factory.mktemp("html")
    return folder, _reports(folder)


@pytest.mark.parametrize(
    "name",
    [
        "scorecard-zh",
        "scorecard-en",
        "gap-zh",
        "gap-en",
        "compare",
        "city-zh",
        "city-en",
        "status",
        "history",
    ],
)
@pytest.mark.parametrize("width", list(WIDTHS))
def test_report_in_a_browser(rendered: tuple[Path, dict[str, str]], name: str, width: str) -> None:
    folder, pages = rendered
    page = folder / f"{name}.html"
    page.write_text(pages[name], encoding="utf-8")
    probe = folder / f"{name}-{width}-probe.html"
    probe.write_text(pages[name].replace("<head>", "<head>" + PROBE, 1), encoding="utf-8")
    pixels = WIDTHS[width]
    shot = folder / f"{name}-{width}.png"
    done = _run(
        [f"--screenshot={shot}", f"--window-size={pixels},1400", page.as_uri()],
        folder / f"profile-{name}-{width}-shot",
    )
    assert shot.exists(), done.stderr[-2000:]
    assert _png_size(shot) == (pixels, 1400)
    dom = _run(
        [
            "--dump-dom",
            "--virtual-time-budget=3000",
            f"--window-size={pixels},1400",
            probe.as_uri(),
        ],
        folder / f"profile-{name}-{width}-dom",
    )
    found = re.search(r'<pre id="layout-report">(.*?)</pre>', dom.stdout, re.S)
    assert found, dom.stderr[-2000:]
    report = json.loads(found.group(1).replace("&quot;", '"').replace("&amp;", "&"))
    assert report["errors"] == []
    assert report["over"] == []
    assert report["outside"] == []
    assert report["page"] is False
