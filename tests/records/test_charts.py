from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest

from massage_match.errors import MassageMatchError
from massage_match.records.charts import ChartError, png_chart, svg_chart, terminal_chart
from massage_match.records.model import PainPoint

SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = '<script>alert(1)</script> & "x"'

POINTS = [
    PainPoint(1, "2026-09-01", 8, 5),
    PainPoint(2, "2026-09-15", 7, None),
    PainPoint(3, "2026-10-01", 7, 3),
    PainPoint(4, "2026-10-14", 5, 2),
]


def many(count: int) -> list[PainPoint]:
    return [
        PainPoint(i + 1, f"2026-{1 + i // 28:02d}-{1 + i % 28:02d}", 9 - i % 10, None if i % 7 == 3 else i % 6)
        for i in range(count)
    ]


def markers(svg: str, series: str) -> list[ET.Element]:
    root = ET.fromstring(svg)
    return [e for e in root.iter() if e.get("class") == f"marker {series}"]


def series_lines(svg: str) -> list[ET.Element]:
    return list(ET.fromstring(svg).iter(f"{SVG}polyline"))


# --- SVG ------------------------------------------------------------------------------------------


def test_svg_is_a_standalone_document():
    svg = svg_chart(POINTS, "Ana")
    assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg" ')
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    for attribute in ("width", "height", "viewBox"):
        assert root.get(attribute)
    assert root.get("viewBox") == f"0 0 {root.get('width')} {root.get('height')}"
    assert root.find(f"{SVG}title") is not None
    assert root.find(f"{SVG}title").text == "Ana"


def test_svg_has_one_marker_per_value_and_skips_a_missing_after():
    svg = svg_chart(POINTS, "Ana")
    assert len(markers(svg, "before")) == 4
    after = markers(svg, "after")
    assert len(after) == 3  # visit 2 has no after value
    tips = [m.find(f"{SVG}title").text for m in after]
    assert not any("2026-09-15" in tip for tip in tips)


def test_svg_missing_after_is_a_gap_not_a_zero():
    svg = svg_chart(POINTS, "Ana")
    lines = series_lines(svg)
    point_counts = sorted(len(line.get("points").split()) for line in lines)
    # before: one line through all 4; after: visit 1 stands alone, visits 3-4 are joined
    assert point_counts == [2, 4]
    zero_y = max(float(m.get("y")) for m in markers(svg, "after")) + 4.5
    baseline = max(float(line.get("y1")) for line in ET.fromstring(svg).iter(f"{SVG}line"))
    assert zero_y < baseline  # no after marker sits on the 0 line


def test_svg_higher_pain_is_drawn_higher():
    svg = svg_chart([PainPoint(1, "2026-01-01", 9, 1)], "Ana")
    (before,) = markers(svg, "before")
    (after,) = markers(svg, "after")
    assert float(before.get("cy")) < float(after.get("y"))


def test_svg_single_point_still_draws():
    svg = svg_chart([PainPoint(1, "2026-01-01", 6, None)], "Ana")
    assert len(markers(svg, "before")) == 1
    assert markers(svg, "after") == []
    assert "2026-01-01" in svg
    width = float(ET.fromstring(svg).get("width"))
    (marker,) = markers(svg, "before")
    assert 0 < float(marker.get("cx")) < width


def test_svg_escapes_a_hostile_title():
    svg = svg_chart(POINTS, HOSTILE)
    assert "<script>" not in svg
    assert HOSTILE not in svg
    root = ET.fromstring(svg)
    assert root.find(f"{SVG}title").text == HOSTILE
    assert HOSTILE in [t.text for t in root.iter(f"{SVG}text")]
    assert root.find(f".//{SVG}script") is None


def test_svg_escapes_hostile_dates():
    svg = svg_chart([PainPoint(1, '"><script>x</script>', 5, 4)], "Ana")
    assert "<script>" not in svg
    ET.fromstring(svg)


def test_svg_axis_labels_and_many_visits():
    svg = svg_chart(many(60), "Ana")
    root = ET.fromstring(svg)
    texts = [t.text for t in root.iter(f"{SVG}text")]
    for value in range(0, 11, 2):
        assert str(value) in texts
    assert len(markers(svg, "before")) == 60
    assert len(markers(svg, "after")) == 60 - len([p for p in many(60) if p.pain_after is None])
    dates = [t for t in root.iter(f"{SVG}text") if t.text and t.text.startswith("2026-")]
    assert 1 < len(dates) < 60  # thinned
    assert all("rotate" in (t.get("transform") or "") for t in dates)
    assert dates[0].text == "2026-01-01"


def test_svg_few_visits_label_every_date_level():
    svg = svg_chart(POINTS, "Ana")
    dates = [t for t in ET.fromstring(svg).iter(f"{SVG}text") if t.text and t.text.startswith("2026-")]
    assert [t.text for t in dates] == [p.date for p in POINTS]
    assert not any(t.get("transform") for t in dates)


def test_svg_series_differ_in_more_than_colour():
    svg = svg_chart(POINTS, "Ana")
    before_line, after_line = sorted(series_lines(svg), key=lambda e: len(e.get("points").split()), reverse=True)
    assert before_line.get("stroke-dasharray") is None
    assert after_line.get("stroke-dasharray")
    assert markers(svg, "before")[0].tag != markers(svg, "after")[0].tag


# --- empty input ----------------------------------------------------------------------------------


@pytest.mark.parametrize("chart", [svg_chart, png_chart])
def test_no_points_is_a_chart_error(chart):
    with pytest.raises(ChartError, match="^no visits to chart$"):
        chart([], "Ana")


def test_chart_error_is_a_massage_match_error():
    assert issubclass(ChartError, MassageMatchError)


# --- terminal -------------------------------------------------------------------------------------


def test_terminal_empty():
    assert terminal_chart([]) == []


def test_terminal_one_line_per_visit_with_both_series():
    lines = terminal_chart(POINTS)
    assert len(lines) == len(POINTS)
    first = lines[0]
    assert "2026-09-01" in first and "before" in first and "after" in first
    assert first.count("█") == 8 + 5
    assert first.rstrip().endswith("5")


def test_terminal_marks_a_missing_after():
    line = terminal_chart(POINTS)[1]
    assert "not recorded" in line
    assert "after" in line
    assert line.count("█") == 7  # only the before bar


@pytest.mark.parametrize("width", [10, 25, 40, 50, 60, 80, 120])
def test_terminal_never_wider_than_width(width):
    for points in (POINTS, many(60), [PainPoint(12345, "2026-01-01", 10, None)]):
        lines = terminal_chart(points, width)
        assert len(lines) == len(points)
        assert all(len(line) <= width for line in lines)


def test_terminal_narrow_still_shows_the_numbers():
    lines = terminal_chart(POINTS, 45)
    assert lines[0] == "2026-09-01 #1 before 8 after 5"
    assert lines[1] == "2026-09-15 #2 before 7 after not recorded"
    # tighter still, the missing mark shortens rather than being cut
    assert terminal_chart(POINTS, 40)[1] == "2026-09-15 #2 before 7 after n/r"


def test_terminal_many_visits_at_80_columns():
    points = many(60)
    lines = terminal_chart(points, 80)
    assert len(lines) == 60
    assert all(len(line) <= 80 for line in lines)
    assert all("\x1b" not in line for line in lines)
    assert sum("not recorded" in line for line in lines) == sum(p.pain_after is None for p in points)


def test_terminal_out_of_range_pain_does_not_break_the_bar():
    (line,) = terminal_chart([PainPoint(1, "2026-01-01", 14, -2)], 60)
    assert line.count("█") == 10
    assert "14" in line


# --- PNG ------------------------------------------------------------------------------------------


def test_png_chart_is_a_png():
    pytest.importorskip("matplotlib")
    for points in (POINTS, POINTS[:1], [PainPoint(1, "2026-01-01", 3, None)], many(60)):
        data = png_chart(points, HOSTILE + " $5 $")
        assert data.startswith(b"\x89PNG\r\n\x1a\n")
        assert len(data) > 1000


def test_png_chart_without_matplotlib(monkeypatch):
    # None in sys.modules makes the import fail as if the package were not installed
    for name in ("matplotlib", "matplotlib.figure", "matplotlib.backends", "matplotlib.backends.backend_agg"):
        monkeypatch.setitem(sys.modules, name, None)
    with pytest.raises(ChartError) as raised:
        png_chart(POINTS, "Ana")
    assert str(raised.value) == ("a PNG chart needs matplotlib: pip install 'massage-match[plot]' (or ask for an .svg)")
    assert "\n" not in str(raised.value)


def test_importing_charts_does_not_import_matplotlib():
    code = (
        "import sys, massage_match.records.charts as c; "
        "c.svg_chart([c.PainPoint(1, '2026-01-01', 5, 3)], 'x'); c.terminal_chart([]); "
        "print('matplotlib' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"
