"""The trainer's forms (Flask-WTF: every POST carries a CSRF token).

Every message is our own and goes through the catalogue: WTForms has no Indonesian messages, so
numbers and choices are checked by the small validators below instead of the built-in ones.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    HiddenField,
    PasswordField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from scenarios.yamlsrc import MAX_BYTES

from .display import bilingual, scenario_title

REQUIRED = _l("Wajib diisi.")


def required() -> InputRequired:
    """A required field, with our own message."""
    return InputRequired(message=REQUIRED)


def whole_number(low: int, high: int) -> Any:
    """Accept a whole number between ``low`` and ``high`` (message in the user's language)."""

    def check(form: FlaskForm, field: Any) -> None:
        try:
            value = int(str(field.data).strip())
        except ValueError:
            value = None
        if value is None or not low <= value <= high:
            raise ValidationError(
                _l("Masukkan bilangan bulat dari %(low)s sampai %(high)s.", low=low, high=high)
            )

    return check


def decimal(low: float, high: float) -> Any:
    """Accept a number between ``low`` and ``high`` (a decimal comma is fine)."""

    def check(form: FlaskForm, field: Any) -> None:
        try:
            value = float(str(field.data).strip().replace(",", "."))
        except ValueError:
            value = None
        if value is None or not low <= value <= high:
            raise ValidationError(
                _l("Masukkan angka dari %(low)s sampai %(high)s.", low=low, high=high)
            )

    return check


def one_of_choices(form: FlaskForm, field: Any) -> None:
    """The value must be one of the field's offered choices."""
    if field.data not in set(map(str, field.choices or {})):  # choices are {value: label} dicts
        raise ValidationError(_l("Pilih salah satu pilihan yang tersedia."))


def some_of_choices(form: FlaskForm, field: Any) -> None:
    """At least one value, each among the field's offered choices."""
    offered = set(map(str, field.choices or {}))
    if not field.data or any(v not in offered for v in field.data):
        raise ValidationError(_l("Centang minimal satu pilihan yang tersedia."))


#: how a date and time may be written: as the pages show it (dd/mm/yyyy HH:MM) or ISO
DATETIME_FORMATS = ("%d/%m/%Y %H:%M", "%d/%m/%Y %H.%M", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M")


def parse_local(text: str) -> datetime:
    """A local date and time as the pages show it (``07/02/2025 09:00``) or in ISO form; a zone
    name after it (WIB, WITA, WIT) is allowed, as the pages print one. Raises ValueError."""
    words = str(text).strip().split()
    if len(words) == 3 and words[2].upper() in ("WIB", "WITA", "WIT"):
        words = words[:2]
    cleaned = " ".join(words)
    for pattern in DATETIME_FORMATS:
        try:
            return datetime.strptime(cleaned, pattern)
        except ValueError:
            continue
    raise ValueError(cleaned)


def local_datetime(form: FlaskForm, field: Any) -> None:
    """A date and time as the pages show it, or as a browser's datetime-local input sends it."""
    try:
        parse_local(field.data)
    except ValueError:
        raise ValidationError(
            _l(
                "Tulis tanggal dan jam seperti di halaman: hh/bb/tttt jj:mm (mis. 07/02/2025 09:00)."
            )
        ) from None


PICK = _l("— pilih —")


def chosen(form: FlaskForm, field: Any) -> None:
    """A select that starts at "— pilih —" must be changed."""
    if not field.data:
        raise ValidationError(_l("Pilih salah satu pilihan yang tersedia."))


def blank_or_choice(form: FlaskForm, field: Any) -> None:
    """Nothing chosen, or one of the offered choices."""
    if field.data:
        one_of_choices(form, field)


def pick_one(label: Any) -> SelectField:
    """A select that starts at "— pilih —" and refuses a submit without a choice."""
    return SelectField(label, validators=[chosen, one_of_choices], validate_choice=False)


def choice(label: Any, **kw: Any) -> SelectField:
    """A select whose value is checked by :func:`one_of_choices` (not WTForms' English message)."""
    return SelectField(label, validators=[one_of_choices], validate_choice=False, **kw)


# -- facilitator ----------------------------------------------------------------------------------
class LoginForm(FlaskForm):
    name = StringField(
        _l("Nama fasilitator"),
        validators=[required(), Length(max=60, message=_l("Terlalu panjang."))],
    )
    password = PasswordField(_l("Kata sandi"), validators=[required()])


class SetupForm(LoginForm):
    confirm = PasswordField(_l("Ulangi kata sandi"), validators=[required()])
    display_name = StringField(_l("Nama lengkap untuk sertifikat"), validators=[Length(max=80)])

    def validate_confirm(self, field: Any) -> None:
        if field.data != self.password.data:
            raise ValidationError(_l("Kedua kata sandi tidak sama."))


class WorkshopForm(FlaskForm):
    scenario = choice(_l("Skenario"))
    seed = StringField(
        _l("Benih acak (seed)"), default="1", validators=[required(), whole_number(0, 999_999)]
    )
    mode = choice(_l("Mode"))

    def offer(self, scenarios: list[str]) -> WorkshopForm:
        """Fill the choices (labels in the user's language, as plain strings for WTForms)."""
        self.scenario.choices = {n: scenario_title(n) for n in scenarios}
        self.mode.choices = {
            "practice": str(_l("Latihan (petunjuk dan umpan balik)")),
            "assessment": str(_l("Penilaian (umpan balik setelah diumumkan)")),
        }
        return self

    title = StringField(
        _l("Judul (boleh kosong)"), validators=[Length(max=80, message=_l("Terlalu panjang."))]
    )
    upload = FileField(
        _l("Atau unggah berkas skenario sendiri (YAML, maks. %(kb)s KB)", kb=MAX_BYTES // 1024)
    )


class ClockForm(FlaskForm):
    op = HiddenField(validators=[required()])


class SpeedForm(FlaskForm):
    speed = StringField(
        _l("Kecepatan (jam simulasi per jam nyata)"), validators=[required(), decimal(0.1, 10_000)]
    )


class JumpForm(FlaskForm):
    to = StringField(
        _l("Lompat ke (tanggal dan jam setempat)"), validators=[required(), local_datetime]
    )


class ReleaseForm(FlaskForm):
    count = StringField(
        _l("Jumlah kasus"), default="5", validators=[required(), whole_number(1, 50)]
    )


# -- participant ----------------------------------------------------------------------------------
class JoinForm(FlaskForm):
    code = StringField(
        _l("Kode latihan"),
        validators=[required(), Length(min=4, max=12, message=_l("Kode latihan 6 huruf/angka."))],
    )
    display_name = StringField(
        _l("Nama tampilan"),
        validators=[required(), Length(max=40, message=_l("Maksimal 40 karakter."))],
    )
    role = choice(_l("Peran"))
    opd = SelectField(_l("OPD (hanya untuk penghubung)"), validate_choice=False)


class ActionForm(FlaskForm):
    """Every case action carries the case version the participant saw."""

    expected_version = HiddenField(validators=[required(), whole_number(0, 10**9)])


class VerifyForm(ActionForm):
    title = StringField(
        _l("Judul laporan"),
        validators=[required(), Length(max=150, message=_l("Maksimal 150 karakter."))],
    )
    report_type = pick_one(_l("Jenis laporan"))
    category = pick_one(_l("Kategori"))
    anonim = BooleanField(_l("Anonim"))
    rahasia = BooleanField(_l("Rahasia"))


class DisposeForm(ActionForm):
    """Verifikasi dan disposisi in one step: the verification fields (kept as they are when the
    report is verified already), the OPD and the copies."""

    title = StringField(
        _l("Judul laporan"), validators=[Length(max=150, message=_l("Maksimal 150 karakter."))]
    )
    report_type = SelectField(
        _l("Jenis laporan"), validators=[blank_or_choice], validate_choice=False
    )
    category = SelectField(_l("Kategori"), validators=[blank_or_choice], validate_choice=False)
    anonim = BooleanField(_l("Anonim"))
    rahasia = BooleanField(_l("Rahasia"))
    opd = pick_one(_l("OPD tujuan"))
    copies = SelectMultipleField(
        _l("Tembusan (OPD lain yang ikut menangani, boleh kosong)"),
        validate_choice=False,
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
    )


class ForwardForm(ActionForm):
    office = pick_one(_l("Instansi tujuan"))
    reason = StringField(_l("Alasan"), validators=[required()])


class TundaForm(ActionForm):
    missing = SelectMultipleField(
        _l("Yang kurang"),
        validators=[some_of_choices],
        validate_choice=False,
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
    )
    message = TextAreaField(_l("Pesan kepada pelapor"), validators=[required()])


class ReasonForm(ActionForm):
    reason = StringField(_l("Alasan"), validators=[required()])


class DuplicateForm(ActionForm):
    original_id = StringField(_l("Nomor kasus induk"), validators=[required()])


class TextForm(ActionForm):
    text = TextAreaField(_l("Tanggapan awal"), validators=[required()])


class AnswerForm(ActionForm):
    text = TextAreaField(_l("Jawaban kepada pelapor"), validators=[required()])


class FollowUpForm(ActionForm):
    reply = TextAreaField(_l("Jawaban kepada pelapor"), validators=[required()])
    internal_note = TextAreaField(_l("Catatan internal"))
    evidence = StringField(_l("Bukti (nama berkas, pisahkan dengan koma)"))


class EvidenceForm(ActionForm):
    evidence = StringField(_l("Bukti (nama berkas, pisahkan dengan koma)"), validators=[required()])


# -- facilitator's console -------------------------------------------------------------------------
INJECT_KINDS = {
    "lonjakan": _l("Lonjakan laporan (beberapa laporan tambahan)"),
    "viral": _l("Kasus viral (bobot ketepatan waktu dua kali)"),
    "petugas_absen": _l("Petugas OPD absen (bot OPD menunggu)"),
    "tindak_lanjut_marah": _l("Pelapor marah (balasan yang membuka kembali kasus)"),
}


class OpForm(FlaskForm):
    """A button whose ``op`` says what to do (freeze, hide, reveal …)."""

    op = HiddenField(validators=[required()])


class ModeForm(FlaskForm):
    mode = choice(_l("Mode"))

    def offer(self) -> ModeForm:
        """Fill the choices in the user's language."""
        self.mode.choices = {
            "practice": str(_l("Latihan (petunjuk dan umpan balik)")),
            "assessment": str(_l("Penilaian (umpan balik setelah diumumkan)")),
        }
        return self


class OverrideForm(FlaskForm):
    score = StringField(_l("Nilai baru (0–100)"), validators=[required(), decimal(0, 100)])
    comment = TextAreaField(
        _l("Komentar untuk peserta"),
        validators=[required(), Length(max=500, message=_l("Maksimal 500 karakter."))],
    )


class InjectForm(FlaskForm):
    kind = choice(_l("Jenis kejadian"))
    case_id = StringField(_l("Nomor kasus (untuk viral dan pelapor marah)"))
    count = StringField(
        _l("Jumlah laporan (untuk lonjakan)"), default="5", validators=[whole_number(1, 50)]
    )
    category = choice(_l("Kategori (untuk lonjakan, boleh kosong)"))
    opd = choice(_l("OPD (untuk petugas absen)"))
    working_days = StringField(
        _l("Lama absen (hari kerja)"), default="2", validators=[whole_number(1, 10)]
    )

    def offer(self, scenario: Any, local_opds: Any) -> InjectForm:
        """Fill the choices from the workshop's scenario (labels in the user's language)."""
        self.kind.choices = {k: str(v) for k, v in INJECT_KINDS.items()}
        self.category.choices = {
            "": "–",
            **{k: bilingual((c.label, c.label_en)) for k, c in scenario.categories.items()},
        }
        self.opd.choices = {"": "–", **{o: f"{o} – {scenario.opds[o].name}" for o in local_opds}}
        return self


class BroadcastForm(FlaskForm):
    text = TextAreaField(
        _l("Pesan untuk semua peserta"),
        validators=[required(), Length(max=280, message=_l("Maksimal 280 karakter."))],
    )


class AssignRoleForm(FlaskForm):
    participant = choice(_l("Peserta"))
    role = choice(_l("Peran baru"))
    opd = SelectField(_l("OPD (hanya untuk penghubung)"), validate_choice=False)
    team = StringField(
        _l("Tim (boleh kosong)"),
        validators=[Length(max=40, message=_l("Maksimal 40 karakter."))],
    )

    def offer(
        self, people: Any, roles: dict[str, Any], scenario: Any, local_opds: Any
    ) -> AssignRoleForm:
        """Fill the choices: the workshop's participants, the roles and the kabupaten's own OPDs."""
        self.participant.choices = {str(p.id): p.display_name for p in people}
        self.role.choices = {k: str(v) for k, v in roles.items()}
        self.opd.choices = {"": "–", **{o: f"{o} – {scenario.opds[o].name}" for o in local_opds}}
        return self
