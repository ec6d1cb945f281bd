"""Words typical of each kind of report, learnt from the generator's own templates.

The text reader (``scenarios.reader``) matches the scenario's keywords and cues; real reports use
many more words for the same matter ("got mampet", "lampu padam di simpang"). This module counts,
for every sub-category and out-of-scope kind, the content words of its templates in
``simulator/texts`` and weighs each by how much more often that kind uses it than the others
(smoothed log-odds): a small Naive-Bayes-like vocabulary the reader adds as weak evidence.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from .textgen_engine import Tpl, load_texts

_SLOT = re.compile(r"\{[^{}]*\}|\[[^\]]*\]")
_WORD = re.compile(r"[a-z]{4,}")
_SHARED = ("common", "_generic")
# words of every complaint: they say nothing about which kind it is
_STOP = frozenset(
    [
        "yang",
        "dengan",
        "untuk",
        "dari",
        "pada",
        "karena",
        "juga",
        "atau",
        "sudah",
        "belum",
        "tidak",
        "akan",
        "sangat",
        "mohon",
        "tolong",
        "bapak",
        "kami",
        "saya",
        "warga",
        "desa",
        "kecamatan",
        "kabupaten",
        "sejak",
        "sampai",
        "agar",
        "bisa",
        "dapat",
        "telah",
        "sekarang",
        "masih",
        "lagi",
        "jadi",
        "para",
        "oleh",
        "banyak",
        "semua",
        "setiap",
        "tersebut",
        "tapi",
        "tetapi",
        "namun",
        "kalau",
        "jika",
        "sehingga",
        "terima",
        "kasih",
        "selamat",
        "pagi",
        "siang",
        "sore",
        "malam",
        "hormat",
        "laporan",
        "melaporkan",
        "pengaduan",
        "terkait",
        "soal",
        "masalah",
        "kampung",
        "dusun",
        "ini",
        "itu",
        "ada",
    ]
)


def _strings(node: Any) -> Iterator[str]:
    if isinstance(node, Tpl):
        yield node.text
    elif isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for key, value in node.items():
            if key not in ("weight", "tags"):
                yield from _strings(value)
    elif isinstance(node, (list, tuple)):
        for item in node:
            yield from _strings(item)


def _words(text: str) -> list[str]:
    return [w for w in _WORD.findall(_SLOT.sub(" ", text).lower()) if w not in _STOP]


@lru_cache(maxsize=1)
def template_vocabulary() -> dict[str, dict[str, float]]:
    """Per sub-category code (and ``luar_lingkup.<kind>``): word → log-odds weight (> 0 only)."""
    texts = load_texts()
    counts: dict[str, Counter[str]] = {}
    for code, node in texts.items():
        if code in _SHARED:
            continue
        if code == "out_of_scope":
            for kind, sub in node.items():
                counts[f"luar_lingkup.{kind}"] = Counter(
                    w for s in _strings(sub) for w in _words(s)
                )
        else:
            counts[code] = Counter(w for s in _strings(node) for w in _words(s))
    total: Counter[str] = Counter()
    for c in counts.values():
        total.update(c)
    vocab_size = len(total) or 1
    n_all = sum(total.values())
    out: dict[str, dict[str, float]] = {}
    for code, c in counts.items():
        n_own = sum(c.values())
        n_rest = n_all - n_own
        weights = {}
        for w, k in c.items():
            own = (k + 0.5) / (n_own + 0.5 * vocab_size)
            rest = (total[w] - k + 0.5) / (n_rest + 0.5 * vocab_size)
            lo = math.log(own / rest)
            if lo > 1.0:  # clearly more this kind's word than the others'
                weights[w] = min(lo, 4.0) - 1.0
        out[code] = weights
    return out
