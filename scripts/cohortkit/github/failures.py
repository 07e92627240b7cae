"""GitHub's failures explained: which request failed, whether a retry can help, and what to do."""

from __future__ import annotations

import contextlib
import re
import sys
import time
import urllib.parse
from collections.abc import Iterator
from typing import Any

from cohortkit.github.settings import configured_api_url

# PyGithub's exceptions do not say which request failed; `noting_request`
# adds it as a note (PEP 678), which keeps the exception's type for callers
# that catch it (a 404 on removing a label) and shows in a debug traceback.

_REQUEST_NOTE = "cohortkit request: "


@contextlib.contextmanager
def noting_request(verb: str, path: str) -> Iterator[None]:
    try:
        yield
    except Exception as exc:
        exc.add_note(f"{_REQUEST_NOTE}{verb} {path}")
        raise


def describe_refusal(exc: Any) -> str:
    """A GitHub refusal of one request, in words for the health issue and the log.

    These are GitHub's answers about one issue (locked, deleted, moved, a body
    too long), so the run records them and carries on with every other cohort.
    """
    status = exc.status if isinstance(exc.status, int) else 0
    data = exc.data if isinstance(exc.data, dict) else {}
    message = str(data.get("message") or "").strip()
    details = "; ".join(
        str(e.get("message") or f"{e.get('field', '')} {e.get('code', '')}".strip())
        for e in data.get("errors") or ()
        if isinstance(e, dict)
    )
    said = f"HTTP {status}" + (f" {message}" if message else "") + (f" ({details})" if details else "")
    if status == 410:
        return f"{said}: the issue was deleted; the tool records it and does not reopen it"
    if status == 301:
        return f"{said}: the issue was transferred to another repository"
    if status == 403 and "locked" in message.lower():
        return f"{said}: the issue is locked; unlock it or close it by hand"
    if status == 422 and "too long" in (message + details).lower():
        return f"{said}: the text is over GitHub's 65,536 characters"
    return said


def explain_failure(exc: BaseException) -> str | None:
    """One line for a failure of the network or an answer of GitHub's that no fix of ours can avoid.

    None for anything else, which stays an internal error. Only commands that
    reach GitHub import requests and PyGithub; when they are not loaded, `exc`
    cannot be theirs, and the check imports nothing.
    """
    if "requests" not in sys.modules:
        return None
    import requests

    api_url = configured_api_url()
    if isinstance(
        exc, requests.ConnectionError | requests.Timeout | requests.exceptions.ChunkedEncodingError
    ):
        return (
            f"cannot reach the GitHub API at {_address_tried(exc, api_url)} ({_network_reason(exc)}); "
            "check GITHUB_API_URL and the network"
        )
    if "github" not in sys.modules:
        return None
    from github import GithubException

    if isinstance(exc, GithubException):
        return _github_refusal(exc, api_url)
    return None


def _github_refusal(exc: Any, api_url: str) -> str | None:
    status = exc.status if isinstance(exc.status, int) else 0
    data = exc.data if isinstance(exc.data, dict) else {}
    message = str(data.get("message") or "").strip()
    # GitHub's messages run on with "If you reach out to GitHub Support..."; the first sentence says it.
    said = f"HTTP {status}" + (f": {message.split('. ')[0].rstrip('.')}" if message else "")
    request = next(
        (n.removeprefix(_REQUEST_NOTE) for n in getattr(exc, "__notes__", ()) if n.startswith(_REQUEST_NOTE)),
        "",
    )
    to = f" to {request}" if request else ""
    headers = {str(k).lower(): str(v) for k, v in (exc.headers or {}).items()}
    if status == 401:
        return (
            f"GitHub at {api_url} refused the token ({said}); check GITHUB_TOKEN: "
            "it may be mistyped, expired or revoked, or made for another GitHub than GITHUB_API_URL"
        )
    if status == 429 or (
        status == 403 and ("rate limit" in message.lower() or headers.get("x-ratelimit-remaining") == "0")
    ):
        reset = headers.get("x-ratelimit-reset", "")
        after = (
            f"after {time.strftime('%H:%M UTC', time.gmtime(int(reset)))}, when the limit resets"
            if reset.isdigit() and headers.get("x-ratelimit-remaining") == "0"
            else "in a few minutes"  # a secondary limit, which gives no reset time
        )
        return (
            f"GitHub's rate limit for this token is used up ({said}{to}), and waiting and retrying "
            f"did not get through; run again {after}"
        )
    if status == 403:
        return (
            f"GitHub refused{to} ({said}); the token lacks a permission: in a workflow, grant it "
            "permissions: issues: write (and pull-requests: write for review comments)"
        )
    if status == 404:
        repo = re.match(r"^(?:https?://[^/]+)?(?:/api/v3)?/repos/([^/]+/[^/?]+)", request.partition(" ")[2])
        which = f"the repository {repo[1]}" if repo else "the repository named by --repo"
        return (
            f"GitHub found nothing{to} ({said}); check that {which} exists and that GITHUB_TOKEN "
            "may see it (a private repository needs a token with access to it)"
        )
    if status >= 500:
        return (
            f"GitHub kept failing{to} ({said}) after retrying; it may be having an outage "
            "(https://www.githubstatus.com); run again later"
        )
    return None


def _address_tried(exc: Any, api_url: str) -> str:
    """The configured API address, or where the failed request went when that was elsewhere."""
    url = str(getattr(exc.request, "url", "") or "")
    if not url or url.startswith(api_url.rstrip("/")):
        return api_url
    parts = urllib.parse.urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def _network_reason(exc: BaseException) -> str:
    """What went wrong underneath requests and urllib3, in a few words."""
    import socket
    import ssl

    import requests
    from urllib3.exceptions import (
        ConnectTimeoutError,
        NameResolutionError,
        NewConnectionError,
        ProtocolError,
        ReadTimeoutError,
    )

    chain = list(_causes(exc))

    def found(*kinds: type[BaseException]) -> bool:
        return any(isinstance(e, kinds) for e in chain)

    if found(NameResolutionError, socket.gaierror):
        return "the host name does not resolve"
    if found(requests.exceptions.SSLError, ssl.SSLError):
        return "the TLS handshake failed; check the address and its certificate"
    # urllib3 makes NewConnectionError (a refused connection too) a kind of ConnectTimeoutError.
    if found(requests.Timeout, ReadTimeoutError, TimeoutError) or any(
        isinstance(e, ConnectTimeoutError) and not isinstance(e, NewConnectionError) for e in chain
    ):
        return "no answer in time"
    for cause in reversed(chain):
        if isinstance(cause, OSError) and cause.strerror and not isinstance(cause, requests.RequestException):
            return cause.strerror[:1].lower() + cause.strerror[1:]  # "connection refused"
    if found(ProtocolError, ConnectionError):
        return "the connection was dropped"
    return "the connection failed"


def _causes(exc: BaseException) -> Iterator[BaseException]:
    """`exc` and what it wraps: requests keeps urllib3's error in args, urllib3 its cause in `reason`."""
    seen: set[int] = set()
    todo = [exc]
    while todo:
        current = todo.pop(0)
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        reason = getattr(current, "reason", None)
        todo += [
            a
            for a in (*current.args, reason, current.__cause__, current.__context__)
            if isinstance(a, BaseException)
        ]


def retry_wait(exc: Exception, backoff: float, secondary_wait: float) -> float | None:
    """Seconds to wait before retrying a failed POST, or None when retrying cannot help."""
    import requests
    from github import GithubException

    if isinstance(exc, requests.RequestException):
        return backoff  # connection dropped or timed out
    assert isinstance(exc, GithubException)
    headers = {k.lower(): v for k, v in (exc.headers or {}).items()}
    if exc.status in (403, 429):
        if "retry-after" in headers and str(headers["retry-after"]).isdigit():
            return float(headers["retry-after"])
        if (
            headers.get("x-ratelimit-remaining") == "0"
            and str(headers.get("x-ratelimit-reset", "")).isdigit()
        ):
            return max(1.0, float(headers["x-ratelimit-reset"]) - time.time() + 1)
        message = str((exc.data or {}).get("message", "")) if isinstance(exc.data, dict) else ""
        if "rate limit" in message.lower():
            return secondary_wait
        return None  # a real permission error
    if exc.status >= 500:
        return backoff
    return None


def describe_briefly(exc: Exception) -> str:
    """A failure in a word or two ("HTTP 502", "ConnectionError"), for the log line of a retry."""
    from github import GithubException

    if isinstance(exc, GithubException):
        return f"HTTP {exc.status}"
    return type(exc).__name__
