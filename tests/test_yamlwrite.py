"""The round-trip writer: whatever an edit builds, the project's own reader takes back unchanged."""

from __future__ import annotations

from datetime import date

from cohortkit.data import yamlwrite
from cohortkit.data.yamlread import parse_yaml_text
from hypothesis import given
from hypothesis import strategies as st

_SCALARS = st.one_of(
    st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31)),
    st.integers(min_value=-(2**31), max_value=2**31),
    st.booleans(),
    st.text(st.characters(codec="utf-8", categories=("L", "N", "Zs", "P")), max_size=12).map(
        yamlwrite.scalar
    ),
)


@given(
    shared=st.lists(
        st.one_of(_SCALARS, st.dictionaries(st.sampled_from("abc"), _SCALARS, min_size=1)),
        min_size=1,
        max_size=4,
    ),
    picks=st.lists(st.integers(0, 3), min_size=2, max_size=8),
)
def test_a_value_placed_twice_is_written_out_twice_never_as_an_anchor(shared, picks):
    # A coordinator's script, or matching, may put one date object into several entries.
    document = yamlwrite.load("# kept\nid: x\n")
    document["members"] = [{"value": shared[i % len(shared)]} for i in picks]
    text = yamlwrite.dump(document)
    parsed, problems = parse_yaml_text(text, "cohorts/x.yaml")
    assert problems == [], text
    assert text.startswith("# kept\n")
    assert [m["value"] for m in parsed["members"]] == [
        yamlwrite.plain(shared[i % len(shared)]) for i in picks
    ]
