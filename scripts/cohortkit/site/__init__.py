"""The public site: generated Markdown pages from the validated model, for MkDocs Material.

`render_site(model, SiteOptions(today=...))` returns {path: text}; `write_pages`
puts them next to the hand-written docs/ pages in a build folder that
mkdocs.yml names as its docs_dir.
"""

from __future__ import annotations

from cohortkit.site.assemble import write_pages
from cohortkit.site.render import SiteOptions, render_site

__all__ = ["SiteOptions", "render_site", "write_pages"]
