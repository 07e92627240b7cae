"""The certificates' PDFs for the site, drawn in forked workers while the pages render.

A PDF takes about 50 ms (most of it cairo subsetting and compressing the
fonts), so a program with hundreds of earners draws them beside the rest of
the build rather than before it. A certificate whose name no shipped font can
draw gets no PDF, and the build says so; its page is published all the same.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from cohortkit.errors import CohortkitError
from cohortkit.outcomes.certificate_pdf import CertificateRenderer
from cohortkit.outcomes.certificate_text import certificate_text
from cohortkit.outcomes.certificates import Assessment
from cohortkit.program.pages import certificate_pdf_path
from cohortkit.support import forked

PARALLEL_FROM = 40  # certificates; below this a worker's start-up costs more than it saves

Drawn = tuple[str, bytes | str]  # (site path, the PDF or why there is none)


def start_pdfs(
    earned: Sequence[Assessment], site_url: str, template_dirs: Sequence[Path], requested: int | None
) -> forked.Pending[Drawn]:
    renderer = CertificateRenderer(template_dirs)

    def draw(part: Sequence[Assessment]) -> list[Drawn]:
        made: list[Drawn] = []
        for a in part:
            path = certificate_pdf_path(a.cohort.id, a.login)
            try:
                made.append((path, renderer.pdf(certificate_text(a, site_url))))
            except CohortkitError as error:
                made.append((path, str(error)))
        return made

    workers = forked.worker_count(requested, len(earned), PARALLEL_FROM)
    return forked.start(draw, earned, workers)
