"""The frame around a report's core: a letter at the counter, a message on WhatsApp, a tweet.

A formal report is a letter (date line, *Perihal*, *Kepada Yth.*, *Dengan hormat*, *Demikian …*,
signature); an everyday one a greeting and a thank-you; an informal one a single run-on line.
Walk-in reports sometimes carry the note of the officer who typed them in.
"""

from __future__ import annotations

import random
import re
from collections.abc import Mapping, Sequence
from typing import Any

from simulator.textgen_engine import Filler, Tpl

_EMOJI = ("🙏", "🙏🙏", "😡", "😭", "🙏🏻")


def frame(
    f: Filler,
    fr: Mapping[str, Any],
    rng: random.Random,
    *,
    register: str,
    channel: str,
    core: str,
    extras: Sequence[str],
    kind: str,
    minimal: bool = False,
    intro: str = "",
) -> str:
    """Wrap ``core`` and its ``extras`` in the opening and closing lines of ``register``."""
    extras = [e for e in extras if e]
    complaint = kind == "pengaduan"
    if register == "informal":
        opening = f.maybe(fr["informal_open" + ("" if complaint else f"_{kind}")], 0.7)
        closing = f.maybe(fr["informal_close" + ("" if complaint else "_request")], 0.5)
        sep = rng.choice((". ", ", ", ", ", ".. "))
        if opening and re.match(r"[A-Z][a-z]+ [a-z]", core):  # "min, tolong…" not "min, Tolong…"
            core = core[0].lower() + core[1:]
        said = sep.join(p.rstrip(".") for p in [core, *extras])
        pieces = [opening, said] + ([] if minimal else [closing])
        return " ".join(p for p in pieces if p)
    if minimal:
        return " ".join([core, *extras])
    if register == "biasa":
        paras = [f.maybe(fr["walkin_note"], 0.5) if channel == "walkin" else ""]
        paras.append(" ".join(p for p in (f.maybe(fr["biasa_open"], 0.45), core) if p))
        tail = " ".join([*extras, f.maybe(fr["biasa_close"], 0.6)]).strip()
        if rng.random() < 0.4:
            paras.append(tail)
        else:
            paras[-1] = f"{paras[-1]} {tail}"
        return "\n\n".join(p for p in paras if p)
    head = [
        f.maybe(fr["letter_head"], 0.3),
        f.maybe(fr["perihal"], 0.25 if f.values.get("judul") else 0),
    ]
    paras = [f.maybe(fr["walkin_note"], 0.3) if channel == "walkin" else ""]
    paras += ["\n".join(h for h in head if h), f.render(fr["formal_open"])]
    paras.append(" ".join(p for p in (intro, core) if p))
    paras.append(" ".join(extras))
    paras.append(f.render(fr["formal_close" if complaint else "formal_close_request"]))
    paras.append(f.maybe(fr["formal_sign"], 0.6))
    return "\n\n".join(p for p in paras if p)


def decorate(
    f: Filler,
    fr: Mapping[str, Any],
    rng: random.Random,
    channel: str,
    tags: Sequence[Tpl],
    body: str,
) -> str:
    """Mentions and hashtags on X, the odd emoji on WhatsApp."""
    if channel == "x":
        body = f"{f.render(fr['x_mentions'])} {body}"
        pool = [*tags, *fr["x_tags"]]
        if rng.random() < 0.6:
            body += " " + " ".join(f.fill(t.text) for t in rng.sample(pool, k=min(2, len(pool))))
    elif channel == "whatsapp" and rng.random() < 0.3:
        body += " " + rng.choice(_EMOJI)
    return body
