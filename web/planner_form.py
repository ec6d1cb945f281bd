"""The planner's variant form, generated from the scenario field declarations.

A planner changes only what a planner changes: verification staff and mode, SOP deadlines, the
routing policy, the officers of each local unit and a surge. Each row of the form is one declared
scenario field (``scenarios.fields``): its type gives the input, its ``param()`` bounds and unit
the limits and the hint, so the form can never accept what the scenario loader would refuse.
Each column is a variant (up to four, the first is the baseline). A variant's overrides are the
cells that differ from the scenario itself, so an exported variant file holds only its changes.

Messages: a cell that is not a number, or outside the declared bounds, gets a message in the
user's language, and so does a column with changes but no name (never silently dropped);
whatever the loader still finds (cross-checks such as an unknown category in a surge) is shown
beside the cell in the loader's own words.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, get_args, get_origin

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from scenarios import Problem, Scenario, ScenarioError, load_scenario
from scenarios.checks import parse_month_day
from scenarios.fields import FieldInfo, fields_of, is_optional
from scenarios.model import LOCAL_TIERS
from scenarios.routing_names import policy_names

MAX_VARIANTS = 4
SURGE = "lonjakan"  # the form's surge rows are gathered into one ``load.surges`` entry
SURGE_FIELDS = ("categories", "start", "end", "multiplier")

# path (with "*" for an OPD code) -> label; the order is the order of the form
LABELS: dict[str, Any] = {
    "sop.verification": _l("Pola verifikasi"),
    "sop.verifiers": _l("Jumlah verifikator (admin instansi)"),
    "sop.verifier_time_share": _l("Porsi waktu verifikator untuk pengaduan"),
    "sop.verifier_checks_per_day": _l("Verifikator membuka aplikasi (kali per hari)"),
    "sop.deadlines.verification": _l("Batas verifikasi"),
    "sop.deadlines.followup": _l("Batas tindak lanjut"),
    "sop.deadlines.completion": _l("Batas penyelesaian"),
    "sop.deadlines.auto_close": _l("Tutup otomatis setelah"),
    "sop.approval.enabled": _l("Jawaban perlu persetujuan kepala OPD"),
    "routing.policy": _l("Kebijakan disposisi (routing)"),
    "routing.accuracy": _l("Ketepatan disposisi / pilihan kategori"),
    "load.reports_per_year": _l("Laporan per tahun"),
    "opds.*.officers": _l("Admin penghubung"),
    "opds.*.checks_per_day": _l("Membuka aplikasi (kali per hari)"),
    "opds.*.time_share": _l("Porsi waktu untuk pengaduan"),
}
GROUPS: dict[str, Any] = {
    "sop": _l("Verifikasi dan SOP"),
    "routing": _l("Disposisi"),
    "load": _l("Beban laporan"),
    "opds.*.officers": _l("Admin penghubung per unit"),
    "opds.*.checks_per_day": _l("Seberapa sering unit membuka aplikasi"),
    "opds.*.time_share": _l("Porsi waktu penghubung per unit"),
    SURGE: _l("Lonjakan laporan (opsional)"),
}
SURGE_LABELS: dict[str, Any] = {
    "categories": _l("Kategori yang melonjak (kode, pisahkan dengan koma)"),
    "start": _l("Mulai (BB-HH)"),
    "end": _l("Selesai (BB-HH)"),
    "multiplier": _l("Pengali laporan selama lonjakan"),
}
CHOICE_LABELS: dict[str, Any] = {
    "central": _l("terpusat (admin instansi)"),
    "decentralised": _l("di tiap OPD"),
    "none": _l("tanpa verifikasi"),
    "verifier": _l("verifier — penilaian admin"),
    "category-table": _l("category-table — kategori pilihan pelapor"),
    "keyword": _l("keyword — kata kunci teks laporan"),
    "least-loaded": _l("least-loaded — antrean terpendek"),
    "reporter-selected": _l("reporter-selected — instansi pilihan pelapor"),
    "perfect": _l("perfect — selalu tepat (batas atas)"),
}
UNITS: dict[str, Any] = {
    "HK": _l("hari kerja"),
    "people": _l("orang"),
    "fraction": _l("pecahan 0–1"),
    "/day": _l("kali/hari"),
    "reports/year": _l("laporan/tahun"),
    "×": "×",
}


@dataclass(frozen=True)
class Row:
    """One form row: a declared scenario field (or one part of the surge)."""

    path: str  # dotted scenario path, e.g. "opds.DLH.officers"; surge rows: "lonjakan.start"
    group: str
    label: str
    kind: str  # "int" | "float" | "choice" | "bool" | "text"
    choices: tuple[tuple[str, str], ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    unit: str = ""
    help: str = ""  # the declaration's own help text (English, as in docs/scenarios.md)
    base: str = ""  # the scenario's value, as the form shows it


@dataclass
class Column:
    """One variant as submitted: its name, the raw cells and what they mean."""

    index: int
    name: str
    raw: dict[str, str]
    overrides: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, list[str]] = field(default_factory=dict)  # path -> messages
    other: list[str] = field(default_factory=list)  # loader problems with no row of their own

    @property
    def used(self) -> bool:
        return self.index == 0 or bool(self.name.strip())


def declared(path: str) -> FieldInfo:
    """The declaration of a dotted scenario path (an OPD code is a mapping key, not a field)."""
    cls: Any = Scenario
    info: FieldInfo | None = None
    parts = path.split(".")
    i = 0
    while i < len(parts):
        by_name = {f.name: f for f in fields_of(cls)}
        info = by_name[parts[i]]
        tp = is_optional(info.type)[1]
        if get_origin(tp) is dict:  # skip the key
            tp = get_args(tp)[1]
            i += 1
        cls = tp
        i += 1
    assert info is not None
    return info


def _kind(info: FieldInfo) -> tuple[str, tuple[str, ...]]:
    tp = is_optional(info.type)[1]
    if get_origin(tp) is Literal:
        return "choice", tuple(map(str, get_args(tp)))
    if info.name == "policy":
        return "choice", tuple(policy_names())
    return {bool: "bool", int: "int", float: "float"}.get(tp, "text"), ()


def value_at(scenario: Scenario, path: str) -> Any:
    """The scenario's value at a dotted path."""
    node: Any = scenario
    for part in path.split("."):
        node = node[part] if isinstance(node, Mapping) else getattr(node, part)
    return node


def show(value: Any, kind: str) -> str:
    """A value as the form shows it (whole numbers without '.0', booleans as ya/tidak keys)."""
    if kind == "bool":
        return "1" if value else ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value)


def _row(scenario: Scenario, path: str, pattern: str, group: str, label: str) -> Row:
    info = declared(path)
    kind, choices = _kind(info)
    return Row(
        path=path,
        group=group,
        label=label,
        kind=kind,
        choices=tuple((c, str(CHOICE_LABELS.get(c, c))) for c in choices),
        minimum=info.param.minimum,
        maximum=info.param.maximum,
        unit=str(UNITS.get(info.param.unit, info.param.unit)),
        help=info.param.help,
        base=show(value_at(scenario, path), kind),
    )


def local_units(scenario: Scenario) -> list[str]:
    """Codes of the simulated desks (kabupaten OPDs and kecamatan), in the scenario's order."""
    return [code for code, opd in scenario.opds.items() if opd.tier in LOCAL_TIERS]


def rows_for(scenario: Scenario) -> list[Row]:
    """Every row of the form for this scenario, grouped and in order."""
    rows = []
    for pattern, label in LABELS.items():
        if "*" not in pattern:
            rows.append(_row(scenario, pattern, pattern, pattern.split(".")[0], str(label)))
            continue
        for code in local_units(scenario):
            opd = scenario.opds[code]
            text = f"{code} — {opd.name}"
            rows.append(_row(scenario, pattern.replace("*", code), pattern, pattern, text))
    multiplier = declared("load.surges").type  # tuple[Surge, ...]: the surge's own declaration
    surge_cls = get_args(is_optional(multiplier)[1])[0]
    by_name = {f.name: f for f in fields_of(surge_cls)}
    for name in SURGE_FIELDS:
        info = by_name[name]
        rows.append(
            Row(
                path=f"{SURGE}.{name}",
                group=SURGE,
                label=str(SURGE_LABELS[name]),
                kind="float" if name == "multiplier" else "text",
                minimum=info.param.minimum,
                maximum=info.param.maximum,
                unit=str(UNITS.get(info.param.unit, info.param.unit)),
                help=info.param.help,
            )
        )
    return rows


def groups(rows: Sequence[Row]) -> list[tuple[str, str, list[Row]]]:
    """Rows by group: (group key, title, rows)."""
    out: dict[str, list[Row]] = {}
    for row in rows:
        out.setdefault(row.group, []).append(row)
    return [(key, str(GROUPS.get(key, key)), items) for key, items in out.items()]


def cell_name(index: int, path: str) -> str:
    """The input name of a cell (variant index and path)."""
    return f"v{index}:{path}"


def _bounds_message(row: Row) -> str:
    lo, hi = row.minimum, row.maximum
    if lo is not None and hi is not None:
        return _("Masukkan angka dari %(low)s sampai %(high)s.", low=_num(lo), high=_num(hi))
    if lo is not None:
        return _("Masukkan angka paling kecil %(low)s.", low=_num(lo))
    return _("Masukkan angka paling besar %(high)s.", high=_num(hi))


def _num(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else str(x)


def parse_cell(row: Row, text: str) -> tuple[Any, str | None]:
    """A cell's value, or an error in the user's language (type and declared bounds)."""
    text = (text or "").strip()
    if row.kind == "bool":
        return bool(text), None
    if row.kind == "choice":
        if text not in {c for c, _label in row.choices}:
            return None, _("Pilih salah satu pilihan yang tersedia.")
        return text, None
    if row.kind == "text":
        return text, None
    if not text:
        return None, _("Wajib diisi.")
    try:
        number = float(text.replace(",", "."))
    except ValueError:
        number = None
    if number is None or not math.isfinite(number):  # NaN, inf and 1e400 are not settings
        return None, _("Masukkan angka.")
    if row.kind == "int":
        if not number.is_integer():
            return None, _("Masukkan bilangan bulat.")
        number = int(number)
    if (row.minimum is not None and number < row.minimum) or (
        row.maximum is not None and number > row.maximum
    ):
        return None, _bounds_message(row)
    return number, None


def _surge_cells_ok(
    column: Column, scenario: Scenario, codes: list[str], cells: Mapping[str, str]
) -> bool:
    """The surge's codes and days, checked as the loader will, but said in the user's language."""
    known = list(scenario.categories) + [
        sub for cat in scenario.categories.values() for sub in cat.subcategories
    ]
    unknown = [c for c in codes if c not in known]
    ok = True
    if unknown or not codes:
        column.errors.setdefault(f"{SURGE}.categories", []).append(
            _(
                "Kode kategori tidak dikenal: %(codes)s. Kode yang ada: %(known)s.",
                codes=", ".join(unknown) or "–",
                known=", ".join(known),
            )
        )
        ok = False
    for name in ("start", "end"):
        try:
            parse_month_day(cells[name])
        except ValueError:
            column.errors.setdefault(f"{SURGE}.{name}", []).append(
                _("Tulis tanggal sebagai BB-HH, misalnya 07-15.")
            )
            ok = False
    return ok


def _surge(column: Column, rows: Mapping[str, Row], scenario: Scenario) -> dict[str, Any] | None:
    """The surge of a column as a ``load.surges`` item, None when left empty."""
    cells = {n: column.raw.get(f"{SURGE}.{n}", "").strip() for n in SURGE_FIELDS}
    if not any(cells.values()):
        return None
    missing = [n for n, v in cells.items() if not v]
    for name in missing:
        column.errors.setdefault(f"{SURGE}.{name}", []).append(
            _("Isi semua baris lonjakan, atau kosongkan semuanya.")
        )
    value, error = parse_cell(rows[f"{SURGE}.multiplier"], cells["multiplier"])
    if error and cells["multiplier"]:
        column.errors.setdefault(f"{SURGE}.multiplier", []).append(error)
    if missing or error:
        return None
    codes = [c.strip() for c in cells["categories"].replace(";", ",").split(",") if c.strip()]
    if not _surge_cells_ok(column, scenario, codes, cells):
        return None
    return {
        "label": f"Lonjakan ({column.name})",  # scenario data, Indonesian like the rest of it
        "categories": codes,
        "start": cells["start"],
        "end": cells["end"],
        "multiplier": value,
    }


def read_columns(form: Mapping[str, str], scenario: Scenario, rows: Sequence[Row]) -> list[Column]:
    """The submitted variants (named ones; the first always), with overrides and cell errors."""
    by_path = {r.path: r for r in rows}
    columns = []
    for i in range(MAX_VARIANTS):
        raw = {r.path: form.get(cell_name(i, r.path), "") for r in rows}
        name = (form.get(f"v{i}:name") or "").strip()[:60]
        col = Column(i, name, raw)
        if not col.used:
            if _changed(raw, rows):  # typed into, but not named: refuse rather than drop it
                col.errors["name"] = [
                    _(
                        "Kolom ini berisi perubahan tetapi belum bernama: beri nama varian ini, atau kembalikan isinya."
                    )
                ]
                columns.append(col)
            continue
        if not name:
            col.errors.setdefault("name", []).append(_("Beri nama varian ini."))
        for row in rows:
            if row.group == SURGE:
                continue
            value, error = parse_cell(row, raw[row.path])
            if error:
                col.errors.setdefault(row.path, []).append(error)
            elif show(value, row.kind) != row.base:
                col.overrides[row.path] = value
        surge = _surge(col, by_path, scenario)
        if surge is not None:
            col.overrides["load.surges"] = [*(_surge_dict(s) for s in scenario.load.surges), surge]
        columns.append(col)
    names = [c.name for c in columns if c.name]
    for col in columns:
        if col.name and names.count(col.name) > 1:
            col.errors.setdefault("name", []).append(_("Nama varian harus berbeda satu sama lain."))
    return columns


def _changed(raw: Mapping[str, str], rows: Sequence[Row]) -> bool:
    """Whether a column differs from the scenario anywhere (a cell that does not parse does)."""
    for row in rows:
        if row.group == SURGE:
            if raw[row.path].strip():
                return True
            continue
        value, error = parse_cell(row, raw[row.path])
        if error or show(value, row.kind) != row.base:
            return True
    return False


def _surge_dict(surge: Any) -> dict[str, Any]:
    return {f.name: _plain(getattr(surge, f.name)) for f in dataclasses.fields(surge)}


def _plain(value: Any) -> Any:
    return list(value) if isinstance(value, tuple) else value


def check_with_loader(ref: str, columns: Sequence[Column], rows: Sequence[Row]) -> None:
    """Load each clean variant as the simulator will; put the loader's problems on their cells."""
    paths = {r.path for r in rows}
    for col in columns:
        if col.errors:
            continue
        try:
            load_scenario(ref, col.overrides)
        except ScenarioError as exc:
            for problem in exc.problems:
                _place(col, problem, paths)


def _place(col: Column, problem: Problem, paths: set[str]) -> None:
    path = problem.path
    if path.startswith("load.surges"):
        part = path.rsplit(".", 1)[-1].split("[")[0]
        target = f"{SURGE}.{part}" if part in SURGE_FIELDS else f"{SURGE}.categories"
        col.errors.setdefault(target, []).append(problem.message)
    elif path in paths:
        col.errors.setdefault(path, []).append(problem.message)
    else:
        col.other.append(f"{path}: {problem.message}" if path else problem.message)


def blank_form(scenario: Scenario, rows: Sequence[Row]) -> dict[str, str]:
    """The form as first shown: every column holds the scenario's values, only the first named."""
    values = {"v0:name": _("SOP sekarang")}
    for i in range(MAX_VARIANTS):
        for row in rows:
            values[cell_name(i, row.path)] = row.base
    return values
