"""Review a pull request: load both revisions from git, diff their meaning, judge every change."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from cohortkit import __version__
from cohortkit.data.datatree import DATA_FOLDERS
from cohortkit.data.gitdata import Git, GitTree
from cohortkit.data.load import LoadedTree, LoadMemo, load_tree
from cohortkit.data.locate import Locator
from cohortkit.data.migrate import plan_text
from cohortkit.data.model import Model
from cohortkit.data.problems import Problem
from cohortkit.data.version_marker import MARKER, read_marker
from cohortkit.data.versions import changelog
from cohortkit.join.review.changes import Change, diff_models
from cohortkit.join.review.policy import Policy
from cohortkit.join.review.verdicts import Judgement, Verdict, strictest
from cohortkit.program import codeowners
from cohortkit.validation.rules import RuleContext, run_rules

JOIN_LABEL = "join request"
MENTOR_REVIEW_LABEL = "needs mentor review"
_FILE_REMOVALS = frozenset({"person-removed", "cohort-removed", "program-removed"})


@dataclass
class Review:
    base: str
    head: str
    author: str
    judgements: list[Judgement]
    problems: list[Problem]  # what the validator rejects in the head and not in the base
    base_model: Model
    head_model: Model  # the model of the merge result
    merged: str = ""  # the tree a merge into the base would make, which is what was judged
    verdict: Verdict = field(init=False)

    def __post_init__(self) -> None:
        self.verdict = strictest(j.verdict for j in self.judgements)

    @property
    def reviewers(self) -> list[str]:
        return _unique(r for j in self.judgements if j.verdict == "needs-review" for r in j.reviewers)

    @property
    def mentions(self) -> list[str]:
        return _unique(m for j in self.judgements for m in j.mention)

    @property
    def cohorts(self) -> list[str]:
        return sorted({j.change.cohort for j in self.judgements if j.change.cohort})

    @property
    def joins(self) -> list[Change]:
        return [j.change for j in self.judgements if j.change.kind == "membership-added"]

    @property
    def labels(self) -> list[str]:
        labels = []
        if self.joins:
            labels.append(JOIN_LABEL)
        labels.extend(f"cohort:{cohort_id}" for cohort_id in self.cohorts)
        if any(j.verdict == "needs-review" and j.change.cohort for j in self.judgements):
            labels.append(MENTOR_REVIEW_LABEL)
        return labels


def review_revisions(
    repo: Path, base_rev: str, head_rev: str, author: str, schemas: Path, today: date | None = None
) -> Review:
    """Judge what `head_rev` changes relative to `base_rev`, checked against the trusted `schemas`.

    `base_rev` is the base branch as it is now (its tip), not the merge base:
    what is judged is the merge of the head into it. `today` decides enrollment
    windows (the real date unless a test or a replay says otherwise).
    """
    git = Git(repo)
    base, head = git.resolve(base_rev), git.resolve(head_rev)
    # What a merge would put on the base branch, not what the branch changed when it was cut:
    # a join that branched before the cohort filled must be judged against today's seats.
    merged, conflicts = git.merge_tree(base, head)
    if conflicts:
        return _conflicting(git, base, head, author, conflicts, schemas)
    changed = git.changed(base, merged)
    base_tree, head_tree, head_git_tree = load_revisions(git, base, merged, schemas)
    head_entries = head_git_tree.entries
    base_problems = {_identity(p) for p in base_tree.problems}
    new = [p for p in head_tree.problems if _identity(p) not in base_problems]
    problems = Locator(head_tree.texts).place(new)
    invalid_files = sorted({p.file for p in problems if p.severity == "error"})

    changes = [
        change
        for change in diff_models(base_tree.model, head_tree.model)
        # A file that is still there but no longer validates is not a removal.
        if not (change.kind in _FILE_REMOVALS and change.file in head_entries)
    ]
    policy = Policy(base_tree.model, head_tree.model, author, changes, today)
    judgements = [policy.judge(change) for change in changes]
    judgements.extend(_invalid(file, problems) for file in invalid_files)
    # Data is what the loader reads; anything else that changes (a README.md or a dot-file
    # under people/, a script in a dot-folder, a workflow) reaches the default branch
    # unread by the validator, so it is never "no change".
    read = base_tree.texts.keys() | head_tree.texts.keys()
    outside = [
        c.path for c in changed if c.path not in read and not _derived(c.path, head_git_tree, head_tree)
    ]
    move = _data_version_move(GitTree(git, base, git.entries(base)), head_git_tree)
    if move is not None:
        # An upgrade that migrates: every data change is judged as part of the move.
        data_paths = sorted(c.path for c in changed if c.path in read)
        judgements = _judge_move(move, data_paths, base_tree, head_tree)
        if move.new == changelog().current:
            judgements.extend(_invalid(file, problems) for file in invalid_files)
        else:
            problems = []  # found by the schemas of another data version than the files'
        outside = [path for path in outside if path != MARKER]
    data_changed = len(outside) < len(changed) and move is None
    judgements.extend(_outside(path, data_changed) for path in outside)
    return Review(base, head, author, judgements, problems, base_tree.model, head_tree.model, merged)


@dataclass(frozen=True)
class Move:
    old: int
    new: int


def _data_version_move(base: GitTree, head: GitTree) -> Move | None:
    """The move when the pull request sets cohortkit.yml to a later data version than the base's.

    A marker that does not read (a link, not a number) moves nothing: it stays a
    change outside the data, judged as any other.
    """
    before, after = read_marker(base.root()), read_marker(head.root())
    if after.version is None or after.problems or before.problems:
        return None
    old = before.version if before.present else changelog().current
    return Move(old, after.version) if old is not None and after.version > old else None


def _judge_move(move: Move, paths: list[str], base: LoadedTree, head: LoadedTree) -> list[Judgement]:
    """A maintainer approves a migration; this release says whether it is only migrate's rewrite.

    When this release knows the new version, each changed file must be exactly what
    `cohortkit migrate` writes from the base's (or, for what the version leaves to do
    by hand, is pointed out). When it does not (the upgrade's new release is not the
    one the base pins, so not the one running here), it says so and judges nothing.
    """
    known = move.new <= changelog().current
    marker = Change("other-file", MARKER, MARKER)
    if not known:
        return [
            Judgement(
                marker,
                "needs-review",
                f"moves the data from data version {move.old} to {move.new}: this review runs cohortkit "
                f"{__version__}, the release the base branch pins, which reads data versions up to "
                f"{changelog().current} and cannot judge files written for {move.new}; a maintainer "
                "checks the branch with the new release (cohortkit validate passes, cohortkit migrate "
                "--check finds nothing to migrate) and that no data changed but what migrate rewrote",
            ),
            *(
                Judgement(
                    Change("other-file", path, path),
                    "needs-review",
                    f"changes {path} in the move to data version {move.new}: a maintainer checks it",
                )
                for path in paths
            ),
        ]
    versions = changelog().between(move.old, move.new)
    by_hand = [note for version in versions for note in version.by_hand]
    judgements = [
        Judgement(
            marker,
            "needs-review",
            f"moves the data from data version {move.old} to {move.new} (cohortkit migrate): "
            "a maintainer approves the migration",
        )
    ]
    for path in paths:
        change = Change("other-file", path, path)
        kind = DATA_FOLDERS.get(path.split("/", 1)[0])
        before, after = base.texts.get(path), head.texts.get(path)
        expected = (
            (plan_text(path, kind, before, versions).after or before) if kind and before is not None else None
        )
        if expected is not None and after == expected:
            judgements.append(
                Judgement(change, "needs-review", f"{path} is exactly what cohortkit migrate writes")
            )
        elif by_hand:
            judgements.append(
                Judgement(
                    change,
                    "needs-review",
                    f"changes {path} beyond what cohortkit migrate writes; data version {move.new} leaves "
                    f"this to do by hand: {' '.join(by_hand)}; a maintainer checks it is only that",
                )
            )
        else:
            judgements.append(
                Judgement(
                    change,
                    "rejected",
                    f"changes {path} beyond what cohortkit migrate writes from data version {move.old} "
                    f"to {move.new}: send other changes in a pull request of their own",
                )
            )
    return judgements


def load_revisions(git: Git, base: str, head: str, schemas: Path) -> tuple[LoadedTree, LoadedTree, GitTree]:
    """Both revisions' data, validated against `schemas`, each file parsed once per distinct blob."""
    memo = LoadMemo()
    loaded = []
    for commit in (base, head):
        tree = GitTree(git, commit, git.entries(commit))
        memo.content_ids = {path: entry.sha for path, entry in tree.entries.items()}
        # One batch for the blobs the memo lacks: for the head, only what the pull request changed.
        tree.prefetch(
            path
            for path in tree.entries
            if path.split("/", 1)[0] in DATA_FOLDERS and memo.key(path) not in memo.outcomes
        )
        data = load_tree(tree.root(), schemas_from=schemas, memo=memo)
        data.problems.extend(run_rules(RuleContext(data.model, tree.root())))
        loaded.append((data, tree))
    return loaded[0][0], loaded[1][0], loaded[1][1]


def _derived(path: str, tree: GitTree, loaded: LoadedTree) -> bool:
    """A file generated from the data, exactly as the head's data generates it (CODEOWNERS).

    A pull request that adds a mentor must update CODEOWNERS (validate fails on
    drift), so the regenerated file is part of the data change and judged with it;
    any other content is a change of its own, outside the data.
    """
    if path != codeowners.PATH or path not in tree.entries or codeowners.unbuilt(loaded.model):
        return False
    try:
        return tree.content(path).decode("utf-8") == codeowners.generate(loaded.model)
    except UnicodeDecodeError:
        return False


def _conflicting(git: Git, base: str, head: str, author: str, paths: list[str], schemas: Path) -> Review:
    base_tree = load_revisions(git, base, base, schemas)[0]
    judgements = [
        Judgement(
            Change("other-file", path, path),
            "rejected",
            f"{path} conflicts with the base branch: update the pull request (merge or rebase) "
            "so it can be judged as it would merge; for a sign-up the intake made from an issue "
            "form, edit the sign-up issue (any edit) and the intake rebuilds it on the base branch",
        )
        for path in paths
    ]
    return Review(base, head, author, judgements, [], base_tree.model, base_tree.model)


def _identity(problem: Problem) -> tuple[str, str, str, tuple[str | int, ...]]:
    return (problem.file, problem.rule, problem.message, problem.path)


def _invalid(file: str, problems: list[Problem]) -> Judgement:
    count = sum(1 for p in problems if p.file == file and p.severity == "error")
    return Judgement(
        Change("invalid-file", file, file),
        "rejected",
        f"the validator rejects {file}: {count} problem{'s' * (count != 1)}, listed below",
    )


def _outside(path: str, data_changed: bool) -> Judgement:
    change = Change("other-file", path, path)
    inside = path.split("/", 1)[0] in DATA_FOLDERS
    what = (
        f"changes {path}, which is not a data file cohortkit reads"
        if inside
        else f"changes {path}, outside programs/, cohorts/ and people/"
    )
    if data_changed:
        return Judgement(
            change,
            "rejected",
            f"{what}, in a pull request that changes data: send it in a pull request of its own",
        )
    return Judgement(change, "needs-review", f"{what}: a maintainer reviews")


def _unique(logins: Iterable[str]) -> list[str]:
    seen: dict[str, str] = {}
    for login in logins:
        seen.setdefault(login.lower(), login)
    return list(seen.values())
