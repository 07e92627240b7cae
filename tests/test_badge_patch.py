"""Goal badge patches and certificates in the program's colours: a template, escaped, readable."""

from __future__ import annotations

import dataclasses
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from cohortkit.outcomes.badges import BadgeFiles, awards, badge_image_path, badge_svg
from cohortkit.outcomes.palette import DARK_TEXT, LIGHT_TEXT, Colours, contrast, program_colours, readable_on
from cohortkit.outcomes.svg_templates import svg_environment, wrap
from cohortkit.validation.pipeline import validate_tree
from hypothesis import given
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[1]
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def model():
    tree, problems = validate_tree(ROOT)
    assert not [p for p in problems if p.severity == "error"]
    return tree.model


def test_text_on_a_colour_is_the_more_readable_of_white_and_black():
    assert readable_on("#ffffff") == DARK_TEXT
    assert readable_on("#000000") == LIGHT_TEXT
    assert readable_on("#ffeb3b") == DARK_TEXT  # yellow
    assert readable_on("#1d4e5f") == LIGHT_TEXT


@given(st.from_regex(r"#[0-9a-f]{6}", fullmatch=True))
def test_the_chosen_text_colour_always_reads(colour):
    # The better of white and near-black reaches at least 4.5:1 on any colour (WCAG AA for text).
    assert contrast(readable_on(colour), colour) >= 4.5


def test_each_example_programs_badge_is_in_its_colours(model):
    found = {}
    for award in awards(model):
        program = award.program
        svg = badge_svg(award)
        root = ET.fromstring(svg)
        fills = {node.get("fill") for node in root.iter() if node.get("fill")}
        colours = program_colours(program)
        assert {colours.primary, colours.accent} <= fills, program.id
        texts = " ".join("".join(t.itertext()) for t in root.iter(f"{SVG}text"))
        assert award.membership.role.upper() in texts
        assert award.cohort.title.split()[0] in texts
        found[program.id] = colours
    # Programs that set colours have them; one without keeps cohortkit's own.
    assert len(set(found.values())) == len(found) >= 3
    assert Colours() in found.values()


@pytest.mark.parametrize(
    "title",
    ["</text><script>alert(1)</script>", "Quote \" and ' & ampersand", "Ctrl\x07char ]]>", "<!ENTITY x>"],
)
def test_markup_in_a_title_or_goal_is_text_in_the_patch(model, title):
    award = awards(model)[0]
    cohort = dataclasses.replace(
        award.cohort, title=title, goal=dataclasses.replace(award.cohort.goal, task=title)
    )
    changed = dataclasses.replace(award, assessment=dataclasses.replace(award.assessment, cohort=cohort))
    root = ET.fromstring(badge_svg(changed))  # well-formed XML, whatever the title
    assert not list(root.iter(f"{SVG}script")) and not list(root.iter("script"))
    texts = " ".join("".join(t.itertext()) for t in root.iter(f"{SVG}text"))
    assert title.replace("\x07", "").split()[0] in texts


def test_a_programs_own_badge_template_is_used(model, tmp_path):
    (tmp_path / "badge.svg.j2").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg"><text>{{ role }} of {{ title_lines | join(" ") }}</text></svg>',
        encoding="utf-8",
    )
    award = awards(model)[0]
    files = BadgeFiles(model, "https://mentoring.example.org/", template_dirs=[tmp_path]).files()
    image = files[badge_image_path(award.cohort.id, award.membership.role)]
    assert image.startswith("<svg") and f"{award.membership.role.upper()} of" in image
    assert badge_svg(award, svg_environment([tmp_path])) == image


@given(st.text(st.characters(categories=("L", "Zs")), max_size=200), st.integers(5, 40), st.integers(1, 4))
def test_wrapped_lines_stay_within_their_count_and_keep_the_words(text, width, lines):
    wrapped = wrap(text, width, lines)
    assert len(wrapped) <= lines
    joined = " ".join(wrapped)
    if not joined.endswith("…"):
        assert joined.split() == text.split()
