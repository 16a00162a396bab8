"""Charts as inline SVG, drawn from exact numbers: bars against a line, a histogram with a
mark, a line over time. Every chart is a small pure function returning SVG text (escaped
with ``markupsafe``); positions are rounded for drawing, labels show the exact numbers.

.. versionadded:: 0.2.0
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

from markupsafe import Markup, escape

from ..units.numbers import show_number

__all__ = ["bars", "histogram", "line"]

_WIDTH = 640
_ROW = 26
_LABEL = 210
_PAD = 12


def _f(value: Fraction | int | float) -> str:
    """A coordinate: two decimals at most."""
    return f"{float(value):.2f}".rstrip("0").rstrip(".")


def _cut(text: str, limit: int) -> str:
    width = 0
    for i, char in enumerate(text):
        width += 2 if ord(char) > 0x2E7F else 1
        if width > limit:
            return text[:i] + "…"
    return text


def _svg(height: int, title: str, body: list[str]) -> str:
    return Markup(
        f'<svg class="chart" viewBox="0 0 {_WIDTH} {height}" width="100%" role="img" '
        f'xmlns="http://www.w3.org/2000/svg" preserveAspectRatio="xMinYMin meet">'
        f"<title>{escape(title)}</title>" + "".join(body) + "</svg>"
    )


def bars(
    title: str,
    rows: Sequence[tuple[str, Fraction, Fraction]],
    *,
    mark: Fraction | None = None,
    mark_label: str = "",
    unit: str = "",
    share: bool = False,
) -> str:
    """Horizontal bars: each row (label, value, out of). With ``share`` bars show
    value / out-of as a percentage and ``mark`` is a share (0.8 for a pass line at 80 %);
    otherwise bars are values on a common scale up to the largest value (out-of is kept
    in ``data-max``)."""
    height = _PAD * 2 + _ROW * max(1, len(rows)) + (18 if mark is not None else 0)
    inner = _WIDTH - _LABEL - 96
    top = max((value for _, value, _ in rows), default=Fraction(1)) or Fraction(1)
    body = []
    for i, (label, value, out) in enumerate(rows):
        y = _PAD + i * _ROW
        length = (value / out if out else Fraction(0)) if share else value / top
        length = min(max(length, Fraction(0)), Fraction(1))
        shown = (
            f"{show_number(value * 100 / out) if out else '0'} %" if share else show_number(value)
        )
        body.append(
            f'<text x="{_LABEL - 6}" y="{y + 17}" text-anchor="end" class="label">'
            f"<title>{escape(label)}</title>{escape(_cut(label, 30))}</text>"
            f'<rect x="{_LABEL}" y="{y + 4}" width="{_f(inner)}" height="{_ROW - 8}" class="track"/>'
            f'<rect x="{_LABEL}" y="{y + 4}" width="{_f(inner * length)}" height="{_ROW - 8}" '
            f'class="bar" data-label="{escape(label)}" data-value="{escape(show_number(value))}" '
            f'data-max="{escape(show_number(out))}"/>'
            f'<text x="{_f(_LABEL + inner + 6)}" y="{y + 17}" class="value">{escape(shown)}{escape(unit)}</text>'
        )
    if mark is not None:
        x = _LABEL + inner * (mark if share else mark / top)
        bottom = _PAD + _ROW * max(1, len(rows))
        body.append(
            f'<line x1="{_f(x)}" y1="{_PAD}" x2="{_f(x)}" y2="{bottom}" class="mark" '
            f'data-mark="{escape(show_number(mark))}"/>'
            f'<text x="{_f(x)}" y="{bottom + 14}" text-anchor="middle" class="mark-label">'
            f"{escape(mark_label)}</text>"
        )
    return _svg(height, title, body)


def histogram(
    title: str,
    bands: Sequence[tuple[Fraction, Fraction, int]],
    *,
    maximum: Fraction,
    mark: Fraction,
    mark_label: str,
) -> str:
    """The distribution of totals: one column per band (low, high, communities), from 0 to
    ``maximum``, with a line at ``mark``. Each column carries its count and bounds."""
    height = 240
    left, bottom, plot_w, plot_h = 40, height - 34, _WIDTH - 60, height - 84
    tallest = max((count for _, _, count in bands), default=0) or 1
    body = [f'<line x1="{left}" y1="{bottom}" x2="{left + plot_w}" y2="{bottom}" class="axis"/>']

    def x_of(value: Fraction) -> Fraction:
        return left + plot_w * (value / maximum if maximum else Fraction(0))

    for low, high, count in bands:
        x, w = x_of(low), x_of(high) - x_of(low)
        h = Fraction(plot_h * count, tallest)
        body.append(
            f'<rect x="{_f(x + 2)}" y="{_f(bottom - h)}" width="{_f(max(w - 4, Fraction(1)))}" '
            f'height="{_f(h)}" class="bar" data-count="{count}" '
            f'data-low="{escape(show_number(low))}" data-high="{escape(show_number(high))}">'
            f"<title>{escape(show_number(low))}–{escape(show_number(high))}: {count}</title></rect>"
        )
        if count:
            body.append(
                f'<text x="{_f(x + w / 2)}" y="{_f(bottom - h - 4)}" text-anchor="middle" '
                f'class="value">{count}</text>'
            )
        body.append(
            f'<text x="{_f(x)}" y="{bottom + 14}" text-anchor="middle" class="tick">'
            f"{escape(show_number(low))}</text>"
        )
    body.append(
        f'<text x="{left + plot_w}" y="{bottom + 14}" text-anchor="middle" class="tick">'
        f"{escape(show_number(maximum))}</text>"
    )
    x = x_of(mark)
    body.append(
        f'<line x1="{_f(x)}" y1="{bottom - plot_h - 26}" x2="{_f(x)}" y2="{bottom}" class="mark" '
        f'data-mark="{escape(show_number(mark))}"/>'
        f'<text x="{_f(x - 4)}" y="{bottom - plot_h - 16}" text-anchor="end" class="mark-label">'
        f"{escape(mark_label)}</text>"
    )
    return _svg(height, title, body)


def line(
    title: str,
    points: Sequence[tuple[str, Fraction, bool]],
    *,
    maximum: Fraction,
    mark: Fraction,
    mark_label: str,
) -> str:
    """Totals over time: each point (date or label, total, passed), joined by a line, with
    a horizontal line at ``mark``."""
    height = 220
    left, bottom, plot_w, plot_h = 44, height - 34, _WIDTH - 80, height - 64
    n = len(points)

    def x_of(i: int) -> Fraction:
        return left + (Fraction(plot_w * i, n - 1) if n > 1 else Fraction(plot_w, 2))

    # the scale runs from a round ten below the lowest of the totals and the mark
    lowest = min([mark, *(total for _, total, _ in points)])
    floor = max(Fraction(0), Fraction(int(lowest // 10) * 10 - 10))
    span = maximum - floor or Fraction(1)

    def y_of(value: Fraction) -> Fraction:
        return bottom - plot_h * ((value - floor) / span)

    body = [
        f'<line x1="{left}" y1="{bottom}" x2="{left + plot_w}" y2="{bottom}" class="axis"/>',
        f'<line x1="{left}" y1="{_f(y_of(mark))}" x2="{left + plot_w}" y2="{_f(y_of(mark))}" '
        f'class="mark" data-mark="{escape(show_number(mark))}"/>',
        f'<text x="{left + plot_w}" y="{_f(y_of(mark) + 16)}" text-anchor="end" class="mark-label">'
        f"{escape(mark_label)} {escape(show_number(mark))}</text>",
        f'<text x="{left - 4}" y="{bottom + 4}" text-anchor="end" class="tick">'
        f"{escape(show_number(floor))}</text>",
        f'<text x="{left - 4}" y="{_f(y_of(maximum) + 4)}" text-anchor="end" class="tick">'
        f"{escape(show_number(maximum))}</text>",
    ]
    if n > 1:
        path = " ".join(
            f"{_f(x_of(i))},{_f(y_of(total))}" for i, (_, total, _) in enumerate(points)
        )
        body.append(f'<polyline points="{path}" class="trend"/>')
    for i, (label, total, passed) in enumerate(points):
        x, y = x_of(i), y_of(total)
        body.append(
            f'<circle cx="{_f(x)}" cy="{_f(y)}" r="5" class="{"pass" if passed else "fail"}" '
            f'data-label="{escape(label)}" data-value="{escape(show_number(total))}">'
            f"<title>{escape(label)}: {escape(show_number(total))}</title></circle>"
            f'<text x="{_f(x)}" y="{_f(y - 10)}" text-anchor="middle" class="value">'
            f"{escape(show_number(total))}</text>"
            f'<text x="{_f(x)}" y="{bottom + 16}" text-anchor="middle" class="tick">{escape(label)}</text>'
        )
    return _svg(height, title, body)
