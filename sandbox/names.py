"""Display names that cannot pass for someone else's: invisible characters are dropped, and a name
that only looks like one already in the workshop is refused.

Two names look alike when their *keys* are equal: the key is the name in Unicode compatibility
form (NFKC: full-width ``Ａｎｉ`` is ``Ani``), without accents, in case-folded form, with
Cyrillic and Greek letters that look like Latin ones read as those (``Аni`` with a Cyrillic А is
``ani``). A name mixing Latin letters with Cyrillic or Greek ones is refused outright: no one in a
kabupaten bimtek writes their name that way, and it is how a look-alike is made.
"""

from __future__ import annotations

import unicodedata

from .errors import SandboxError

#: Cyrillic and Greek letters that look like a Latin one, upper and lower case apart (an upper-case
#: Cyrillic Н looks like H, a lower-case н does not); accented forms need no entry: the key drops
#: accents first
LOOK_ALIKE = str.maketrans(
    dict(
        zip(
            "АВЕЅІЈКМНОРСТУХҮҺӀавгеѕіјорсухүһӏԁԛԝьΑΒΕΖΗΙΚΜΝΟΡΤΥΧαγικνορυχω",
            "ABESIJKMHOPCTYXYHIabresijopcyxyhldqwbABEZHIKMNOPTYXayikvopuxw",
            strict=True,
        )
    )
)
#: scripts that can imitate Latin letters
IMITATING = ("CYRILLIC", "GREEK")


def clean_name(text: str) -> str:
    """The name as stored: Unicode NFC, no control or format characters (zero-width spaces,
    direction marks), single spaces."""
    text = unicodedata.normalize("NFC", text)
    kept = "".join(
        " " if unicodedata.category(ch) in ("Zs", "Zl", "Zp") or ch in "\t\n\r" else ch
        for ch in text
        if unicodedata.category(ch) not in ("Cc", "Cf", "Co", "Cs", "Cn") or ch in "\t\n\r"
    )
    return " ".join(kept.split())


def name_key(text: str) -> str:
    """What a name looks like: two names with the same key pass for each other."""
    split = unicodedata.normalize("NFKD", clean_name(text))
    plain = "".join(ch for ch in split if not unicodedata.combining(ch))
    return " ".join(plain.translate(LOOK_ALIKE).casefold().split())


def scripts_of(text: str) -> set[str]:
    """The scripts of a text's letters (LATIN, CYRILLIC, GREEK, ARABIC …)."""
    out = set()
    for ch in unicodedata.normalize("NFKC", text):
        if ch.isalpha():
            out.add(unicodedata.name(ch, "UNKNOWN").split(" ")[0])
    return out


def check_new_name(name: str, taken: list[str]) -> None:
    """Refuse a name mixing Latin with look-alike letters, or looking like one in ``taken``."""
    scripts = scripts_of(name)
    if "LATIN" in scripts and scripts.intersection(IMITATING):
        raise SandboxError(
            "nama_mencampur_huruf_latin",
            name=name,
        )
    key = name_key(name)
    for other in taken:
        if name_key(other) == key:
            raise SandboxError(
                "nama_sudah_dipakai_terlalu",
                name=name,
                other=other,
            )
