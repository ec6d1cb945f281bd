"""The surface of a citizen's text: register by channel, SMS spelling, typos, regional words.

Everything here rewrites finished text and leaves *protected* strings alone: the names passed in
by the caller (village, river, reporter, the person named), invented company names and the words
that mark an urgent report, so a test can always find them verbatim.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterable

REGISTERS = ("formal", "biasa", "informal")
# Share of each register by channel: letters at the counter, chat-speak on SMS and X.
CHANNEL_REGISTERS: dict[str, tuple[float, float, float]] = {
    "walkin": (0.8, 0.2, 0.0),
    "integrasi": (0.5, 0.45, 0.05),
    "web": (0.35, 0.5, 0.15),
    "app": (0.1, 0.55, 0.35),
    "whatsapp": (0.0, 0.3, 0.7),
    "sms": (0.0, 0.12, 0.88),
    "x": (0.0, 0.1, 0.9),
}
_DEFAULT_REGISTERS = (0.2, 0.6, 0.2)
SHORT_CHANNELS = frozenset({"sms", "x", "whatsapp"})

_ABBREVIATIONS: dict[str, tuple[str, ...]] = {
    "yang": ("yg",), "tidak": ("tdk", "gak", "ga", "nggak"), "sudah": ("sdh", "udah", "udh"),
    "saya": ("sy", "aku"), "karena": ("krn", "karna"), "dengan": ("dgn",), "untuk": ("utk", "buat"),
    "sampai": ("sampe", "sampe"),  # never "smp": that is a school level "bapak": ("pak",), "tolong": ("tlg",), "banyak": ("byk",),
    "juga": ("jg",), "kalau": ("kalo", "klo"), "belum": ("blm", "belom"), "sekarang": ("skrg",),
    "bagaimana": ("gimana", "gmn"), "tetapi": ("tapi", "tp"), "hanya": ("cuma", "cm"),
    "kemarin": ("kmrn", "kemaren"), "tanggal": ("tgl",), "begitu": ("gitu",), "saja": ("aja",),
    "seperti": ("kayak", "kyk"), "lagi": ("lg",), "dari": ("dr",), "jadi": ("jd",), "orang": ("org",),
    "bisa": ("bs",), "mereka": ("mrk",), "apakah": ("apa",), "terima kasih": ("makasih", "trims", "tks"),
    "mohon": ("tolong", "mohon"), "segera": ("cepat", "segera"), "masyarakat": ("masy", "warga"),
    "pemerintah": ("pemda", "pemerintah"), "kabupaten": ("kab", "kabupaten"), "sering": ("sering", "srg"),
}  # fmt: skip
_REGIONAL_ABBREVIATIONS: dict[str, dict[str, tuple[str, ...]]] = {
    "kalimantan": {"sudah": ("dah", "udah", "sdh"), "tidak": ("tak", "ndak", "gak")},
    "sumatera": {"sudah": ("dah", "sdh"), "tidak": ("tak", "tdk")},
    "jawa": {"tidak": ("ndak", "gak", "tdk"), "sudah": ("wis", "udah", "sdh")},
}
_ABBREV_RE = re.compile(
    r"(?<![\w@#])("
    + "|".join(sorted(map(re.escape, _ABBREVIATIONS), key=len, reverse=True))
    + r")(?!\w)",
    re.IGNORECASE,
)
_SANGAT_RE = re.compile(r"(?<![\w@#])sangat (\w+)(?!\w)", re.IGNORECASE)
_WORD_RE = re.compile(r"(?<![\w@#])[A-Za-z]{4,}(?!\w)")


def choose_register(channel: str, rng: random.Random) -> str:
    """Formal, everyday or chat-speak, drawn by how people write on ``channel``."""
    weights = CHANNEL_REGISTERS.get(channel, _DEFAULT_REGISTERS)
    return rng.choices(REGISTERS, weights=weights)[0]


def region_group(province: str) -> str:
    """Which set of regional words fits ``province``."""
    p = province.lower()
    if "aceh" in p:
        return "aceh"
    if "kalimantan" in p:
        return "kalimantan"
    if any(w in p for w in ("jawa", "yogyakarta", "banten", "jakarta")):
        return "jawa"
    if any(w in p for w in ("sumatera", "riau", "jambi", "bangka", "bengkulu", "lampung")):
        return "sumatera"
    return "umum"


def _mask(text: str, protect: Iterable[str]) -> bytearray:
    """1 where a protected string sits (any case: a name stays found after lower-casing)."""
    mask = bytearray(len(text))
    low = text.lower()
    for name in protect:
        name = name.lower()
        if not name:
            continue
        start = low.find(name)
        while start >= 0:
            mask[start : start + len(name)] = b"\x01" * len(name)
            start = low.find(name, start + 1)
    return mask


def informalize(
    text: str, rng: random.Random, protect: Iterable[str], group: str, p: float = 0.65
) -> str:
    """SMS spelling: ``yang`` → ``yg``, ``sangat parah`` → ``parah bgt`` (names untouched)."""
    protect = tuple(protect)
    table = {**_ABBREVIATIONS, **_REGIONAL_ABBREVIATIONS.get(group, {})}

    mask = _mask(text, protect)

    def sangat(m: re.Match[str]) -> str:
        if mask[m.start()] or mask[m.end() - 1] or rng.random() >= p:
            return m.group()
        return f"{m.group(1)} {rng.choice(('bgt', 'banget', 'sekali'))}"

    text = _SANGAT_RE.sub(sangat, text)
    mask = _mask(text, protect)

    def abbreviate(m: re.Match[str]) -> str:
        word = m.group()
        if mask[m.start()] or rng.random() >= p:
            return word
        new = rng.choice(table[word.lower()])
        return new[:1].upper() + new[1:] if word[0].isupper() else new

    return _ABBREV_RE.sub(abbreviate, text)


def lowercase(text: str, protect: Iterable[str]) -> str:
    """All lower case except the protected names (hurried typing on a phone)."""
    mask = _mask(text, protect)
    return "".join(c if mask[i] else c.lower() for i, c in enumerate(text))


def _mutate(word: str, rng: random.Random) -> str:
    i = rng.randrange(1, len(word) - 1)
    kind = rng.random()
    if kind < 0.35:
        return word[:i] + word[i + 1 :]  # dropped letter
    if kind < 0.6:
        return word[:i] + word[i] + word[i:]  # doubled letter
    if kind < 0.85:
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]  # swapped letters
    if word[0].isupper():
        return word[0].lower() + word[1:]  # missed capital
    return word[:i] + word[i + 1 :]


def add_typos(text: str, rng: random.Random, rate: float, protect: Iterable[str]) -> str:
    """Sprinkle slips of the thumb over words of four letters or more, never over names."""
    if rate <= 0:
        return text
    mask = _mask(text, protect)
    out: list[str] = []
    last = 0
    for m in _WORD_RE.finditer(text):
        word = m.group()
        if word.isupper() or any(mask[m.start() : m.end()]) or rng.random() >= rate:
            continue
        out += [text[last : m.start()], _mutate(word, rng)]
        last = m.end()
    out.append(text[last:])
    return "".join(out)


_SENTENCE_START = re.compile(r"(^|(?<!LAPOR)[.!?]\s+|\n\s*)(?!di Tempat)([a-z])")


def capitalize_sentences(text: str) -> str:
    """Capital letter at the start of each sentence and line (templates start some with slots)."""
    return _SENTENCE_START.sub(lambda m: m.group(1) + m.group(2).upper(), text)


_TIDY = (
    (re.compile(r"[ \t]+"), " "),
    (re.compile(r" +([,.!?;:)])"), r"\1"),
    (re.compile(r"\( +"), "("),
    (re.compile(r"\(\)"), ""),
    (re.compile(r",\s*([,.!?])"), r"\1"),
    (re.compile(r"([?!]),"), r"\1"),
    (re.compile(r"\.\s*\.(?!\.)"), "."),
    (re.compile(r" *\n *"), "\n"),
    (re.compile(r"\n{3,}"), "\n\n"),
)


def tidy(text: str) -> str:
    """Mend the seams left by empty slots: doubled spaces, ``kemarin ,``, ``. .``."""
    for pattern, repl in _TIDY:
        text = pattern.sub(repl, text)
    return text.strip()


def title_from(body: str) -> str:
    """An SMS or a tweet has no title: LAPOR! shows its first words."""
    words = [w for w in body.split() if not w.startswith(("@", "#"))]
    out: list[str] = []
    for w in words:
        out.append(w)
        if len(" ".join(out)) >= 40 or len(out) >= 8:
            break
    title = " ".join(out).rstrip(",.")
    return title + ("..." if len(out) < len(words) else "")
