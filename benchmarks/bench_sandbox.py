"""Time to compute the leaderboard and the debrief of a big workshop: 50 participants × ~300 cases.

Run: .venv/bin/python benchmarks/bench_sandbox.py [REPORTS_PER_YEAR]
Builds the workshop through the public API (scripted participants, bots for the rest), then
prints timings; asserts nothing (machines are shared and noisy). Target: well under 100 ms.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import sandbox as sb  # noqa: E402
from sandbox import scoring_input  # noqa: E402
from sandbox.scoring_input import clear_caches  # noqa: E402
from sandbox.testing import GENERIC_REPLY, Scripted, Wall, workshop_for_test  # noqa: E402

OPDS = ("PUPR", "DLH", "DINKES", "DISDUKCAPIL", "DINSOS", "SATPOLPP", "BPBD", "PDAM")
TEAMS = ("Anggrek", "Melati", "Kenanga", "Cempaka", "Kamboja")


def misroute(db, ws, c, k, pid, now):
    """A staged mistake: verify, then dispose to the typical misroute (or forward when it is local)."""
    v = sb.verify(
        db,
        ws,
        c.id,
        title=c.report_title,
        report_type=k.report_type,
        category=k.category,
        anonim=False,
        rahasia=False,
        by=pid,
        expected_version=c.version,
        now=now,
    )
    wrong = next((o for o in k.typical_misroutes if o in OPDS and o != k.opd), "SATPOLPP")
    sb.dispose(db, ws, c.id, wrong, by=pid, expected_version=v.version, now=now)


def build(db, rate: float) -> tuple[int, int, Wall]:
    wall = Wall()
    fid, ws = workshop_for_test(
        db, wall, overrides={"load.reports_per_year": rate}, start=date(2025, 6, 5)
    )
    people = []
    for i in range(6):
        people.append(
            sb.join(
                db, ws.code, f"Verifikator {i + 1}", "verifikator", team=TEAMS[i % 5], now=wall.now
            )
        )
    for i in range(40):
        people.append(
            sb.join(
                db,
                ws.code,
                f"Penghubung {i + 1}",
                "penghubung",
                OPDS[i % 8],
                team=TEAMS[i % 5],
                now=wall.now,
            )
        )
    for i in range(4):
        people.append(sb.join(db, ws.code, f"Pengamat {i + 1}", "observer", now=wall.now))
    keys = {r[0]: r[1] for r in db.execute("SELECT case_id, action FROM answer_keys")}
    plan = {
        cid: misroute
        for n, (cid, action) in enumerate(sorted(keys.items()))
        if action == "disposisi" and n % 6 == 0
    }
    players = []
    for i, p in enumerate(people[:46]):
        if p.role == "verifikator":
            mine = {cid: step for cid, step in plan.items() if int(cid[-5:]) % 6 == i}
            players.append(
                Scripted(
                    db, ws.id, p.id, fid, plan=mine, only=lambda c, i=i: int(c.id[-5:]) % 6 == i
                )
            )
        else:
            k = i - 6
            players.append(
                Scripted(
                    db,
                    ws.id,
                    p.id,
                    fid,
                    only=lambda c, k=k: int(c.id[-5:]) % 5 == k // 8,
                    replies={
                        cid: (lambda c: GENERIC_REPLY) for cid in keys if int(cid[-5:]) % 4 == 0
                    },
                )
            )
    sb.start_clock(db, ws.id, facilitator_id=fid, now=wall.now)
    while True:
        report = sb.advance(db, ws.id, wall.minutes(3))  # three office hours per round
        for player in players:
            player.work(wall.now)
        if report.at >= ws.end_at:
            break
    return ws.id, fid, wall


def timed(fn, before=None, repeat: int = 7) -> float:
    """Median milliseconds of ``fn`` (``before`` runs untimed ahead of each repeat)."""
    runs = []
    for _ in range(repeat):
        if before is not None:
            before()
        t0 = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - t0)
    return statistics.median(runs) * 1000


def main() -> None:
    rate = float(sys.argv[1]) if len(sys.argv) > 1 else 7600
    with tempfile.TemporaryDirectory() as tmp:
        db = sb.open_db(Path(tmp) / "bench.sqlite")
        t0 = time.perf_counter()
        ws, fid, _ = build(db, rate)
        built = time.perf_counter() - t0
        n = {
            t: db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
            for t in ("participants", "cases", "events", "replies")
        }  # noqa: S608
        t0 = time.perf_counter()
        sb.counterfactual(db, ws)
        cold_cf = time.perf_counter() - t0

        def both() -> None:
            sb.leaderboard(db, ws)
            sb.debrief(db, ws, facilitator_id=fid, participant_id=1)

        print(
            f"workshop: {n['participants']} participants, {n['cases']} cases, {n['events']:,} events, "
            f"{n['replies']} replies (built through the API in {built:.1f} s); median of 7, one core"
        )
        print(
            "  leaderboard + debrief (confusion, mistakes, timeline, replies, KPIs, counterfactual):"
        )
        print(f"    cold process (nothing cached)           {timed(both, clear_caches):6.1f} ms")
        print(
            f"    after a new action (scores recomputed)  {timed(both, lambda: scoring_input._SCORES.clear()):6.1f} ms"
        )
        print(f"    nothing changed (scores cached)         {timed(both):6.1f} ms")
        print(
            f"  score_workshop alone, after a new action  {timed(lambda: sb.score_workshop(db, ws), lambda: scoring_input._SCORES.clear()):6.1f} ms"
        )
        print(
            f"  leaderboard alone, after a new action     {timed(lambda: sb.leaderboard(db, ws), lambda: scoring_input._SCORES.clear()):6.1f} ms"
        )
        print(
            f"  counterfactual: {len(sb.counterfactual(db, ws))} routing policies × one simulator run = "
            f"{cold_cf * 1000:.0f} ms once per workshop and simulated day, then cached in the database"
        )
        db.close()


if __name__ == "__main__":
    main()
