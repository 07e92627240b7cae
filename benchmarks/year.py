"""A whole program year, replayed day by day against the fake GitHub, with faults all year.

1,000 mentees and 150 mentors over four quarterly intakes (tests/yearreplay/world.py):
sign-ups through the issue form, their pull requests reviewed and merged, welcomes,
matching at every intake, check-ins opened and closed (some missed, some mentors go
quiet and are replaced), withdrawals, cohorts closed with their attendance,
certificates, badges (one revoked), monthly metrics and a weekly site; GitHub's limits
enforced (1,000 requests an hour, 80 content-creating requests a minute and 500 an
hour) and a fixed-seed schedule of faults (tests/yearreplay/faults.py), one run killed
midway and one hour crowded by another job of the token. See tests/yearreplay/replay.py
for the day's timetable.

Reports requests and writes per day, the busiest clock hour against the token's limits,
duplicates and check-ins lost (counted from the fake's final state), the wall time, and
whether certificates, badges and metrics equal the replay's ground truth. Exit 1 if any
duplicate, loss or mismatch.

    python benchmarks/year.py [--mentees 1000] [--mentors 150] [--intakes 4] [--no-faults] [--json FILE]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from yearreplay.audit import audit, write_json
from yearreplay.jobs import TOKEN
from yearreplay.replay import Replay
from yearreplay.world import YearSize, make_world


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mentees", type=int, default=1000)
    parser.add_argument("--mentors", type=int, default=150)
    parser.add_argument("--intakes", type=int, default=4, choices=(1, 2, 3, 4))
    parser.add_argument("--seed", type=int, default=2027)
    parser.add_argument("--no-faults", action="store_true")
    parser.add_argument(
        "--check-every", type=int, default=20, help="contract-check one response in N of each kind"
    )
    parser.add_argument("--json", type=Path, default=None, help="also write the per-day figures here")
    args = parser.parse_args()
    world = make_world(
        YearSize(mentees=args.mentees, mentors=args.mentors, intakes=args.intakes, seed=args.seed)
    )
    with tempfile.TemporaryDirectory(prefix="cohortkit-year-") as work:
        replay = Replay(
            world, Path(work), faults=not args.no_faults, log=lambda line: print(line, flush=True)
        )
        replay.fake.check_every = args.check_every
        replay.run()
        result = audit(replay)
        usage = replay.fake.usage(TOKEN)
        if args.json:
            write_json(args.json, replay, result)
    days = [d for d in replay.usage if d.requests]
    requests = [d.requests for d in days]
    writes = [d.writes for d in days]
    busiest = max(replay.usage, key=lambda d: d.requests)
    slowest = max(replay.usage, key=lambda d: d.busiest_run_seconds)
    hour_requests = max(usage.requests_by_hour.items(), key=lambda kv: kv[1])
    hour_writes = max(usage.writes_by_hour.items(), key=lambda kv: kv[1])

    def hour(epoch: int) -> str:
        return datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%d %H:00")

    print()
    print(
        f"Year replay: {args.mentees} mentees, {args.mentors} mentors, {args.intakes} intakes, seed {args.seed}, "
        f"faults {'off' if args.no_faults else 'on'}; {world.first_day} to {world.last_day}"
    )
    print("| measure | value |")
    print("|---|---:|")
    rows = [
        ("days replayed", len(replay.usage)),
        ("requests per day, median (days with any)", f"{statistics.median(requests):.0f}"),
        ("writes per day, median (days with any)", f"{statistics.median(writes):.0f}"),
        ("busiest day: requests (writes)", f"{busiest.requests} ({busiest.writes}) on {busiest.day}"),
        ("busiest clock hour: requests (limit 1,000)", f"{hour_requests[1]} at {hour(hour_requests[0])}"),
        (
            "busiest clock hour: writes (limit 500; another job's included)",
            f"{hour_writes[1]} at {hour(hour_writes[0])}",
        ),
        (
            "requests for the year (the fake's count, with gh's pushes and PRs)",
            f"{sum(d.requests for d in replay.usage):,}",
        ),
        ("secondary / primary limit refusals met", f"{usage.secondary_limited} / {usage.primary_limited}"),
        ("faults armed", len(replay.schedule.armed) if replay.schedule else 0),
        ("run killed midway / hour crowded", f"{replay.killed_on} / {replay.crowded_on}"),
        ("check-ins runs that stopped with work left (the next run finished)", len(replay.stopped_runs)),
        (
            "runs that failed on GitHub's 5xx past every retry (the next run finished)",
            len(replay.jobs.outages),
        ),
        (
            "sign-ups merged / pull requests refused",
            f"{len(replay.truth.signed_up)} / {len(replay.truth.rejected)}",
        ),
        ("sign-ups that conflicted with one merged first (rebuilt by editing the issue)", replay.conflicts),
        ("of those, whose cohort had filled (the author chose another, as intake asked)", replay.refilled),
        ("cohorts run / cancelled", f"{len(replay.truth.started)} / {len(replay.truth.cancelled)}"),
        (
            "mentors gone quiet / cohorts given a new mentor",
            f"{len(replay.truth.quiet)} / {len(replay.truth.replaced)}",
        ),
        ("check-ins expected / found", f"{result.checkins_expected} / {result.checkins_found}"),
        ("duplicates", len(result.duplicates)),
        ("check-ins, tracking issues and welcomes lost", len(result.lost)),
        (
            "certificates / badges (equal to the truth)",
            f"{result.certificates} / {result.badges} ({'yes' if not result.mismatches else 'NO'})",
        ),
        ("metrics figures compared with the truth", result.metrics_compared),
        ("site builds", replay.site_builds),
        ("busiest check-ins run", f"{slowest.busiest_run_seconds:.1f} s on {slowest.day}"),
        ("wall time of the replay", f"{replay.wall:.0f} s"),
    ]
    for name, value in rows:
        print(f"| {name} | {value} |")
    spent = sorted(replay.jobs.seconds.items(), key=lambda kv: -kv[1])
    print("  time in commands: " + ", ".join(f"{name} {seconds:.0f} s" for name, seconds in spent))
    for line in replay.stopped_runs[:10]:
        print(f"  stopped: {line}")
    for line in replay.jobs.outages[:10]:
        print(f"  outage: {line.splitlines()[0][:200]}")
    for line in (
        result.duplicates + result.lost + result.mismatches + replay.truth.rejected + replay.jobs.failures
    )[:40]:
        print(f"  ! {line}")
    return 0 if result.ok and not replay.jobs.failures and not replay.truth.rejected else 1


if __name__ == "__main__":
    raise SystemExit(main())
