"""Migration on random data: what the steps mean is what gets written, and a second run changes nothing."""

from __future__ import annotations

from typing import Any

from cohortkit.data.migrate import plan_text
from cohortkit.data.yamlread import parse_yaml_text
from cohortkit.data.yamlwrite import dump, node, reads_as_text
from future_version import FUTURE
from hypothesis import assume, given, settings
from hypothesis import strategies as st

V2 = FUTURE.versions[1:]
# Keys as the schemas allow them (lower-case names), and that YAML reads as text ("no" it does not).
KEYS = st.from_regex(r"[a-z][a-z_]{0,8}", fullmatch=True).filter(
    lambda k: k not in {"time_zone", "timezone", "languages"} and reads_as_text(k)
)
# Text that YAML likes to misread when plain: yes/no words, times, numbers, leading symbols.
TRICKY = st.sampled_from(
    ["no", "on", "12:30", "1_000", "#hash", "- dash", "a: b", "ünïcödé", "", " x", "null"]
)
TEXT = st.one_of(TRICKY, st.text(st.characters(codec="utf-8", exclude_categories=("Cc", "Cs")), max_size=12))
VALUE = st.recursive(
    TEXT | st.integers(-1000, 1000) | st.booleans(), lambda inner: st.lists(inner, max_size=3), max_leaves=6
)


@st.composite
def person(draw: st.DrawFn) -> tuple[dict[str, Any], str]:
    extra = draw(st.dictionaries(KEYS, VALUE, max_size=5))
    items = list(extra.items())
    items.insert(draw(st.integers(0, len(items))), ("time_zone", draw(TEXT)))
    if draw(st.booleans()):
        items.insert(draw(st.integers(0, len(items))), ("languages", draw(TEXT | st.lists(TEXT, max_size=3))))
    document = dict(items)
    return document, dump(node(document))


@settings(max_examples=150, deadline=None)
@given(person())
def test_a_migrated_file_holds_what_the_steps_mean_and_a_second_run_changes_nothing(drawn):
    document, text = drawn
    assume(parse_yaml_text(text, "people/p.yaml")[1] == [])  # a file validate reads (no U+2028, say)
    plan = plan_text("people/p.yaml", "person", text, V2)
    assert plan.refusals == () and plan.after is not None
    expected = dict(document)
    expected["timezone"] = expected.pop("time_zone")
    if "languages" in expected and not isinstance(expected["languages"], list):
        expected["languages"] = [expected["languages"]]
    written, problems = parse_yaml_text(plan.after, "people/p.yaml")
    assert problems == [] and written == expected
    assert list(written) == [("timezone" if k == "time_zone" else k) for k in document]  # order kept
    again = plan_text("people/p.yaml", "person", plan.after, V2)
    assert again.after is None and again.changes == ()
