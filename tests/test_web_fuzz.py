"""Arbitrary input never gets a 5xx: any JSON body to every API action, any values in every form
the trainer has — as the participant, the facilitator or nobody."""

from __future__ import annotations

import inspect
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from wtforms.fields.core import UnboundField

import sandbox as sb
from scenarios import load_scenario
from web import actions, forms
from web import planner_form as pf
from web.testing import app_on_copy

CASES = ["SIM-00001", "SIM-00002", "SIM-00005", "SIM-00011", "SIM-99999", "x"]


def _form_field_names() -> list[str]:
    names = set()
    for _, cls in inspect.getmembers(forms, inspect.isclass):
        for name, value in inspect.getmembers(cls):
            if isinstance(value, UnboundField):
                names.add(name)
    rows = pf.rows_for(load_scenario("kelas_bimtek"))
    names |= {"kind", "replications", "seed", "days", "target_kpi", "target", "title"}
    names |= {"skenario", "unggahan", "kode", "v0:name", "v1:name", "op", "peserta"}
    names |= {pf.cell_name(i, r.path) for i in (0, 1) for r in rows[:40]}
    prefixed = {f"{a}-{n}" for a in actions.ACTIONS for n in names if not n.startswith("v")}
    return sorted(names | prefixed)


FIELDS = _form_field_names()
INTERESTING = [
    "",
    "0",
    "-1",
    "1e309",
    "nan",
    "inf",
    "2025-06-10T08:00",
    "9999-12-31T23:59",
    "kelas_bimtek",
    "../../etc/passwd",
    "DLH",
    "lhk",
    "compare",
    "staffing",
    "penghubung",
    "assessment",
    "freeze",
    "reveal",
    "=cmd|' /C calc'!A0",
    "<script>alert(1)</script>",
    "\x00",
    "\u202e",
    "9" * 40,
]
values = st.one_of(st.sampled_from(INTERESTING), st.text(max_size=40))
form_data = st.dictionaries(
    st.one_of(st.sampled_from(FIELDS), st.text(max_size=8)),
    st.one_of(values, st.lists(values, max_size=3)),
    max_size=8,
)
json_values = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(-(2**70), 2**70),
        st.floats(allow_nan=False),
        values,
    ),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=10,
)
fuzz = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


@pytest.fixture(scope="module")
def room(template, tmp_path_factory):
    """One app for the whole module (examples share it, as a room shares a server)."""
    app = app_on_copy(template[0], tmp_path_factory.mktemp("fuzz"))
    db = sb.open_db(app.config["SANDBOX_DB"])
    code = template[1]["ws"]["code"]
    sb.join(db, code, "Ani", "verifikator", now=sb.wall_now())
    sb.join(db, code, "Budi", "penghubung", "DLH", now=sb.wall_now())
    db.close()
    return app, template[1]


def client_as(app, seed, who: str):
    """A client signed in as the facilitator, a participant (fresh from the database: a fuzzed
    logout may have ended the last session) or nobody."""
    client = app.test_client()
    if who == "nobody":
        return client
    db = sb.open_db(app.config["SANDBOX_DB"])
    try:
        if who == "facilitator":
            fid = seed["ws"]["facilitator_id"]
            session = {
                "role": "facilitator",
                "facilitator_id": fid,
                "facilitator_name": "fasilitator",
                "epoch": sb.session_epoch(db, fid),
                "since": sb.wall_now(),
            }
        else:
            p = next(q for q in sb.participants_of(db, seed["ws"]["id"]) if q.display_name == who)
            session = {
                "role": "participant",
                "participant_id": p.id,
                "workshop_id": p.workshop_id,
                "token": p.token,
            }
    finally:
        db.close()
    with client.session_transaction() as s:
        s.update(session)
    return client


def post_routes(app, seed) -> list[str]:
    """Every URL that takes a POST, its parameters filled with real and made-up values."""
    urls = []
    for rule in app.url_map.iter_rules():
        if "POST" not in rule.methods or rule.endpoint.startswith("api."):
            continue
        options = [{}]
        for arg in rule.arguments:
            choices = {
                "workshop_id": [seed["ws"]["id"], seed["other_ws"]["id"], 999],
                "case_id": CASES,
                "action": [*actions.ACTIONS, "petunjuk", "tidak-ada"],
                "reply_id": [1, 999],
                "job_id": [1, 999],
            }[arg]
            options = [{**o, arg: c} for o in options for c in choices]
        for o in options:
            with app.test_request_context():
                from flask import url_for

                urls.append(url_for(rule.endpoint, **o))
    return sorted(set(urls))


@fuzz
@given(data=st.data())
def test_no_form_value_gets_a_5xx(room, data):
    app, seed = room
    url = data.draw(st.sampled_from(post_routes(app, seed)), label="url")
    who = data.draw(st.sampled_from(["facilitator", "Ani", "Budi", "nobody"]), label="who")
    fields = data.draw(form_data, label="fields")
    r = client_as(app, seed, who).post(url, data=fields)
    assert r.status_code < 500, (url, who, fields, r.get_data(as_text=True)[:500])


@fuzz
@given(data=st.data())
def test_no_json_body_to_an_api_action_gets_a_5xx(room, data):
    app, seed = room
    action = data.draw(st.sampled_from([*actions.ACTIONS, "tidak-ada"]), label="action")
    case = data.draw(st.sampled_from(CASES), label="case")
    who = data.draw(st.sampled_from(["Ani", "Budi"]), label="who")
    field_names = [n for n in FIELDS if "-" not in n and ":" not in n] + ["expected_version"]
    body = data.draw(
        st.one_of(
            json_values,
            st.dictionaries(st.sampled_from(field_names), json_values, max_size=6),
        ),
        label="body",
    )
    raw = data.draw(st.one_of(st.just(json.dumps(body)), st.text(max_size=30)), label="raw")
    db = sb.open_db(app.config["SANDBOX_DB"])
    p = next(q for q in sb.participants_of(db, seed["ws"]["id"]) if q.display_name == who)
    db.close()
    r = app.test_client().post(
        f"/api/v1/cases/{case}/{action}",
        data=raw,
        content_type="application/json",
        headers={"Authorization": f"Bearer {seed['ws']['code']}.{p.token}"},
    )
    assert r.status_code < 500, (action, case, raw, r.get_data(as_text=True)[:500])
    assert r.is_json
