"""A full bimtek room against the trainer under waitress, on loopback only; prints figures, asserts nothing.

Run: .venv/bin/python benchmarks/bench_web_load.py [--seconds 60] [--participants 120] [--workshops 3]

The trainer is started as ``python -m web serve`` starts it (waitress, 8 threads and a connection
limit of 500 by default) in a subprocess on 127.0.0.1, on a temporary instance and database. Each
workshop gets its own facilitator and a kelas_bimtek workshop made through the sandbox API, its
clock started and every case released; the participants are shared out over the workshops (three
workshops of 40 by default: a venue running three classes at once). Then the room, all over HTTP to
127.0.0.1:

* each participant joins its workshop through the join form (its session cookie is what a phone
  keeps), then polls the inbox fragment every 5 s (as web/static/poll.js does) and, every 20–40 s,
  reads its cases from /api/v1 and takes one allowed action there (verifikasi, disposisi, tutup for
  a verifikator; terima, tindak_lanjut, proses_ulang for a penghubung);
* each facilitator logs in through the form and polls the dashboard's status block every 5 s.

It prints requests per second, p50/p95/p99 latency per kind of request, errors (5xx, timeouts,
refused connections, unexpected 4xx), conflicts (409: two people acted on one case, the second was
told, by design) and refusals (422), compares the actions answered 200 with the participant events
in each workshop's event log (read through ``sandbox.export_json``): none may be lost or doubled —
and the machine's load average before and after, since the load generator shares the machine
with the server. Machines are shared and noisy: compare figures of the same machine only.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import sandbox as sb  # noqa: E402

HOST = "127.0.0.1"  # loopback only, never another address
PASSWORD = "kata-sandi-bench-1"
SERVE = """
import sys, waitress
from web import create_app
app = create_app({"INSTANCE_PATH": sys.argv[1], "SANDBOX_DB": sys.argv[2]})
server = waitress.create_server(
    app, host="127.0.0.1", port=0, threads=int(sys.argv[3]), connection_limit=int(sys.argv[4])
)
print(server.effective_port, flush=True)
server.run()
"""
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="csrf_token"')
VERIFIER_STEPS = ("verifikasi", "disposisi", "tutup")
PENGHUBUNG_STEPS = ("terima", "tindak_lanjut", "proses_ulang")
SETUP = ("join", "login")  # before the timed room: shown, but not in the room's figures
TARGET_P95_MS = 200.0  # what a room should feel: most clicks answered within a fifth of a second
REPLY = (
    "Terima kasih atas laporan Bapak/Ibu. Petugas kami sudah meninjau lokasi dan penanganan "
    "dijadwalkan pekan ini. Kami kabari lagi bila sudah selesai."
)


@dataclass
class Stats:
    """Every request's kind, status and latency, shared by all threads."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    samples: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    statuses: Counter = field(default_factory=Counter)
    errors: Counter = field(default_factory=Counter)
    ok_actions: Counter = field(default_factory=Counter)
    sent_actions: Counter = field(default_factory=Counter)
    idle: int = 0

    def add(self, kind: str, status: int | str, seconds: float) -> None:
        with self.lock:
            self.samples[kind].append(seconds)
            self.statuses[(kind, status)] += 1


class Client:
    """One device: a keep-alive connection to the trainer and its cookies."""

    def __init__(self, port: int, stats: Stats, timeout: float = 30.0) -> None:
        self.port, self.stats, self.timeout = port, stats, timeout
        self.cookies: dict[str, str] = {}
        self.conn: http.client.HTTPConnection | None = None

    def request(
        self,
        kind: str,
        method: str,
        path: str,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[int, bytes]:
        """Send one request; errors are counted and answered as status 0."""
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        t0 = time.perf_counter()
        try:
            if self.conn is None:
                self.conn = http.client.HTTPConnection(HOST, self.port, timeout=self.timeout)
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
            data = response.read()
            for header in response.headers.get_all("Set-Cookie") or ():
                jar = SimpleCookie()
                jar.load(header)
                self.cookies.update({k: m.value for k, m in jar.items()})
            if response.will_close:
                self.close()
        except (OSError, http.client.HTTPException) as exc:
            self.close()
            seconds = time.perf_counter() - t0
            self.stats.add(kind, "error", seconds)
            with self.stats.lock:
                self.stats.errors[f"{kind}: {type(exc).__name__}"] += 1
            return 0, b""
        seconds = time.perf_counter() - t0
        self.stats.add(kind, response.status, seconds)
        if response.status >= 500 or response.status in (400, 401, 403, 404):
            with self.stats.lock:
                self.stats.errors[f"{kind}: HTTP {response.status}"] += 1
        return response.status, data

    def form(self, kind: str, path: str, fields: dict[str, str]) -> tuple[int, bytes]:
        body = urlencode(fields).encode()
        return self.request(
            kind, "POST", path, body, {"Content-Type": "application/x-www-form-urlencoded"}
        )

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None


def csrf_token(html: bytes) -> str:
    found = CSRF.search(html.decode("utf-8", "replace"))
    if not found:
        raise SystemExit("no CSRF token on the page: has the form changed?")
    return found.group(1) or found.group(2)


@dataclass
class Person:
    name: str
    role: str
    opd: str | None
    client: Client
    ws: dict[str, Any]
    api_token: str = ""


def start_server(
    instance: Path, db_file: Path, threads: int, limit: int
) -> tuple[subprocess.Popen, int, Path]:
    out, err = instance.parent / "stdout.txt", instance.parent / "stderr.txt"
    with out.open("w") as stdout, err.open("w") as stderr:
        proc = subprocess.Popen(
            [sys.executable, "-c", SERVE, str(instance), str(db_file), str(threads), str(limit)],
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT), "SANDBOX_DB": str(db_file)},
            stdout=stdout,
            stderr=stderr,
        )
    deadline = time.monotonic() + 60
    while not out.read_text().strip():
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            raise SystemExit(f"the trainer did not start:\n{err.read_text()}")
        time.sleep(0.1)
    return proc, int(out.read_text().split()[0]), err


def setup_workshop(db_file: Path, seed: int, n: int) -> dict[str, Any]:
    """Facilitator ``n`` and a kelas_bimtek workshop, clock running, every case released."""
    db = sb.open_db(db_file)
    now = sb.wall_now()
    name = f"fasilitator{n}"
    fid = sb.create_facilitator(db, name, PASSWORD, now=now)
    ws = sb.create_workshop(
        db,
        facilitator_id=fid,
        scenario_ref="kelas_bimtek",
        seed=seed + n,
        title=f"Bench: kelas {n}",
        now=now,
    )
    sb.start_clock(db, ws.id, facilitator_id=fid, now=now)
    total = sb.workshop_status(db, ws.id, now).total_cases
    sb.release_batch(db, ws.id, total, facilitator_id=fid, now=now)
    out = {
        "id": ws.id,
        "code": ws.code,
        "facilitator": name,
        "facilitator_id": fid,
        "opds": list(ws.local_opds),
        "categories": list(ws.scenario.categories),
        "cases": total,
    }
    db.close()
    return out


def join_room(people: list[Person], db_file: Path) -> None:
    """Every participant joins its workshop through the form; API tokens are read back from the
    sandbox."""
    for p in people:
        code = p.ws["code"]
        status, page = p.client.request("join", "GET", f"/peserta/gabung?kode={code}")
        if status != 200:
            raise SystemExit(
                f"{p.name}: the join page answered {status or 'nothing'} "
                f"({dict(p.client.stats.errors)}); past waitress' connection limit a new phone "
                "waits until an idle connection times out: try --connection-limit"
            )
        fields = {
            "csrf_token": csrf_token(page),
            "code": code,
            "display_name": p.name,
            "role": p.role,
            "opd": p.opd or "",
        }
        status, _ = p.client.form("join", "/peserta/gabung", fields)
        if status != 302:
            raise SystemExit(f"{p.name} could not join: HTTP {status}")
    db = sb.open_db(db_file)
    tokens = {
        (q.workshop_id, q.display_name): q.token
        for ws_id in {p.ws["id"] for p in people}
        for q in sb.participants_of(db, ws_id)
    }
    db.close()
    for p in people:
        p.api_token = f"{p.ws['code']}.{tokens[p.ws['id'], p.name]}"


def warm_up(db_file: Path, ws: dict[str, Any], verifier: str, count: int) -> int:
    """A room mid-session: the first verifikator has verified and disposed ``count`` cases
    (round-robin over the OPDs) through the sandbox API, so every desk has work from the start."""
    db = sb.open_db(db_file)
    try:
        pid = next(q.id for q in sb.participants_of(db, ws["id"]) if q.display_name == verifier)
        done = 0
        for case in sb.list_cases(db, ws["id"], participant_id=pid, state="masuk"):
            if done >= count:
                break
            if "disposisi" not in case.actions:
                continue
            now = sb.wall_now()
            key = sb.answer_key_for_facilitator(
                db, ws["id"], case.id, facilitator_id=ws["facilitator_id"]
            )
            event = sb.verify(
                db,
                ws["id"],
                case.id,
                title=case.report_title,
                report_type=key.report_type,
                category=key.category,
                by=pid,
                expected_version=case.version,
                now=now,
            )
            sb.dispose(
                db,
                ws["id"],
                case.id,
                ws["opds"][done % len(ws["opds"])],
                by=pid,
                expected_version=event.version,
                now=now,
            )
            done += 1
        return done
    finally:
        db.close()


def participant_events(db_file: Path, ws: dict[str, Any]) -> Counter:
    """Events by participants in the workshop's log, per action (through the public export)."""
    db = sb.open_db(db_file)
    try:
        events = sb.export_json(db, ws["id"], facilitator_id=ws["facilitator_id"])["events"]
    finally:
        db.close()
    return Counter(e["action"] for e in events if e["actor_kind"] == "participant")


def body_for(action: str, case: dict[str, Any], ws: dict[str, Any], rng: random.Random) -> dict:
    body: dict[str, Any] = {"expected_version": case["version"]}
    if action == "verifikasi":
        body.update(
            title=case["title"] or "Laporan warga",
            report_type="pengaduan",
            category=rng.choice(ws["categories"]),
        )
    elif action == "disposisi":
        body["opd"] = rng.choice(ws["opds"])
    elif action == "tutup":
        body["evidence"] = "foto_selesai.jpg"
    elif action == "tindak_lanjut":
        body.update(reply=REPLY, evidence="foto_lokasi.jpg")
    return body


def choose(
    p: Person, cases: list[dict[str, Any]], rng: random.Random
) -> tuple[str, dict[str, Any]] | None:
    """An allowed next step on one of the participant's cases (random, to spread the desks)."""
    steps = VERIFIER_STEPS if p.role == "verifikator" else PENGHUBUNG_STEPS
    options = []
    for c in cases:
        for step in steps:
            if step not in c["actions"]:
                continue
            if step == "verifikasi" and c["service_code"]:
                continue  # already verified: dispose next
            if step == "disposisi" and not c["service_code"]:
                continue
            options.append((step, c))
            break
    return rng.choice(options) if options else None


def act(p: Person, ws: dict[str, Any], stats: Stats, rng: random.Random) -> None:
    auth = {"Authorization": f"Bearer {p.api_token}"}
    status, data = p.client.request("api list", "GET", "/api/v1/cases", headers=auth)
    if status != 200:
        return
    picked = choose(p, json.loads(data), rng)
    if picked is None:
        with stats.lock:
            stats.idle += 1
        return
    action, case = picked
    body = json.dumps(body_for(action, case, ws, rng)).encode()
    with stats.lock:
        stats.sent_actions[action] += 1
    status, _ = p.client.request(
        "api action",
        "POST",
        f"/api/v1/cases/{case['service_request_id']}/{action}",
        body,
        {**auth, "Content-Type": "application/json"},
    )
    if status == 200:
        with stats.lock:
            stats.ok_actions[action] += 1


def participant_loop(
    p: Person, stats: Stats, args: argparse.Namespace, start: float, seed: int
) -> None:
    rng = random.Random(seed)
    end = start + args.seconds
    next_poll = start + rng.uniform(0, args.poll)
    next_act = start + rng.uniform(0, args.act_max)  # a room does not act in step
    while True:
        due = min(next_poll, next_act)
        if due >= end:
            break
        time.sleep(max(0.0, due - time.monotonic()))
        if due == next_poll:
            p.client.request("inbox poll", "GET", "/peserta/?fragment=1")
            next_poll += args.poll
        else:
            act(p, p.ws, stats, rng)
            next_act += rng.uniform(args.act_min, args.act_max)
    p.client.close()


def facilitator_loop(
    port: int, ws: dict[str, Any], stats: Stats, args: argparse.Namespace, start: float
) -> None:
    me = Client(port, stats)
    status, page = me.request("login", "GET", "/fasilitator/masuk")
    fields = {"csrf_token": csrf_token(page), "name": ws["facilitator"], "password": PASSWORD}
    status, _ = me.form("login", "/fasilitator/masuk", fields)
    if status != 303:
        raise SystemExit(f"facilitator login answered {status}")
    end, due = start + args.seconds, start
    while due < end:
        time.sleep(max(0.0, due - time.monotonic()))
        me.request("dashboard poll", "GET", f"/fasilitator/latihan/{ws['id']}?fragment=1")
        due += args.poll
    me.close()


def pct(values: list[float], q: float) -> float:
    """The q-th percentile (nearest rank) in milliseconds."""
    ordered = sorted(values)
    return 1000 * ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered)) - 1))]


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU seconds of a process (Linux /proc), or None."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def load_average() -> str:
    """The machine's 1, 5 and 15 minute load averages and its cores."""
    try:
        one, five, fifteen = os.getloadavg()
    except OSError:
        return "unknown"
    return f"{one:.2f} / {five:.2f} / {fifteen:.2f} (1/5/15 min) on {os.cpu_count()} cores"


def report(
    stats: Stats, wall: float, logged: Counter, server_cpu: float | None, loads: tuple[str, str]
) -> None:
    total = sum(len(v) for k, v in stats.samples.items() if k not in SETUP)
    cpu = f", server CPU {server_cpu:.1f} s" if server_cpu is not None else ""
    print(f"\nroom: {total} requests in {wall:.1f} s = {total / wall:.1f} req/s{cpu}")
    print(f"{'kind':<16}{'n':>6}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'max ms':>9}  statuses")
    every: list[float] = []
    for kind in sorted(stats.samples):
        v = stats.samples[kind]
        if kind not in SETUP:
            every += v
        codes = ", ".join(
            f"{s}×{n}" for (k, s), n in sorted(stats.statuses.items(), key=str) if k == kind
        )
        print(
            f"{kind:<16}{len(v):>6}{pct(v, 50):>9.1f}{pct(v, 95):>9.1f}{pct(v, 99):>9.1f}"
            f"{1000 * max(v):>9.1f}  {codes}"
        )
    p95 = pct(every, 95)
    print(
        f"{'room (no setup)':<16}{len(every):>6}{pct(every, 50):>9.1f}{p95:>9.1f}"
        f"{pct(every, 99):>9.1f}{1000 * max(every):>9.1f}  mean {1000 * statistics.fmean(every):.1f}"
    )
    conflicts = stats.statuses[("api action", 409)]
    refused = stats.statuses[("api action", 422)]
    errors = sum(stats.errors.values())
    print(f"errors: {errors} {dict(stats.errors) or ''}")
    print(
        f"actions sent: {sum(stats.sent_actions.values())}, answered 200: "
        f"{sum(stats.ok_actions.values())}, 409 conflict: {conflicts}, 422 refused: {refused}; "
        f"turns with nothing to do: {stats.idle}"
    )
    print(f"participant events logged: {sum(logged.values())}")
    for action in sorted(set(stats.sent_actions) | set(logged)):
        print(
            f"  {action:<14} sent {stats.sent_actions[action]:>4}  200 {stats.ok_actions[action]:>4}"
            f"  logged {logged[action]:>4}"
        )
    lost = sum((stats.ok_actions - logged).values()) + sum((logged - stats.ok_actions).values())
    print("no lost or doubled action" if lost == 0 else f"MISMATCH: {lost} actions differ")
    print(f"machine load before: {loads[0]}; after: {loads[1]}")
    verdict = "met" if p95 < TARGET_P95_MS and errors == 0 and lost == 0 else "NOT met"
    print(
        f"summary: p95 {p95:.1f} ms (target < {TARGET_P95_MS:.0f}), {errors} errors, "
        f"{lost} actions lost or doubled: {verdict}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60.0, help="length of the run")
    parser.add_argument("--participants", type=int, default=120, help="over all workshops")
    parser.add_argument("--workshops", type=int, default=3, help="workshops at once")
    parser.add_argument(
        "--verifiers", type=int, default=8, help="how many are verifikator, per workshop"
    )
    parser.add_argument("--poll", type=float, default=5.0, help="inbox/dashboard poll, seconds")
    parser.add_argument("--act-min", type=float, default=20.0)
    parser.add_argument("--act-max", type=float, default=40.0)
    parser.add_argument("--threads", type=int, default=8, help="waitress threads (serve: 8)")
    parser.add_argument(
        "--connection-limit", type=int, default=500, help="waitress connection_limit (serve: 500)"
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--warm", type=int, default=16, help="cases disposed per workshop before the room starts"
    )
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-web-") as tmp:
        db_file = Path(tmp) / "sandbox.sqlite"
        t0 = time.perf_counter()
        rooms = [setup_workshop(db_file, args.seed, n + 1) for n in range(args.workshops)]
        print(
            f"{len(rooms)} workshops ({', '.join(ws['code'] for ws in rooms)}): kelas_bimtek, "
            f"{sum(ws['cases'] for ws in rooms)} cases released, set up in "
            f"{time.perf_counter() - t0:.1f} s"
        )
        proc, port, err = start_server(
            Path(tmp) / "instance", db_file, args.threads, args.connection_limit
        )
        stats = Stats()
        loads = [load_average()]
        try:
            people = []
            for i in range(args.participants):
                ws = rooms[i % len(rooms)]
                k = i // len(rooms)  # the k-th participant of that workshop
                if k < args.verifiers:
                    role, opd = "verifikator", None
                else:
                    role, opd = "penghubung", ws["opds"][(k - args.verifiers) % len(ws["opds"])]
                name = f"Peserta {k + 1:02d}"
                people.append(Person(name, role, opd, Client(port, stats), ws))
            t0 = time.perf_counter()
            join_room(people, db_file)
            print(
                f"{len(people)} participants joined through the form in "
                f"{time.perf_counter() - t0:.1f} s ({args.verifiers} verifikator and the rest "
                f"penghubung per workshop); waitress threads {args.threads}, connection limit "
                f"{args.connection_limit}; running {args.seconds:.0f} s …",
                flush=True,
            )
            if args.warm:
                for ws in rooms:
                    first = next(p for p in people if p.ws is ws)
                    warmed = warm_up(db_file, ws, first.name, args.warm)
                print(f"warm room: {warmed} cases verified and disposed per workshop", flush=True)
            before = [participant_events(db_file, ws) for ws in rooms]
            cpu0 = cpu_seconds(proc.pid)
            start = time.monotonic()
            threads = [
                threading.Thread(
                    target=participant_loop, args=(p, stats, args, start, args.seed * 1000 + i)
                )
                for i, p in enumerate(people)
            ]
            threads += [
                threading.Thread(target=facilitator_loop, args=(port, ws, stats, args, start))
                for ws in rooms
            ]
            for t in threads:
                t.start()
            for t in threads:
                t.join(timeout=args.seconds + 120)
            wall = time.monotonic() - start
            cpu1 = cpu_seconds(proc.pid)
            loads.append(load_average())
        finally:
            proc.terminate()
            proc.wait(timeout=30)
        logged = Counter()
        for ws, earlier in zip(rooms, before, strict=True):
            logged += participant_events(db_file, ws) - earlier
        server_cpu = cpu1 - cpu0 if cpu0 is not None and cpu1 is not None else None
        report(stats, wall, logged, server_cpu, (loads[0], loads[-1]))
        log = err.read_text()
        print(
            f"waitress warnings: task queue depth {log.count('Task queue depth')}, "
            f"connection limit reached {log.count('no longer accepting')}"
        )


if __name__ == "__main__":
    main()
