"""The metrics charts: the same bytes every build, nothing loaded from anywhere, readable in both schemes."""

from __future__ import annotations

import re
import subprocess
import sys

from cohortkit.site.charts import PALETTE, Series, bar_chart

CATEGORIES = ("2026-q2", "2026-q4", "2027-q1")
SERIES = (
    Series("mentees", (14, 11, None), ("", "", "<5")),
    Series("mentors", (6, None, None), ("", "\u00d7", "<5")),
)
# Material's page backgrounds: the default (light) scheme and slate (dark), hsla(232, 15%, 14%).
LIGHT, DARK = (255, 255, 255), (30, 32, 41)


def _chart(prefix: str = "ck-test") -> str:
    return bar_chart(CATEGORIES, SERIES, "people", target=16.0, target_label="target: 16", prefix=prefix)


def _luminance(rgb: tuple[int, int, int]) -> float:
    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_the_same_data_gives_the_same_bytes_in_another_process():
    code = (
        "from cohortkit.site.charts import Series, bar_chart;"
        f"print(bar_chart({CATEGORIES!r}, {SERIES!r}, 'people', target=16.0, target_label='target: 16', prefix='ck-test'), end='')"
    )
    other = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert other == _chart() == _chart()


def test_nothing_is_loaded_and_nothing_runs():
    svg = _chart()
    assert "<script" not in svg and "<image" not in svg and "<foreignObject" not in svg
    assert "@import" not in svg and "<!--" not in svg and "<?xml" not in svg
    # The only addresses are the XML namespaces; every reference is to the chart's own ids.
    assert set(re.findall(r"https?://[^\"\s]+", svg)) <= {
        "http://www.w3.org/2000/svg",
        "http://www.w3.org/1999/xlink",
    }
    assert all(ref.startswith("ck-test-") for ref in re.findall(r'href="#([^"]+)"', svg))
    assert all(ref.startswith("ck-test-") for ref in re.findall(r"url\(#([^)]+)\)", svg))
    assert "<text" not in svg  # text is drawn as paths: no font needed


def test_readable_in_light_and_dark_mode():
    svg = _chart()
    colours = set(re.findall(r"#[0-9a-fA-F]{6}\b", svg))
    assert colours <= set(PALETTE), colours  # no black or white: those are the page's own colour
    assert "currentColor" in svg and 'fill="currentColor"' in svg
    for colour in PALETTE:
        rgb = tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))
        assert contrast(rgb, LIGHT) >= 3 and contrast(rgb, DARK) >= 3, colour


def test_a_hidden_count_is_never_a_bar():
    shown = sum(v is not None for s in SERIES for v in s.values)
    # Each bar is one patch drawn in a palette colour; the legend adds one swatch per series.
    bars = sum(len(re.findall(re.escape(c), _chart())) for c in PALETTE[: len(SERIES)])
    assert bars == shown + len(SERIES)


def test_two_charts_on_one_page_share_no_id():
    first, second = _chart("ck-a"), _chart("ck-b")
    ids = re.findall(r'\bid="([^"]+)"', first) + re.findall(r'\bid="([^"]+)"', second)
    assert len(ids) == len(set(ids))
