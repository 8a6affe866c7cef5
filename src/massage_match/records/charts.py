"""Progress charts of a client's pain before and after each visit, in three forms: plain text for the
terminal, SVG with no dependencies, and PNG when matplotlib is installed.

The SVG is written by hand rather than through a plotting library so the base install can always
produce a chart; matplotlib is optional (the ``plot`` extra) and is imported only inside png_chart,
so a CLI that never draws a PNG never pays for importing it. Charts are often printed in black and
white for a client's file or a physician's letter, so the two series differ by line style and
marker shape as well as by colour.
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from xml.sax.saxutils import escape, quoteattr

from massage_match.errors import MassageMatchError
from massage_match.records.model import PainPoint

__all__ = ["ChartError", "png_chart", "svg_chart", "terminal_chart"]

PAIN_MAX = 10

# A solid dark line with filled circles against a dashed lighter line with hollow squares: the two
# stay apart in greyscale print and for readers who cannot tell the hues apart.
BEFORE_COLOUR = "#1f3a68"
AFTER_COLOUR = "#d9822b"
AFTER_DASH = "7 4"

NO_MATPLOTLIB = "a PNG chart needs matplotlib: pip install 'massage-match[plot]' (or ask for an .svg)"


class ChartError(MassageMatchError):
    """A chart cannot be drawn (nothing to draw, or the PNG library is missing)."""


def _clamp(value: int) -> int:
    # A value outside 0-10 would draw off the scale; the number printed beside it stays the real one.
    return max(0, min(PAIN_MAX, value))


# --- terminal -------------------------------------------------------------------------------------


def _bar(value: int, cells: int) -> str:
    filled = round(_clamp(value) * cells / PAIN_MAX)
    return "█" * filled + "░" * (cells - filled)


def terminal_chart(points: Sequence[PainPoint], width: int = 60) -> list[str]:
    """One line per visit, pain before and after as bars on a 0-10 scale, no line wider than width.

    Bars get one cell per pain point when there is room and shrink when there is not; below a usable
    bar the lines fall back to the numbers alone, and as a last resort are cut, so the bound always holds.
    """
    if not points:
        return []
    visit_width = max(len(str(p.visit)) for p in points)
    date_width = max(len(p.date) for p in points)
    # "  <date>  #<visit>  before <bar> nn  after <bar> nn": everything but the two bars
    fixed = 2 + date_width + 3 + visit_width + len("  before ") + 3 + len("  after ") + 3
    cells = min(PAIN_MAX, (width - fixed) // 2)
    lines = []
    for p in points:
        label = f"  {p.date:<{date_width}}  #{p.visit:<{visit_width}}"
        if cells >= 5:  # fewer cells cannot tell 8 from 5
            before = f"  before {_bar(p.pain_before, cells)} {p.pain_before:>2}"
            if p.pain_after is None:
                # Spelled out rather than drawn as an empty bar, which would read as "no pain".
                missing = "not recorded" if cells + 3 >= len("not recorded") else "n/r"
                after = f"  after {missing:<{cells + 3}}"
            else:
                after = f"  after {_bar(p.pain_after, cells)} {p.pain_after:>2}"
            line = (label + before + after).rstrip()
        else:
            line = f"{p.date} #{p.visit} before {p.pain_before} after "
            if p.pain_after is not None:
                line += str(p.pain_after)
            else:
                line += "not recorded" if len(line) + len("not recorded") <= width else "n/r"
        lines.append(line[: max(width, 0)])
    return lines


# --- SVG ------------------------------------------------------------------------------------------

SVG_WIDTH = 720
MARGIN_LEFT = 64
MARGIN_RIGHT = 28
MARGIN_TOP = 72  # room for the title and, under it, the legend
PLOT_HEIGHT = 240
INNER_PAD = 16  # keeps the first and last markers off the axes

# Shared by SVG and PNG so both thin the dates the same way: level while this many fit, then at 45
# degrees, and past twice this many only every n-th date, so labels never overprint.
LEVEL_LABELS = 8
ROTATED_LABELS = 2 * LEVEL_LABELS
DENSE = 30  # visits past which markers shrink so the lines between them stay visible


def _label_every(count: int) -> int:
    return max(1, math.ceil(count / ROTATED_LABELS))


def _fmt(number: float) -> str:
    text = f"{number:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _attrs(**attributes: object) -> str:
    # quoteattr picks the quote character and escapes the rest, so any value is safe here.
    return " ".join(
        f"{name.rstrip('_').replace('_', '-')}={quoteattr(str(value))}" for name, value in attributes.items()
    )


def _text(x: float, y: float, content: str, **attributes: object) -> str:
    return f"<text {_attrs(x=_fmt(x), y=_fmt(y), **attributes)}>{escape(content)}</text>"


def _runs(values: Sequence[int | None]) -> list[list[tuple[int, int]]]:
    """Consecutive recorded values as (index, value) runs, so a missing one leaves a gap in the line."""
    runs: list[list[tuple[int, int]]] = []
    current: list[tuple[int, int]] = []
    for index, value in enumerate(values):
        if value is None:
            if current:
                runs.append(current)
            current = []
        else:
            current.append((index, value))
    if current:
        runs.append(current)
    return runs


def svg_chart(points: Sequence[PainPoint], title: str) -> str:
    """A standalone SVG line chart of pain before and after each visit, in the order given."""
    if not points:
        raise ChartError("no visits to chart")
    count = len(points)
    plot_left, plot_width = MARGIN_LEFT, SVG_WIDTH - MARGIN_LEFT - MARGIN_RIGHT
    plot_top, plot_bottom = MARGIN_TOP, MARGIN_TOP + PLOT_HEIGHT
    span = plot_width - 2 * INNER_PAD
    step = span / (count - 1) if count > 1 else 0.0

    rotate = count > LEVEL_LABELS
    every = _label_every(count)
    size = 3.0 if count > DENSE else 4.5
    label_room = 80 if rotate else 28
    height = plot_bottom + label_room + 28

    def x_at(index: int) -> float:
        return plot_left + plot_width / 2 if count == 1 else plot_left + INNER_PAD + index * step

    def y_at(value: int) -> float:
        return plot_bottom - _clamp(value) * PLOT_HEIGHT / PAIN_MAX

    description = "Pain (0-10) before and after each of {} visit{}, {} to {}.".format(
        count, "" if count == 1 else "s", points[0].date, points[-1].date
    )
    out = [
        '<svg xmlns="http://www.w3.org/2000/svg" '
        + _attrs(
            width=SVG_WIDTH,
            height=height,
            viewBox=f"0 0 {SVG_WIDTH} {height}",
            role="img",
            aria_labelledby="chart-title chart-desc",
            font_family="Helvetica, Arial, sans-serif",
        )
        + ">",
        f'<title id="chart-title">{escape(title)}</title>',
        f'<desc id="chart-desc">{escape(description)}</desc>',
        f"<rect {_attrs(x=0, y=0, width=SVG_WIDTH, height=height, fill='#ffffff')}/>",
        _text(plot_left, 28, title, font_size=17, font_weight="bold", fill="#111111"),
    ]

    # legend, under the title
    legend_y = 50
    for offset, (name, colour, dash, marker) in enumerate(
        (("Pain before", BEFORE_COLOUR, None, "circle"), ("Pain after", AFTER_COLOUR, AFTER_DASH, "square"))
    ):
        x0 = plot_left + offset * 150
        line = {"stroke_dasharray": dash} if dash else {}
        out.append(
            f"<line {_attrs(x1=x0, y1=legend_y, x2=x0 + 32, y2=legend_y, stroke=colour, stroke_width=2.5, **line)}/>"
        )
        out.append(_marker(marker, x0 + 16, legend_y, colour, "legend-marker"))
        out.append(_text(x0 + 40, legend_y + 4, name, font_size=13, fill="#222222"))

    # y axis: a gridline and label every 2 points
    for value in range(0, PAIN_MAX + 1, 2):
        y = y_at(value)
        out.append(
            f"<line {_attrs(x1=plot_left, y1=_fmt(y), x2=plot_left + plot_width, y2=_fmt(y))} "
            f'stroke="{"#888888" if value == 0 else "#dddddd"}" stroke-width="1"/>'
        )
        out.append(_text(plot_left - 8, y + 4, str(value), font_size=12, fill="#444444", text_anchor="end"))
    out.append(
        f"<line {_attrs(x1=plot_left, y1=plot_top, x2=plot_left, y2=plot_bottom, stroke='#888888', stroke_width=1)}/>"
    )
    mid_y = (plot_top + plot_bottom) / 2
    out.append(
        _text(
            18,
            mid_y,
            "Pain (0-10)",
            font_size=12,
            fill="#444444",
            text_anchor="middle",
            transform=f"rotate(-90 18 {_fmt(mid_y)})",
        )
    )

    # x axis: a tick for every visit, a date for every `every`-th
    for index, point in enumerate(points):
        x = x_at(index)
        out.append(f"<line {_attrs(x1=_fmt(x), y1=plot_bottom, x2=_fmt(x), y2=plot_bottom + 5, stroke='#888888')}/>")
        if index % every:
            continue
        label_y = plot_bottom + 18
        if rotate:
            out.append(
                _text(
                    x,
                    label_y,
                    point.date,
                    font_size=11,
                    fill="#444444",
                    text_anchor="end",
                    transform=f"rotate(-45 {_fmt(x)} {_fmt(label_y)})",
                )
            )
        else:
            out.append(_text(x, label_y, point.date, font_size=11, fill="#444444", text_anchor="middle"))
    out.append(
        _text(plot_left + plot_width / 2, height - 10, "Visit date", font_size=12, fill="#444444", text_anchor="middle")
    )

    # the series: after first so the darker before line stays on top where they coincide
    for values, colour, dash, marker, css, name in (
        ([p.pain_after for p in points], AFTER_COLOUR, AFTER_DASH, "square", "marker after", "after"),
        ([p.pain_before for p in points], BEFORE_COLOUR, None, "circle", "marker before", "before"),
    ):
        line = {"stroke_dasharray": dash} if dash else {}
        for run in _runs(values):
            if len(run) > 1:
                coords = " ".join(f"{_fmt(x_at(i))},{_fmt(y_at(v))}" for i, v in run)
                out.append(
                    f"<polyline {_attrs(points=coords, fill='none', stroke=colour, stroke_width=2.5, **line)} "
                    'stroke-linejoin="round"/>'
                )
        for index, pain in enumerate(values):
            if pain is None:
                continue
            point = points[index]
            tip = f"Visit {point.visit}, {point.date}: pain {name} {pain}"
            out.append(_marker(marker, x_at(index), y_at(pain), colour, css, tip, size))

    out.append("</svg>")
    return "\n".join(out) + "\n"


def _marker(shape: str, x: float, y: float, colour: str, css: str, tip: str | None = None, size: float = 4.5) -> str:
    if shape == "circle":
        element = "circle"
        geometry = _attrs(cx=_fmt(x), cy=_fmt(y), r=size, fill=colour, stroke=colour, stroke_width=1.5)
    else:
        element = "rect"
        geometry = _attrs(
            x=_fmt(x - size),
            y=_fmt(y - size),
            width=_fmt(2 * size),
            height=_fmt(2 * size),
            fill="#ffffff",
            stroke=colour,
            stroke_width=2 if size > 3 else 1.5,
        )
    head = f"<{element} {_attrs(class_=css)} {geometry}"
    if tip is None:
        return head + "/>"
    # a <title> inside a shape is the tooltip browsers show, and what screen readers announce
    return f"{head}><title>{escape(tip)}</title></{element}>"


# --- PNG ------------------------------------------------------------------------------------------


def png_chart(points: Sequence[PainPoint], title: str) -> bytes:
    """The SVG chart's PNG twin, drawn by matplotlib without touching pyplot's process-wide state."""
    if not points:
        raise ChartError("no visits to chart")
    try:
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure
    except ImportError as error:
        raise ChartError(NO_MATPLOTLIB) from error

    count = len(points)
    xs = list(range(count))
    before = [float(_clamp(p.pain_before)) for p in points]
    # NaN, not zero, for a missing after: matplotlib breaks the line there and draws no marker.
    after = [math.nan if p.pain_after is None else float(_clamp(p.pain_after)) for p in points]

    marker_size = 4.0 if count > DENSE else 6.0
    figure = Figure(figsize=(7.2, 4.2), layout="constrained")
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    axes.plot(
        xs,
        after,
        color=AFTER_COLOUR,
        linestyle=(0, (4, 2.5)),
        linewidth=2,
        marker="s",
        markersize=marker_size,
        markerfacecolor="white",
        markeredgewidth=1.8,
        label="Pain after",
    )
    axes.plot(xs, before, color=BEFORE_COLOUR, linewidth=2, marker="o", markersize=marker_size, label="Pain before")

    axes.set_ylim(-0.4, PAIN_MAX + 0.4)
    axes.set_yticks(range(0, PAIN_MAX + 1, 2))
    axes.set_ylabel("Pain (0-10)")
    axes.set_xlabel("Visit date")
    axes.grid(axis="y", color="#dddddd", linewidth=0.8)
    axes.set_axisbelow(True)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    axes.set_xlim(-0.5, count - 0.5)
    axes.set_xticks(xs)
    every = _label_every(count)
    axes.set_xticklabels([p.date if i % every == 0 else "" for i, p in enumerate(points)])
    if count > LEVEL_LABELS:
        for label in axes.get_xticklabels():
            label.set_rotation(45)
            label.set_horizontalalignment("right")
            label.set_rotation_mode("anchor")

    # "$" would switch matplotlib into mathtext; a client's name is plain text.
    figure.suptitle(title.replace("$", r"\$"), x=0.02, horizontalalignment="left", fontweight="bold")
    handles, labels = axes.get_legend_handles_labels()
    axes.legend(handles[::-1], labels[::-1], loc="lower left", bbox_to_anchor=(0, 1.0), ncols=2, frameon=False)

    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=150, facecolor="white")
    return buffer.getvalue()
