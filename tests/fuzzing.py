"""Settings shared by the fuzz tests (tests/test_fuzz_*.py)."""

from __future__ import annotations

import os
from typing import Any

from hypothesis import HealthCheck, settings


def fuzz_settings(default: int, share: float = 1.0) -> settings:
    """`default` examples in `make test`; COHORTKIT_FUZZ_EXAMPLES (times `share`) in the scheduled fuzz,
    which also draws new examples each run (the CI profile would repeat the same ones every week)."""
    scaled = int(os.environ.get("COHORTKIT_FUZZ_EXAMPLES", "0") or 0)
    extra: dict[str, Any] = {"derandomize": False, "print_blob": True} if scaled else {}
    return settings(
        max_examples=max(1, int(scaled * share)) if scaled else default,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
        **extra,
    )
