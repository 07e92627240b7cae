"""The whole generation step: validate the tree, render every page, sync the build folder."""

from __future__ import annotations

import io
import os
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from cohortkit.data.schemas import schema_dir
from cohortkit.program.pages import published_site_url, site_name
from cohortkit.site.assemble import SyncReport, write_pages
from cohortkit.site.progress import read_progress
from cohortkit.site.render import Renderer, SiteOptions
from cohortkit.support.gcpause import cyclic_gc_paused
from cohortkit.validation.pipeline import validate_tree
from cohortkit.validation.report import write_report


@dataclass
class BuildResult:
    pages: int
    sync: SyncReport | None
    problems: str  # the validation report when the data has errors, else empty
    seconds: dict[str, float] = field(default_factory=dict)  # per phase, for the benchmark
    warnings: list[str] = field(default_factory=list)  # what was left out, and why (the build still succeeds)


def build_pages(
    root: Path,
    out: Path,
    today: date,
    progress: Path | None,
    template_dirs: Sequence[Path],
    image_hosts: Sequence[str] = (),
    pdfs: bool = False,
) -> BuildResult:
    # Pages are only made from data that passed every check: the templates
    # assume that references resolve and dates are in order.
    started = time.perf_counter()
    tree, problems = validate_tree(root)
    validated = time.perf_counter()
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        report = io.StringIO()
        write_report(errors, tree.file_count, "text", report)
        return BuildResult(0, None, report.getvalue())
    options = SiteOptions(
        today=today,
        progress=read_progress(progress),
        template_dirs=tuple(template_dirs),
        schema_dir=schema_dir(root),
        image_hosts=tuple(image_hosts),
        pdfs=pdfs,
        site_name=site_name(root),
        # In Actions the repository names its Pages address when mkdocs.yml gives none.
        site_url=published_site_url(root, os.environ.get("GITHUB_REPOSITORY", "")),
    )
    with cyclic_gc_paused():
        renderer = Renderer(tree.model, options)
        pages = renderer.render()
    rendered = time.perf_counter()
    sync = write_pages(out, pages, root / "docs")
    seconds = {
        "validate": validated - started,
        "render": rendered - validated,
        **{f"of which {phase}": spent for phase, spent in renderer.seconds.items()},
        "write": time.perf_counter() - rendered,
    }
    return BuildResult(len(pages), sync, "", seconds, renderer.warnings)
