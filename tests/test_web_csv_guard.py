"""Every CSV the project writes goes through one spreadsheet guard: text that Excel or LibreOffice
would run as a formula arrives as text, in the workshop exports, the planner's and the simulator's."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

import sandbox as sb
from sandbox.planner import export as planner_export
from scenarios import load_scenario
from simulator import export as sim_export
from simulator import report
from simulator.experiment import run_replication
from simulator.generator import generate
from simulator.spreadsheet import FORMULA_STARTS, safe_cell
from web.testing import seeded_db

NAME = "=cmd|' /C calc'!A0"
TITLE = '=HYPERLINK("http://contoh.invalid","klik")'
TEAM = "@SUM(1+1)*cmd|' /C calc'!A0"
REASON = "+1+1"


def cells(text: str) -> list[str]:
    """Every cell of a CSV text (BOM dropped; `;`-separated when the header line says so)."""
    text = text.lstrip("\ufeff")
    sep = ";" if ";" in text.split("\n", 1)[0] else ","
    return [cell for row in csv.reader(io.StringIO(text), delimiter=sep) for cell in row]


def is_number(cell: str) -> bool:
    """A number, with a decimal point or (Indonesian) a decimal comma."""
    try:
        float(cell.replace(",", "."))
    except ValueError:
        return False
    return True


def no_formula(text: str) -> None:
    """No cell a spreadsheet would run: only numbers may start with a sign."""
    found = [c for c in cells(text) if c.startswith(FORMULA_STARTS) and not is_number(c)]
    assert not found, found


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    """The seeded workshop with a participant, a team, a case title and a log entry that look
    like spreadsheet formulas."""
    path = tmp_path_factory.mktemp("template") / "sandbox.sqlite"
    seed = seeded_db(path)
    db, now, w = sb.open_db(path), sb.wall_now(), seed["ws"]
    ani = sb.join(db, w["code"], NAME, "verifikator", now=now)
    sb.assign_role(
        db, w["id"], ani.id, "verifikator", None, TEAM, facilitator_id=w["facilitator_id"], now=now
    )
    sb.advance(db, w["id"], now)
    case = next(c for c in sb.list_cases(db, w["id"], participant_id=ani.id) if c.id == "SIM-00001")
    e = sb.verify(
        db,
        w["id"],
        case.id,
        title=TITLE,
        report_type="pengaduan",
        category="sosial",
        by=ani.id,
        expected_version=case.version,
        now=now,
    )
    sb.dispose(db, w["id"], case.id, "DLH", by=ani.id, expected_version=e.version, now=now)
    db.close()
    return path, seed


def test_a_formula_cell_is_quoted_and_numbers_are_left_alone():
    assert (
        safe_cell(NAME) == "'" + NAME and safe_cell("-1") == "'-1" and safe_cell("\t=1") == "'\t=1"
    )
    assert safe_cell("\uff1d1+1").startswith("'")  # the full-width equals sign too
    assert safe_cell(-1.5) == -1.5 and safe_cell(3) == 3 and safe_cell("Ani") == "Ani"
    assert safe_cell(None) == "" and safe_cell(float("nan")) == ""


@pytest.mark.parametrize("table", ["hasil", "kasus", "log"])
def test_no_workshop_export_carries_a_formula(template, fasil, seed, table):
    r = fasil.get(f"/fasilitator/latihan/{seed['ws']['id']}/ekspor/{table}.csv")
    assert r.status_code == 200
    body = r.get_data(as_text=True)
    no_formula(body)
    shown = {"hasil": (NAME, TEAM), "kasus": (TITLE,), "log": (NAME,)}[table]
    for value in shown:  # there, as text
        assert any(c.startswith("'" + value) for c in cells(body)), value


def test_the_planner_csv_guards_a_variants_name():
    result = {
        "variants": [
            {"name": "=EVIL()", "kpi": {"arrivals": {"mean": -1.0, "n": 2}}, "opd": {}},
            {"name": REASON, "kpi": {}, "opd": {"@DLH": {"utilization": {"mean": 0.5}}}},
        ]
    }
    text = planner_export.result_csv(result)
    no_formula(text)
    assert "'=EVIL()" in cells(text) and "-1.0" in cells(text)  # a number stays a number


def test_the_simulators_csv_files_are_guarded(tmp_path):
    s = load_scenario("kelas_bimtek")
    out = io.StringIO()
    sim_export.write_csv(list(generate(s, seed=1, count=30)), out, with_answers=True)
    no_formula(out.getvalue())
    sim = run_replication(s, 1, record_events=True)
    result = {"kpi": {"=x": {"mean": 1.0, "ci95_low": 0.5, "ci95_high": 2.0, "n": 2}}, "opd": {}}
    for path in report.write_run_csv(tmp_path, result, sim):
        no_formula(path.read_text(encoding="utf-8"))
    events = io.StringIO()
    report.write_events(sim, events)
    no_formula(events.getvalue())


@pytest.mark.parametrize("table", ["hasil", "kasus", "log"])
def test_no_workshop_spreadsheet_carries_a_formula(template, fasil, seed, table):
    r = fasil.get(f"/fasilitator/latihan/{seed['ws']['id']}/ekspor/{table}.xlsx")
    assert r.status_code == 200
    sheet = load_workbook(io.BytesIO(r.get_data())).active
    values = [c.value for row in sheet.iter_rows() for c in row if c.value is not None]
    texts = [v for v in values if isinstance(v, str)]
    assert not [t for t in texts if t.startswith(FORMULA_STARTS)]
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)
    shown = {"hasil": (NAME, TEAM), "kasus": (TITLE,), "log": (NAME,)}[table]
    for value in shown:  # there, as text
        assert any(t.startswith("'" + value) for t in texts), value
