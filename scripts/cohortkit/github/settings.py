"""How a run reaches GitHub: the token, the API's address and the pace, read from the environment."""

from __future__ import annotations

import os
import urllib.parse
from dataclasses import dataclass

from cohortkit.errors import CohortkitError

DEFAULT_API_URL = "https://api.github.com"


@dataclass(frozen=True)
class ClientSettings:
    token: str
    api_url: str = DEFAULT_API_URL
    pace: float | None = None  # seconds between two writes; None: GitHub's limits (budget.py), 0: none
    retries: int = 6
    backoff: float = 1.0  # seconds, doubled on each retry
    secondary_rate_wait: float = 60.0  # when a secondary limit gives no Retry-After
    timeout: int = 30  # seconds for one request (PyGithub takes whole seconds)

    @classmethod
    def from_environment(cls, pace: float | None = None) -> ClientSettings:
        token = os.environ.get("GITHUB_TOKEN", "")
        if not token:
            raise CohortkitError(
                "GITHUB_TOKEN is not set; in a workflow, pass it as env: GITHUB_TOKEN: ${{ github.token }}"
            )
        api_url = configured_api_url()
        parts = urllib.parse.urlsplit(api_url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            # PyGithub would stop on it with an AssertionError or AttributeError, which reads as our bug.
            raise CohortkitError(
                f"GITHUB_API_URL is {api_url!r}, not a web address; set it to the API's address, "
                f"such as {DEFAULT_API_URL} (Actions sets it for you)"
            )
        return cls(token=token, api_url=api_url, pace=pace)


def configured_api_url() -> str:
    return os.environ.get("GITHUB_API_URL") or DEFAULT_API_URL
