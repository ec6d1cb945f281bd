"""The reply rubric: automatic checks of a tindak lanjut, each a code with its reason as a note.

A good answer (domain.md §8) greets and thanks, restates the problem, says what concrete action
was or will be taken, by which unit, by when, and how the reporter can follow up — and never
blames the reporter. On an anonim or rahasia case a reply that names the reporter (the full name
or any distinctive part of it) or gives their number is a *severe* error and scores zero.
Points come only from what the reply says about *this* case, in the writer's own words: the problem
and its place, a concrete action that fits the report and the key, a date, the responsible unit (an
office that owns the case, not another one), how to follow up, and — when earlier answers are on the
thread — agreement with them. A template's unchanged text and a [placeholder] left in place earn
nothing (:func:`sandbox.reply_templates.own_words`). Greeting and politeness are conditions, not
points: a reply without greeting and thanks loses a share, one that blames the reporter half, one
with a placeholder left a share. The checks are heuristics; the facilitator can override the score
with a comment.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from .notes import Note, note, to_json
from .notes import from_json as note_from_json
from .reply_templates import own_words, placeholders

_MONTH_NAMES = (
    "januari februari maret april mei juni juli agustus september oktober november desember"
)
MONTHS = tuple(_MONTH_NAMES.split())
_DAYS = ("senin", "selasa", "rabu", "kamis", "jumat", "jum'at", "sabtu", "minggu")
_GREETING = re.compile(
    r"\b(selamat (pagi|siang|sore|malam)|yth\b|yang terhormat|salam|assalamu|halo|"
    r"kepada (bapak|ibu|saudara|sdr)|bapak/ibu|bapak dan ibu)",
    re.I,
)
_THANKS = re.compile(r"terima ?kasih|berterima kasih|makasih|mengapresiasi|apresiasi", re.I)
_STEM_WORDS = """tinjau periksa perbaik tambal angkut bersih tertib survei cek uji sampel ukur pasang
ganti salur terbit cetak mediasi patroli razia sidak normalisasi keruk evakuasi validasi data henti
sanksi tegur jadwal pangkas tebang sedot kuras bangun rehabilitasi segel cabut anggar"""
_STEMS = tuple(_STEM_WORDS.split())
_ACTION = re.compile(
    r"\b(?:me|mem|men|meng|menge|meny|di|pe|pem|pen|peng|penge|peny|ter|ber)?(?:"
    + "|".join(
        sorted(
            {s for stem in _STEMS for s in (stem, stem[1:] if stem[0] in "tpsk" else stem)},
            key=len,
            reverse=True,
        )
    )
    + r")(?:kan|i|an|nya|lah)*\b|turun ke (lokasi|lapangan)|kunjungan lapangan|surat peringatan",
    re.I,
)
_UNIT = re.compile(
    r"\b(dinas|badan|bidang|seksi|sub ?bagian|upt|uptd|puskesmas|rsud|kantor|satuan|"
    r"tim (teknis|lapangan|reaksi)|perumda|kepala (dinas|bidang|seksi|upt))\b",
    re.I,
)
_DATE = re.compile(
    r"\b\d{1,2}\s+("
    + "|".join(MONTHS)
    + r")\b|\b\d{1,2}[/-]\d{1,2}([/-]\d{2,4})?\b|\b("
    + "|".join(_DAYS)
    + r")\b|\bdalam (waktu )?(\d+|satu|dua|tiga|empat|lima|tujuh|sepuluh|empat belas) (hari|minggu|pekan|bulan)"
    r"|\b\d+ (hari kerja|hk)\b|paling lambat|selambat-lambatnya|(minggu|pekan|bulan) (depan|ini)|besok|lusa|"
    r"tahun anggaran|\bta \d{4}|triwulan|pukul \d",
    re.I,
)
_FOLLOW = re.compile(
    r"\b0\d{2,4}[- ]?\d{3,}|hubungi|menghubungi|kontak|telepon|\btelp|whatsapp|\bwa\b|nomor|\bhp\b|e-?mail|surel|"
    r"lapor\.go\.id|lapor!|sp4n|pantau|memantau|call center|\+62|\b08\d{6,}|datang (langsung )?ke kantor"
    r"|layanan pengaduan|loket",
    re.I,
)
_BLAME = re.compile(
    r"kesalahan (anda|bapak|ibu|pelapor|saudara|warga|masyarakat)|salah (anda|bapak|ibu|pelapor|saudara|warga) sendiri|"
    r"(anda|bapak|ibu|pelapor|saudara|warga) (sendiri )?(yang )?(salah|lalai|tidak (mengerti|paham|tahu aturan))|"
    r"akibat ulah (warga|pelapor|masyarakat|anda)|seharusnya (anda|bapak|ibu|pelapor|saudara) (tidak|jangan)|"
    r"jangan (asal )?(melapor|lapor|mengada-ada|mengeluh)|bukan urusan kami|urus sendiri|mengada-ada|"
    r"tidak berdasar|hoaks|hoax|fitnah|terlalu banyak mengeluh|\bmakanya\b",
    re.I,
)
_WORD = re.compile(r"[a-zA-Z][a-zA-Z'-]+")
_STOP = frozenset(
    [
        "yang",
        "dan",
        "di",
        "ke",
        "dari",
        "untuk",
        "dengan",
        "kami",
        "kita",
        "anda",
        "bapak",
        "ibu",
        "mohon",
        "terima",
        "kasih",
        "laporan",
        "sudah",
        "akan",
        "telah",
        "tidak",
        "pada",
        "ini",
        "itu",
        "ada",
        "agar",
        "oleh",
        "dalam",
        "atas",
        "warga",
        "desa",
        "kecamatan",
        "kabupaten",
        "tersebut",
        "segera",
        "bisa",
        "dapat",
        "juga",
        "karena",
        "sejak",
        "saat",
        "sampai",
        "hingga",
        "masih",
        "belum",
        "sangat",
        "lebih",
        "kalau",
        "jika",
        "namun",
        "tetapi",
        "tapi",
        "saya",
        "para",
        "setiap",
        "semua",
        "hari",
        "minggu",
        "bulan",
        "tahun",
        "tolong",
        "harap",
        "pihak",
        "terkait",
        "menjadi",
        "adalah",
        "bahwa",
        "seperti",
        "sudah",
    ]
)
_TITLES = frozenset(
    [
        "h",
        "hj",
        "haji",
        "dr",
        "drs",
        "dra",
        "ir",
        "prof",
        "r",
        "rm",
        "raden",
        "tgk",
        "teuku",
        "cut",
        "puti",
        "sutan",
        "andi",
        "daeng",
        "gusti",
        "ida",
        "bagus",
        "ni",
        "kadek",
        "putu",
        "made",
        "nyoman",
        "ketut",
        "st",
        "sh",
        "se",
        "spd",
        "mpd",
        "mm",
        "sgz",
        "sked",
        "sfarm",
        "spt",
        "skom",
        "mkom",
        "mti",
        "mak",
        "sei",
        "sikom",
        "ssos",
        "ag",
        "amd",
    ]
)


#: points of each case-specific check (a reply's score is its share of the points it could earn)
POINTS = {"masalah": 2, "tindakan": 3, "unit": 2, "waktu": 2, "tindak_lanjut": 1, "konsisten": 1}
#: what a missing condition leaves of the score
NO_GREETING, BLAMES, PLACEHOLDER_LEFT = 0.85, 0.5, 0.8
TEMPLATE_ONLY = 0.9  # a reply this much template text is the template unchanged


@dataclass(frozen=True)
class ReplyFacts:
    """What the rubric compares a reply with."""

    report_text: str
    places: tuple[str, ...] = ()  # desa, kecamatan: naming them restates the problem
    units: tuple[str, ...] = ()  # the scenario's offices: code, name, code, name …
    reporter_name: str = ""
    reporter_contact: str = ""
    protect_identity: bool = False  # anonim or rahasia (the truth, not what the verifier set)
    public_words: tuple[str, ...] = ()  # region and place names that are not identity
    answer_points: tuple[str, ...] = ()  # the key's points a good answer addresses
    owners: tuple[str, ...] = ()  # the offices that answer for this case: code, name, …
    templates: tuple[str, ...] = ()  # the reply templates filled for this case
    earlier: tuple[str, ...] = ()  # earlier public answers on the case's thread


#: the rubric's checks by code, with their labels (Indonesian, English); pages translate the first
CHECKS: dict[str, tuple[str, str]] = {
    "salam": ("Salam dan terima kasih", "Greeting and thanks"),
    "isian": ("Templat diisi dengan fakta kasus", "Template filled with the case's facts"),
    "masalah": ("Menyebut kembali masalahnya", "Restates the problem"),
    "tindakan": ("Tindakan nyata", "Concrete action"),
    "unit": ("Unit penanggung jawab", "Responsible unit"),
    "waktu": ("Tanggal atau jadwal", "Date or timeline"),
    "tindak_lanjut": ("Cara memantau/menghubungi", "How to follow up"),
    "konsisten": ("Sejalan dengan jawaban sebelumnya", "Consistent with earlier answers"),
    "tidak_menyalahkan": ("Tidak menyalahkan pelapor", "No blaming"),
    "identitas": ("Identitas pelapor terlindungi", "Reporter identity protected"),
}


@dataclass(frozen=True)
class Check:
    """One rubric item (a code of :data:`CHECKS`) with its verdict and the reason, as a note."""

    id: str
    passed: bool
    reason: Note
    severe: bool = False

    def as_json(self) -> dict[str, Any]:
        """What a reply row stores: codes and the reason's parameters, no sentence."""
        return {
            "id": self.id,
            "passed": self.passed,
            "reason": to_json(self.reason),
            "severe": self.severe,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Check:
        """A stored check (one stored with its sentences by an older version keeps them)."""
        if "reason" in data:
            reason = note_from_json(data["reason"])
        else:
            reason = note("rubrik.tersimpan", text=(data["reason_id"], data["reason_en"]))
        return cls(data["id"], bool(data["passed"]), reason, bool(data.get("severe")))


@dataclass(frozen=True)
class RubricResult:
    """All checks of one reply, its score (0–1) and whether it leaked the reporter's identity."""

    checks: tuple[Check, ...]
    score: float
    leak: bool


def _content_words(text: str) -> set[str]:
    return {w for w in (m.lower() for m in _WORD.findall(text)) if len(w) >= 4 and w not in _STOP}


@lru_cache(maxsize=4096)
def identity_parts(name: str, public_words: tuple[str, ...] = ()) -> tuple[str, ...]:
    """The distinctive parts of a reporter's name: no titles, degrees or public place words."""
    public = {w.lower() for text in public_words for w in _WORD.findall(text)}
    parts = []
    for raw in re.split(r"[\s,]+", name):
        token = raw.strip(".").lower()
        if "." in raw.rstrip(".") or token.replace(".", "") in _TITLES:
            continue  # S.T., M.Pd, Hj., Dr.
        if len(token) >= 3 and token not in public and token not in _STOP:
            parts.append(token)
    return tuple(parts)


def find_identity(text: str, facts: ReplyFacts) -> list[str]:
    """Pieces of the reporter's identity found in ``text`` (name parts, phone digits)."""
    words = set(_WORD.findall(text.lower()))
    found = [
        p
        for p in identity_parts(
            facts.reporter_name, facts.public_words + facts.places + facts.units
        )
        if p in words
    ]
    digits = re.sub(r"\D", "", facts.reporter_contact)
    if len(digits) >= 7 and digits[-7:] in re.sub(r"\D", "", text):
        found.append(facts.reporter_contact)
    return found


def _check(cid: str, passed: bool, bad: Note | None = None, severe: bool = False) -> Check:
    """Check ``cid``: its reason is ``rubrik.<cid>.ok`` when passed, else ``bad`` (or ``.kurang``)."""
    reason = note(f"rubrik.{cid}.ok") if passed else (bad or note(f"rubrik.{cid}.kurang"))
    return Check(cid, passed, reason, severe and not passed)


def _offices_named(text: str, offices: tuple[str, ...]) -> set[str]:
    """The codes of the offices (``code, name, code, name …``) that ``text`` names by code or name."""
    lowered = text.lower()
    return {
        offices[i - i % 2]
        for i, n in enumerate(offices)
        if n and re.search(rf"\b{re.escape(n.lower())}\b", lowered)
    }


def _offices(text: str, facts: ReplyFacts) -> tuple[set[str], set[str]]:
    """The owners and the other offices a text names (as codes)."""
    owners = _offices_named(text, facts.owners)
    return owners, _offices_named(text, facts.units) - owners


def check_reply(text: str, facts: ReplyFacts) -> RubricResult:
    """Run every rubric check on a public reply."""
    left = placeholders(text)
    case_words = _content_words(facts.report_text) | {
        w for p in facts.places for w in _content_words(p)
    }
    own, copied = own_words(text, facts.templates, case_words)
    key_words = case_words | {w for p in facts.answer_points for w in _content_words(p)}
    own_content = _content_words(own)
    owners, others = _offices(own, facts)
    wrong_office = bool(facts.owners) and bool(others) and not owners
    names_unit = bool(_UNIT.search(own)) or bool(owners or others)
    checks = [
        _check("salam", bool(_GREETING.search(text)) and bool(_THANKS.search(text))),
        _check(
            "isian",
            not left and copied < TEMPLATE_ONLY,
            note("rubrik.isian.tersisa", left=", ".join(left[:3]))
            if left
            else note("rubrik.isian.tidak_diubah"),
        ),
        _check("masalah", len(own_content & case_words) >= 2),
        _check(
            "tindakan",
            bool(_ACTION.search(own)) and (not key_words or bool(own_content & key_words)),
        ),
        _check(
            "unit",
            names_unit and not wrong_office,
            note("rubrik.unit.salah", offices=", ".join(sorted(others))) if wrong_office else None,
        ),
        _check("waktu", bool(_DATE.search(own))),
        _check("tindak_lanjut", bool(_FOLLOW.search(own))),
    ]
    if facts.earlier:
        said = set().union(*(_offices(e, facts)[0] | _offices(e, facts)[1] for e in facts.earlier))
        named = owners | others
        checks.append(
            _check(
                "konsisten",
                not said or not named or bool(named & (said | owners)),
                note("rubrik.konsisten.kurang", offices=", ".join(sorted(said))),
            )
        )
    checks.append(_check("tidak_menyalahkan", not _BLAME.search(text)))
    leak = False
    if facts.protect_identity:
        found = find_identity(text, facts)
        leak = bool(found)
        checks.append(
            _check(
                "identitas",
                not leak,
                note("rubrik.identitas.bocor", found=", ".join(found)),
                severe=True,
            )
        )
    return RubricResult(tuple(checks), 0.0 if leak else score_of(checks), leak)


def score_of(checks: list[Check] | tuple[Check, ...]) -> float:
    """The share of the case-specific points earned, times what the missing conditions leave."""
    passed = {c.id: c.passed for c in checks}
    earnable = [cid for cid in POINTS if cid in passed]
    share = sum(POINTS[c] for c in earnable if passed[c]) / sum(POINTS[c] for c in earnable)
    for cid, left in (
        ("salam", NO_GREETING),
        ("tidak_menyalahkan", BLAMES),
        ("isian", PLACEHOLDER_LEFT),
    ):
        if not passed.get(cid, True):
            share *= left
    return round(share, 4)
