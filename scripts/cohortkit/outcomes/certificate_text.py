"""What an earned certificate says, from the record: one source for its page wording and its PDF."""

from __future__ import annotations

from cohortkit.data.model import Program
from cohortkit.outcomes.certificate_pdf import CertificateText
from cohortkit.outcomes.certificates import Assessment
from cohortkit.outcomes.palette import program_colours
from cohortkit.program.date_words import long_date
from cohortkit.program.pages import absolute_url, certificate_page, page_url


def term_name(program: Program, term: str) -> str:
    return next((t.name for t in program.terms if t.id == term), term)


def certificate_text(earned: Assessment, site_url: str) -> CertificateText:
    """The certificate of one earner; its QR code points to its page when the site's address is known."""
    cohort, program, role = earned.cohort, earned.program, earned.role
    name = earned.person.name if earned.person is not None else earned.login
    coordinators = ", ".join(f"@{login}" for login in program.coordinators)
    return CertificateText(
        name=name,
        program=program.name,
        heading=f"Certificate of {'mentoring' if role == 'mentor' else 'completion'}",
        took_part=f"took part as a {role} in the cohort",
        cohort=cohort.title,
        goal=f"Goal: {cohort.goal.task}",
        dates=f"{long_date(cohort.start)} to {long_date(cohort.end)} · {term_name(program, cohort.term)}",
        issuer=f"Issued by the coordinators of {program.name}",
        coordinators=coordinators,
        issued=f"Issued on {long_date(cohort.end)}",
        seal=str(cohort.end.year),
        verify_url=absolute_url(site_url, page_url(certificate_page(cohort.id, earned.login))),
        title=f"Certificate: {name}, {cohort.title}",
        issued_on=cohort.end,
        colours=program_colours(program),
    )
