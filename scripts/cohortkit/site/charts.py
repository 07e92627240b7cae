"""Bar charts for the metrics pages, as SVG that is the same byte for byte whenever the data is.

Drawn with matplotlib's SVG backend and nothing global: a `Figure` of our own
(no pyplot state), settings applied only while drawing, a fixed `svg.hashsalt`
(matplotlib's ids are otherwise random), no date in the metadata, and text
drawn as paths (`svg.fonttype: path`, from the DejaVu Sans that ships with
matplotlib), so a chart needs no font, script or file from anywhere.

The page shows the chart inline, beside the table it was drawn from, so the
chart can follow the colour scheme: everything drawn in black (text, axes,
the target line) is rewritten to `currentColor`, the page's own text colour
in light and in dark mode, and the bars use colours that keep at least 3:1
contrast against both Material's white and its dark slate background
(tests/test_metrics_charts.py measures them). Ids are prefixed per chart, so
several charts can share a page. A count that is not published (fewer than
5, or withheld) is drawn as no bar, with a mark above its place instead.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, cast

# Bars, in order. Each has at least 3:1 contrast on #ffffff and on Material's slate #1e2129.
PALETTE = ("#3a78c2", "#c0641d", "#2f9461", "#9b59b6")
SETTINGS: dict[str, Any] = {
    "svg.hashsalt": "cohortkit",
    "svg.fonttype": "path",
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "axes.edgecolor": "#000000",
    "axes.labelcolor": "#000000",
    "text.color": "#000000",
    "xtick.color": "#000000",
    "ytick.color": "#000000",
    "axes.spines.top": False,
    "axes.spines.right": False,
    "figure.facecolor": "none",
    "axes.facecolor": "none",
    "savefig.facecolor": "none",
    "savefig.edgecolor": "none",
    "path.simplify": False,
}
SMALL_MARK = "<5"
WITHHELD_MARK = "\u00d7"  # a multiplication sign: withheld


@dataclass(frozen=True, slots=True)
class Series:
    label: str
    values: tuple[int | None, ...]  # None: not published
    marks: tuple[str, ...] = ()  # what to write where a value is not published


def bar_chart(
    categories: Sequence[str],
    series: Sequence[Series],
    ylabel: str,
    target: float | None = None,
    target_label: str = "",
    prefix: str = "chart",
) -> str:
    """A grouped bar chart as SVG markup for a page (no XML prolog)."""
    import matplotlib  # imported here: a build without metrics pages never pays for it
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    with matplotlib.rc_context(cast(Any, SETTINGS)):
        figure = Figure(figsize=(6.4, 3.0), dpi=72)
        axes = figure.add_subplot()
        count = max(len(series), 1)
        width = 0.8 / count
        positions = range(len(categories))
        top = max([v for s in series for v in s.values if v is not None] + [target or 0, 5])
        for index, one in enumerate(series):
            xs = [p - 0.4 + width * (index + 0.5) for p in positions]
            shown = [(x, v) for x, v in zip(xs, one.values, strict=True) if v is not None]
            axes.bar(
                [x for x, _ in shown],
                [v for _, v in shown],
                width=width * 0.92,
                color=PALETTE[index % len(PALETTE)],
                label=one.label,
            )
            for x, value, mark in zip(xs, one.values, one.marks or ("",) * len(xs), strict=True):
                if value is None and mark:
                    axes.text(x, top * 0.02, mark, ha="center", va="bottom", fontsize=7)
        if target is not None:
            axes.axhline(target, color="#000000", linestyle="--", linewidth=1, label=target_label or "target")
        axes.set_xticks(list(positions), list(categories))
        axes.set_xlim(-0.6, len(categories) - 0.4)
        axes.set_ylabel(ylabel)
        axes.set_ylim(0, top * 1.15)
        axes.yaxis.set_major_locator(MaxNLocator(integer=True))
        axes.legend(
            frameon=False,
            fontsize=8,
            loc="lower left",
            bbox_to_anchor=(0, 1.0),
            ncols=min(count + (target is not None), 5),
            borderaxespad=0.2,
        )
        # Fixed margins: tight_layout would draw the figure twice, for the same result on these charts.
        figure.subplots_adjust(left=0.1, right=0.98, top=0.86, bottom=0.12)
        out = io.StringIO()
        figure.savefig(out, format="svg", metadata={"Date": None, "Creator": None})
    return clean_svg(out.getvalue(), prefix)


_ID = re.compile(r'\bid="([^"]+)"')
_REFERENCE = re.compile(r'((?:xlink:)?href="#|url\(#)([^")]+)')


def clean_svg(text: str, prefix: str) -> str:
    """Inline-ready SVG: no prolog or comments, black as currentColor, ids unique to this chart."""
    text = re.sub(r"<\?xml[^>]*\?>|<!DOCTYPE[^>]*>|<!--.*?-->", "", text, flags=re.DOTALL)
    text = re.sub(r"<metadata>.*?</metadata>", "", text, flags=re.DOTALL)
    text = re.sub(r"#000000\b", "currentColor", text)
    text = _ID.sub(lambda m: f'id="{prefix}-{m[1]}"', text)
    text = _REFERENCE.sub(lambda m: f"{m[1]}{prefix}-{m[2]}", text)
    # Markdown ends a raw HTML block at a blank line; a chart has none left.
    lines = [line for line in text.splitlines() if line.strip()]
    svg = "\n".join(lines)
    # Text inherits its fill: the page's text colour, like the axes.
    return svg.replace(
        "<svg ", '<svg aria-hidden="true" focusable="false" class="ck-chart__svg" fill="currentColor" ', 1
    )
