"""Reporters' names as people sign them: most carry no title, none on chat channels.

Faker's Indonesian names often stack academic and religious titles ("Ir. … S.Kom", "dr. …, M.M.");
a plantation labourer signing "dr." teaches nothing. Names enter the pool plain; a few reporters
writing a letter or a web form add one title, chosen from the name itself (no random draw).
"""

from __future__ import annotations

import re

_PREFIX = re.compile(
    r"^(?:(?:Dr|dr|drg|Drs|Dra|Ir|Prof|H|Hj|R\.?M|R\.?A|R|Rr|Tgk|T|Dt|KH|Ust|Ustadz)\.?\s+)+"
)
_SUFFIX = re.compile(r"(?:,?\s+(?:[A-Z][A-Za-z]{0,4}\.)+(?:[A-Za-z]{1,6}\.?)*)+$")
_TITLED_CHANNELS = ("walkin", "web")
_TITLES = ("S.Pd.", "S.E.", "S.H.", "S.T.", "S.Sos.", "S.Pd.I.", "A.Md.")
_EVERY = 12  # about one letter or web report in twelve is signed with a degree [asumsi]


def plain_name(name: str) -> str:
    """``name`` without academic or religious titles before or after it."""
    bare = _SUFFIX.sub("", _PREFIX.sub("", name.strip())).strip(" ,")
    return bare or name.strip()


def titled_name(name: str, channel: str) -> str:
    """How the reporter signs on ``channel``: a degree for a few letters and web forms only."""
    if channel not in _TITLED_CHANNELS:
        return name
    code = sum(map(ord, name))
    if code % _EVERY:
        return name
    return f"{name}, {_TITLES[code // _EVERY % len(_TITLES)]}"
