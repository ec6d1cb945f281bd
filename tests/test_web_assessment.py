"""Assessment mode tells nobody right from wrong before the facilitator's reveal: no score, no
correctness and no answer-key text on any participant page or API answer — and after the reveal
the same scan finds them, so it is looking in the right places."""

from __future__ import annotations

import json
import re
from datetime import datetime

import pytest

import sandbox as sb
from sandbox.notes import render
from web.testing import app_on_copy, join, seeded_db, text

NUM = r"-?\d+(?:[.,]\d+)?"  # a number as either language writes it
SCORE = re.compile(rf"{NUM} / {NUM}|Total: |{NUM} (?:dari|of) {NUM} (?:poin|points)")


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    """An assessment workshop three days in: Ani (verifikator) routed cases right and wrong, to
    bot OPDs and to Budi's DLH; the bots answered from the key's answer points; Budi replied."""
    path = tmp_path_factory.mktemp("template") / "sandbox.sqlite"
    seed = seeded_db(path)
    db, now, w = sb.open_db(path), sb.wall_now(), seed["ws"]
    fid = w["facilitator_id"]
    sb.set_mode(db, w["id"], "assessment", facilitator_id=fid)
    ani = sb.join(db, w["code"], "Ani", "verifikator", now=now)
    budi = sb.join(db, w["code"], "Budi", "penghubung", "DLH", now=now)
    sb.advance(db, w["id"], now)
    ws = sb.get_workshop(db, w["id"])

    def view(who, case_id):
        return next(c for c in sb.list_cases(db, w["id"], participant_id=who.id) if c.id == case_id)

    routed = 0
    for case in sb.list_cases(db, w["id"], participant_id=ani.id):
        if "disposisi" not in case.actions:
            continue
        key = sb.answer_key_for_facilitator(db, w["id"], case.id, facilitator_id=fid)
        if key.action != "disposisi" or key.opd is None:
            continue
        wrong = next(o for o in ws.local_opds if o not in (key.opd, *key.acceptable))
        opd = key.opd if routed % 3 else wrong  # one in three misrouted
        e = sb.verify(
            db,
            w["id"],
            case.id,
            title=case.report_title,
            report_type=key.report_type,
            category=key.category if routed % 2 else next(iter(ws.scenario.categories)),
            by=ani.id,
            expected_version=case.version,
            now=now,
        )
        sb.dispose(db, w["id"], case.id, opd, by=ani.id, expected_version=e.version, now=now)
        routed += 1
        if routed == 8:
            break
    sb.jump_clock(db, w["id"], datetime(2025, 6, 13, 15, 0), facilitator_id=fid, now=now)
    for case in sb.list_cases(db, w["id"], participant_id=budi.id):
        if "terima" in case.actions:
            sb.accept(db, w["id"], case.id, by=budi.id, expected_version=case.version, now=now)
            sb.follow_up(
                db,
                w["id"],
                case.id,
                reply="Terima kasih, laporan sudah kami tangani dan petugas sudah ke lokasi.",
                by=budi.id,
                expected_version=view(budi, case.id).version,
                now=now,
            )
            break
    db.close()
    return path, seed


@pytest.fixture
def app(template, tmp_path):
    return app_on_copy(template[0], tmp_path)


def secrets_of(app, seed) -> dict[str, list[str]]:
    """What must not show before the reveal: the key's answer points, the score notes, the
    mistake codes — and the bot replies written from the answer points (with the points in them)."""
    db = sb.open_db(app.config["SANDBOX_DB"])
    w, fid = seed["ws"]["id"], seed["ws"]["facilitator_id"]
    people = {p.display_name: p.id for p in sb.participants_of(db, w)}
    items = [i for i in sb.score_workshop(db, w).items if i.participant_id in people.values()]
    case_ids = {i.case_id for i in items if i.case_id}
    points = {
        p
        for cid in case_ids
        for p in sb.answer_key_for_facilitator(db, w, cid, facilitator_id=fid).answer_points
        if len(p) > 12
    }
    bot_replies = [
        e["payload"]["reply"]
        for e in sb.export_json(db, w, facilitator_id=fid)["events"]
        if e["actor_kind"] == "bot" and "reply" in e["payload"]
    ]
    db.close()
    assert items and any(i.points for i in items) and points and bot_replies, "nothing to leak?"
    return {
        "answer points": sorted(points),
        "score notes": sorted(
            {
                n
                for i in items
                if i.note
                for n in (render(i.note), render(i.note, "en"))
                if len(n) > 12
            }
        ),
        "mistakes": sorted({m for i in items for m in i.mistakes if "_" in m}),
        "bot replies": bot_replies,
    }


def participant_answers(app, seed) -> dict[str, str]:
    """Every page and API answer the two participants can read, by URL (text of pages, JSON)."""
    db = sb.open_db(app.config["SANDBOX_DB"])
    people = [p for p in sb.participants_of(db, seed["ws"]["id"])]
    db.close()
    out: dict[str, str] = {}
    for p in people:
        client = app.test_client()
        with client.session_transaction() as s:
            s.update(
                role="participant", participant_id=p.id, workshop_id=p.workshop_id, token=p.token
            )
        auth = {"Authorization": f"Bearer {seed['ws']['code']}.{p.token}"}
        cases = client.get("/api/v1/cases", headers=auth)
        out[f"{p.display_name} GET /api/v1/cases"] = cases.get_data(as_text=True)
        urls = ["/", "/glosarium", "/peserta/", "/peserta/?fragment=1", "/peserta/skor"]
        urls += ["/peserta/peringkat"]
        for c in cases.json:
            urls.append(f"/peserta/kasus/{c['service_request_id']}")
            r = client.get(f"/api/v1/cases/{c['service_request_id']}", headers=auth)
            out[f"{p.display_name} GET /api/v1/cases/{c['service_request_id']}"] = json.dumps(
                r.json, ensure_ascii=False
            )
        for url in urls:
            for lang in ("id", "en"):
                r = client.get(url + ("&" if "?" in url else "?") + f"lang={lang}")
                assert r.status_code == 200, url
                out[f"{p.display_name} GET {url} ({lang})"] = text(r)
    return out


def leaks(answers: dict[str, str], secrets: dict[str, list[str]]) -> list[str]:
    found = []
    for where, body in answers.items():
        if where.endswith("(id)") or where.endswith("(en)"):
            if SCORE.search(body):
                found.append(f"{where}: score {SCORE.search(body).group(0)!r}")
        elif re.search(r'"(points|max_points|score|mistakes|routing_credit)"', body):
            found.append(f"{where}: a score field")
        for kind, texts in secrets.items():
            for t in texts:
                if t in body:
                    found.append(f"{where}: {kind} {t[:50]!r}")
    return found


def test_no_participant_page_or_api_answer_tells_right_from_wrong_before_the_reveal(app, seed):
    secrets = secrets_of(app, seed)
    found = leaks(participant_answers(app, seed), secrets)
    assert not found, "\n".join(found[:20])


def test_after_the_reveal_the_same_scan_finds_scores_and_the_bots_model_answers(app, seed):
    db = sb.open_db(app.config["SANDBOX_DB"])
    secrets = secrets_of(app, seed)
    sb.reveal_feedback(db, seed["ws"]["id"], facilitator_id=seed["ws"]["facilitator_id"])
    db.close()
    found = leaks(participant_answers(app, seed), secrets)
    assert any("/peserta/peringkat" in f and "score" in f for f in found)
    assert any("/peserta/skor" in f for f in found)
    assert any("bot replies" in f and "/api/v1/cases/" in f for f in found)


def test_before_the_reveal_the_leaderboard_says_when_it_will_show(app, seed):
    client = app.test_client()
    join(client, seed["ws"]["code"], "Citra")
    page = text(client.get("/peserta/peringkat"))
    assert "peringkat dan nilai tampil setelah fasilitator mengumumkan hasil" in page
