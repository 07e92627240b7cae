"""The subset of GitHub's issue search syntax the fake understands.

Matching follows GitHub's lexical search rather than substring search: text is split into
lower-case word tokens and punctuation is ignored, so the phrase
``"<!-- cohortkit:checkin cohort=x period=3 -->"`` matches any text containing the words
``cohortkit checkin cohort x period 3`` in that order. Real search is that loose, so a
client that finds an issue by a hidden marker must still check the marker in the body.
Qualifiers the fake does not know are answered with 422 so a test never silently gets
"no results" for a query GitHub would have understood.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from .state import Issue, RepoState

_TOKEN = re.compile(r'(-?)([A-Za-z_]+):("[^"]*"|\S+)|"([^"]*)"|(\S+)')
_WORD = re.compile(r"\w+")


class SearchError(ValueError):
    """A query the fake cannot (or GitHub would not) answer; becomes a 422."""


def words(text: str | None) -> list[str]:
    return _WORD.findall((text or "").lower())


def _contains(haystack: list[str], needle: list[str]) -> bool:
    n = len(needle)
    return any(haystack[i : i + n] == needle for i in range(len(haystack) - n + 1))


@dataclass
class SearchQuery:
    repos: list[str] = field(default_factory=list)
    kind: str | None = None  # "issue" or "pr"
    state: str | None = None
    label_groups: list[list[str]] = field(default_factory=list)  # AND of ORs
    fields: set[str] = field(default_factory=set)  # in:title/body/comments
    author: str | None = None
    assignee: str | None = None
    no: set[str] = field(default_factory=set)
    terms: list[list[str]] = field(default_factory=list)  # each a phrase of words

    @classmethod
    def parse(cls, q: str) -> SearchQuery:
        query = cls()
        for m in _TOKEN.finditer(q):
            negated, key, raw, phrase, word = m.groups()
            if key is None:
                tokens = words(phrase if phrase is not None else word)
                if tokens:
                    query.terms.append(tokens)
                continue
            if negated:
                raise SearchError(f"fakegithub: negated qualifier -{key}: is not supported")
            query._qualifier(key.lower(), raw.strip('"'))
        return query

    def _qualifier(self, key: str, value: str) -> None:
        low = value.lower()
        if key == "repo":
            self.repos.append(low)
        elif key in ("is", "type") and low in ("issue", "pr", "pull-request"):
            self.kind = "issue" if low == "issue" else "pr"
        elif key in ("is", "state") and low in ("open", "closed"):
            self.state = low
        elif key == "label":
            self.label_groups.append([v.strip('"').casefold() for v in value.split(",")])
        elif key == "in":
            self.fields |= {f for f in low.split(",") if f in ("title", "body", "comments")}
        elif key == "author":
            self.author = low
        elif key == "assignee":
            self.assignee = low
        elif key == "no" and low in ("label", "assignee"):
            self.no.add(low)
        else:
            raise SearchError(f"fakegithub does not support the search qualifier {key}:{value}")

    def matcher(self, state: RepoState) -> Callable[[Issue], bool]:
        full_name = f"{state.owner}/{state.name}".lower()

        def match(issue: Issue) -> bool:
            if self.repos and full_name not in self.repos:
                return False
            if self.kind is not None and (self.kind == "pr") != issue.is_pull_request:
                return False
            if self.state is not None and issue.state != self.state:
                return False
            names = {lbl.name.casefold() for lbl in state.issue_labels(issue)}
            if any(not names.intersection(group) for group in self.label_groups):
                return False
            if self.author is not None and issue.user.lower() != self.author:
                return False
            if self.assignee is not None and self.assignee not in {a.lower() for a in issue.assignees}:
                return False
            if ("label" in self.no and names) or ("assignee" in self.no and issue.assignees):
                return False
            return all(self._term_matches(term, issue, state) for term in self.terms)

        return match

    def _term_matches(self, term: list[str], issue: Issue, state: RepoState) -> bool:
        fields = self.fields or {"title", "body", "comments"}
        texts: list[str | None] = []
        if "title" in fields:
            texts.append(issue.title)
        if "body" in fields:
            texts.append(issue.body)
        if "comments" in fields:
            texts.extend(c.body for c in state.comments.get(issue.number, []))
        return any(_contains(words(t), term) for t in texts)
