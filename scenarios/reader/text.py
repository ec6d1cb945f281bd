"""A report's words as the reader sees them: chat spelling normalised, stop words, a light stemmer.

One definition of each serves the rule-based reader (cue phrases matched as whole words), the
duplicate finder (content words) and the classifier the simulator trains (``features``).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from functools import lru_cache

# chat and SMS spellings read as the words they stand for [the usual Indonesian abbreviations]
ABBREVIATIONS: dict[str, str] = {
    "yg": "yang", "tdk": "tidak", "gak": "tidak", "ga": "tidak", "gk": "tidak", "nggak": "tidak",
    "ngga": "tidak", "enggak": "tidak", "tak": "tidak", "jln": "jalan", "jl": "jalan",
    "sdh": "sudah", "udh": "sudah", "udah": "sudah", "dah": "sudah", "dgn": "dengan",
    "krn": "karena", "karna": "karena", "kmrn": "kemarin", "kemaren": "kemarin", "blm": "belum",
    "org": "orang", "sy": "saya", "tlg": "tolong", "utk": "untuk", "dlm": "dalam", "lg": "lagi",
    "skrg": "sekarang", "skr": "sekarang", "hr": "hari", "bln": "bulan", "thn": "tahun",
    "mgg": "minggu", "jg": "juga", "bs": "bisa", "tp": "tapi", "dr": "dari", "sklh": "sekolah",
    "kec": "kecamatan", "ds": "desa", "kab": "kabupaten", "prov": "provinsi",
    "pemkab": "pemerintah kabupaten", "dsn": "dusun", "kel": "kelurahan", "rmh": "rumah",
    "sm": "sama", "bgt": "banget", "sbg": "sebagai", "pdhl": "padahal", "spt": "seperti",
    "kpd": "kepada", "thd": "terhadap", "sampe": "sampai", "smp2": "sampai", "ni": "ini",
    "tu": "itu", "kalo": "kalau", "klo": "kalau", "mhn": "mohon", "dmn": "di mana",
    "gmn": "bagaimana", "gimana": "bagaimana", "knp": "kenapa", "brp": "berapa", "bpk": "bapak",
    "ibu2": "ibu-ibu", "warga2": "warga", "anak2": "anak-anak", "listrk": "listrik",
    "sekolh": "sekolah", "skolah": "sekolah", "puskes": "puskesmas", "td": "tadi", "tdi": "tadi",
    "smlm": "semalam", "mlm": "malam", "sore2": "sore", "ngutang": "utang", "minjem": "pinjam",
    "dipinjem": "dipinjam", "nyuri": "mencuri", "bbrp": "beberapa", "sllu": "selalu",
    "trs": "terus", "trus": "terus", "msh": "masih", "byk": "banyak", "bnyk": "banyak",
    "pd": "pada", "dpt": "dapat", "sj": "saja", "aja": "saja", "bkn": "bukan", "sbb": "sebab",
    "dll": "dan lain-lain", "tsb": "tersebut", "hrs": "harus", "kl": "kalau",
}  # fmt: skip

# abbreviations written with a dot that does not end a sentence
_DOTTED = frozenset(("jl", "jln", "ds", "dsn", "kec", "kab", "kel", "gg", "kp", "no", "rt", "rw"))

# words of every complaint: they say nothing about what it is about or where
STOP_WORDS = frozenset((
    "yang", "dan", "di", "ke", "dari", "ini", "itu", "saya", "kami", "kita", "tidak", "sudah",
    "belum", "ada", "akan", "dengan", "untuk", "pada", "karena", "juga", "atau", "sangat",
    "mohon", "tolong", "bapak", "ibu", "pak", "bu", "admin", "warga", "kampung", "desa", "dusun",
    "kecamatan", "kabupaten", "sejak", "hari", "sekarang", "masih", "lagi", "sampai", "agar",
    "bisa", "dapat", "telah", "jadi", "para", "oleh", "banyak", "semua", "setiap", "tersebut",
    "tapi", "tetapi", "namun", "kalau", "jika", "sehingga", "terima", "kasih", "selamat", "pagi",
    "siang", "sore", "malam", "hormat", "laporan", "melaporkan", "pengaduan", "terkait", "soal",
    "masalah",
))  # fmt: skip

# a place named by preposition: its words say where, not what the report is about
LOCATIVES = frozenset((
    "di", "ke", "dari", "depan", "dekat", "pinggir", "samping", "belakang", "sekitar", "sebelah",
    "seberang", "menuju", "arah", "lewat", "melewati", "sepanjang", "ujung", "tepi", "simpang",
    "dalam",
))  # fmt: skip

_REDUP = re.compile(r"^([a-z]{3,})2$")  # "ikan2" = "ikan-ikan": read as the plain word
_WORD = re.compile(r"\w+(?:[-']\w+)*|\W+")


class Normalised:
    """A report's text in plain spelling, lower case, with a map back to the written text."""

    def __init__(self, text: str) -> None:
        out: list[str] = []
        self.starts: list[int] = []  # normalised offset of each piece
        self.pieces: list[tuple[int, int]] = []  # its span in the written text
        pos = 0
        after_short = False  # the last word was an abbreviation written with a dot ("Jl.")
        for m in _WORD.finditer(text):
            raw = m.group(0)
            if after_short and raw.startswith(". "):
                raw = raw[1:]  # "Jl. Hasan Basri" reads as "jalan hasan basri"
            after_short = raw.lower() in _DOTTED
            if raw[0].isalnum() or raw[0] == "_":
                low = "sampai" if raw == "smp" else raw.lower()  # chat "smp" = sampai; SMP = school
                redup = _REDUP.match(low)
                low = redup.group(1) if redup else low
                word = ABBREVIATIONS.get(low, low)
            else:
                word = (" . " if "\n" in raw else " ") if raw.strip() == "" else f" {raw.strip()} "
            self.starts.append(pos)
            self.pieces.append(m.span())
            out.append(word)
            pos += len(word)
        self.text = "".join(out)
        self.written = text

    def original(self, start: int, end: int) -> tuple[int, int]:
        """The written span of a match at [start, end) of the normalised text."""
        i = max(0, bisect.bisect_right(self.starts, start) - 1)
        j = max(0, bisect.bisect_right(self.starts, max(start, end - 1)) - 1)
        return self.pieces[i][0], self.pieces[j][1]


@lru_cache(maxsize=8192)
def pattern(phrase: str) -> re.Pattern[str]:
    """A whole-word pattern for ``phrase`` as the normalised text spells it; any punctuation may
    stand between its words ("Sanggau–Sekadau", "(Jalan KKA)"), the enclitic -nya may follow."""
    words = [re.escape(ABBREVIATIONS.get(w, w)) for w in re.findall(r"\w+", phrase.lower())]
    return re.compile(r"(?<!\w)" + r"[^\w.!?\n]+".join(words) + r"(?:nya)?(?!\w)")


def disjoint(spans: Iterable[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    """Spans in order, a longer one winning over any it overlaps."""
    out: list[tuple[int, int]] = []
    for a, b in sorted(set(spans), key=lambda s: (s[0], -s[1])):
        if out and a < out[-1][1]:
            continue
        out.append((a, b))
    return tuple(out)


def hits(norm: Normalised, phrases: Iterable[str]) -> list[tuple[str, int, int]]:
    """(phrase, start, end) of every phrase found, in the normalised text."""
    out = []
    for phrase in phrases:
        if phrase and phrase.strip():
            out.extend((phrase, m.start(), m.end()) for m in pattern(phrase).finditer(norm.text))
    return out


def content_words(normalised_text: str) -> set[str]:
    """The words of four letters or more that are no stop word."""
    return {w for w in re.findall(r"[a-z]{4,}", normalised_text) if w not in STOP_WORDS}


# -- a light stemmer ---------------------------------------------------------------------------
# Indonesian affixes stripped without a dictionary: enough that "ditebang", "menebang" and
# "penebangan" meet in "tebang", "dibuang" and "membuang" in "buang". Nasal prefixes restore the
# consonant they swallowed (meny-/peny- → s, mem-/pem- + vowel → p, men-/pen- + vowel → t).
_MIN_STEM = 4


def _strip_prefix(w: str) -> str:
    for pre in ("ber", "ter", "per", "di"):
        if w.startswith(pre) and len(w) - len(pre) >= _MIN_STEM:
            return w[len(pre) :]
    for pre in ("meny", "peny"):
        if w.startswith(pre) and len(w) - 3 >= _MIN_STEM and w[4:5] in "aeiou":
            return "s" + w[4:]
    for pre in ("meng", "peng"):
        if w.startswith(pre) and len(w) - 4 >= _MIN_STEM:
            return w[4:]
    for pre in ("mem", "pem"):
        if w.startswith(pre) and len(w) - 3 >= _MIN_STEM:
            rest = w[3:]
            return rest if rest[0] in "bpf" else "p" + rest if rest[0] in "aeiou" else w
    for pre in ("men", "pen"):
        if w.startswith(pre) and len(w) - 3 >= _MIN_STEM:
            rest = w[3:]
            return rest if rest[0] in "cdjtsz" else "t" + rest if rest[0] in "aeiou" else w
    if w.startswith("me") and len(w) - 2 >= _MIN_STEM and w[2] in "lrwynm":
        return w[2:]
    if w.startswith("pe") and len(w) - 2 >= _MIN_STEM and w[2] in "lwynm":  # pe+r is per-
        return w[2:]
    return w


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The word without its common affixes ("penebangan" → "tebang", "diperbaiki" → "baik")."""
    w = word
    if len(w) <= _MIN_STEM or not w.isalpha():
        return w
    if w.endswith("nya") and len(w) - 3 >= _MIN_STEM:
        w = w[:-3]
    if w.startswith("ke") and w.endswith("an") and len(w) - 4 >= _MIN_STEM:
        return w[2:-2]  # ke-…-an: "kerusakan" → "rusak", "kesehatan" → "sehat"
    for suffix in ("kan", "an", "i"):
        if w.endswith(suffix) and len(w) - len(suffix) >= _MIN_STEM + (suffix == "i"):
            w = w[: -len(suffix)]
            break
    for _ in range(2):  # di-per-baik-i, mem-per-panjang
        shorter = _strip_prefix(w)
        if shorter == w:
            break
        w = shorter
    return w


_TOKEN = re.compile(r"[a-z]+")


def features(text: str) -> list[str]:
    """A report's words for a classifier: normalised, stop words out, stemmed; and word pairs."""
    words = [w for w in _TOKEN.findall(Normalised(text).text) if len(w) > 2]
    stems = [stem(w) for w in words if w not in STOP_WORDS]
    return stems + [f"{a}_{b}" for a, b in zip(stems, stems[1:], strict=False)]
