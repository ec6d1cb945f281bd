"""Who owns a report: the scenario's rules from the facts a report states to its right handling.

One definition serves the generator (which computes every answer key from a case's facts), the
text reader (which looks for the same cue phrases) and the scenario checks. A sub-category's
*objects* are the rows of domain.md's "Who owns it" table: the fact that decides the owner (a road's
class, a school's level, an active fire or a forestry matter…), its cue phrases, and the owner.
An owner of a local tier means *disposisi*, any other tier *bukan wewenang* (forward).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .lifecycle import MISSING_ELEMENTS
from .model import KECAMATAN_OWNER, LOCAL_TIERS, ReportObject, SubCategory
from .model_sop import Scenario

IMPLICIT_OBJECT = "umum"  # the one object of a sub-category that declares none


@dataclass(frozen=True)
class Route:
    """The right handling of a report about one object (or of one out-of-scope kind)."""

    action: str  # disposisi | bukan_wewenang | arsipkan
    office: str | None
    acceptable: tuple[str, ...]
    rule: str  # "<sub-category>.<object>" or "luar_lingkup.<kind>"


def objects_of(sub: SubCategory) -> dict[str, ReportObject]:
    """The sub-category's objects; one implicit object (its owner, its keywords) when none."""
    if sub.objects:
        return sub.objects
    return {
        IMPLICIT_OBJECT: ReportObject(
            label=sub.label,
            label_en=sub.label_en,
            owner=sub.owner,
            co_owners=sub.co_owners,
            cues=sub.keywords,
        )
    }


def object_weights(scenario: Scenario, sub: SubCategory) -> list[tuple[str, float]]:
    """(object, weight) pairs, normalised to sum 1; ``other_tier_share`` rescales the objects of
    another tier to that share when both kinds exist."""
    objs = objects_of(sub)
    weights = {code: o.weight for code, o in objs.items()}
    share = sub.other_tier_share
    if share is not None:
        other = {c for c, o in objs.items() if not is_local(scenario, o.owner)}
        w_other = sum(weights[c] for c in other)
        w_local = sum(w for c, w in weights.items() if c not in other)
        if w_other > 0 and w_local > 0:
            weights = {
                c: (w / w_other * share if c in other else w / w_local * (1 - share))
                for c, w in weights.items()
            }
    total = sum(weights.values()) or 1.0
    return [(c, w / total) for c, w in weights.items()]


def is_local(scenario: Scenario, code: str) -> bool:
    """Whether ``code`` (an office or @kecamatan) is a unit of the kabupaten itself."""
    if code == KECAMATAN_OWNER:
        return True
    opd = scenario.opds.get(code)
    return opd is not None and opd.tier in LOCAL_TIERS


def askable(sub: SubCategory, local: bool) -> tuple[str, ...]:
    """What a report of ``sub`` may be held (*tunda*) for when it lacks it, in
    ``MISSING_ELEMENTS`` order: its details always; its place where an officer needs one
    (``needs_place``); its date only where the kabupaten's own office (``local``) needs it to act
    (``needs_time``) — a report another tier owns is forwarded without it, its owner asks."""
    return tuple(
        m
        for m in MISSING_ELEMENTS
        if (m != "lokasi" or sub.needs_place) and (m != "waktu" or (sub.needs_time and local))
    )


def kecamatan_unit(scenario: Scenario, kecamatan: str) -> str | None:
    """The kecamatan unit that serves ``kecamatan``, if the scenario has one."""
    for code, opd in scenario.opds.items():
        if opd.tier == "kecamatan" and opd.kecamatan == kecamatan:
            return code
    return None


def resolve_office(
    scenario: Scenario, code: str, kecamatan: str, fallback: str | None
) -> str | None:
    """An office code with @kecamatan replaced by the unit serving ``kecamatan`` (else ``fallback``)."""
    if code != KECAMATAN_OWNER:
        return code
    return kecamatan_unit(scenario, kecamatan) or fallback


def route(scenario: Scenario, sub_code: str, object_code: str, kecamatan: str) -> Route:
    """The right action, office and acceptable alternatives for a report about this object here."""
    sub = subcategories(scenario)[sub_code]
    obj = objects_of(sub)[object_code]
    office = resolve_office(scenario, obj.owner, kecamatan, obj.fallback)
    if office is None:
        raise ValueError(f"{sub_code}.{object_code}: no office for {obj.owner!r} in {kecamatan!r}")
    local = is_local(scenario, office)
    acceptable: list[str] = []
    for code in obj.co_owners:
        alt = resolve_office(scenario, code, kecamatan, None)
        if alt is None or alt == office or alt in acceptable:
            continue
        serves = scenario.opds[alt].kecamatan in (None, kecamatan)
        if is_local(scenario, alt) == local and serves:  # a forward is never 'also fine' locally
            acceptable.append(alt)
    return Route(
        "disposisi" if local else "bukan_wewenang",
        office,
        tuple(acceptable),
        f"{sub_code}.{object_code}",
    )


def out_of_scope_route(scenario: Scenario, kind: str) -> Route:
    """Archive (with guidance) or, for a crime, forward: never drop (no wrong door)."""
    rule = scenario.out_of_scope[kind]
    if rule.owner is None:
        return Route("arsipkan", None, (), f"luar_lingkup.{kind}")
    return Route("bukan_wewenang", rule.owner, (), f"luar_lingkup.{kind}")


def subcategories(scenario: Scenario) -> dict[str, SubCategory]:
    """Every sub-category of the scenario by code."""
    return {
        code: sub for cat in scenario.categories.values() for code, sub in cat.subcategories.items()
    }


# -- cue phrases in a text --------------------------------------------------------------------
@lru_cache(maxsize=4096)
def phrase_pattern(phrase: str) -> re.Pattern[str]:
    """A case-insensitive, whole-word pattern for ``phrase`` (any run of spaces between words;
    the enclitic -nya may follow: "lalu lintasnya", "utangnya")."""
    words = [re.escape(w) for w in re.findall(r"\w+", phrase)]
    return re.compile(r"(?<!\w)" + r"[^\w.!?\n]+".join(words) + r"(?:nya)?(?!\w)", re.IGNORECASE)


def find_phrases(text: str, phrases: tuple[str, ...] | list[str]) -> list[tuple[int, int]]:
    """Character spans in ``text`` where any of ``phrases`` occurs, in order, without overlaps."""
    found: list[tuple[int, int]] = []
    for phrase in phrases:
        if not phrase.strip():
            continue
        found.extend(m.span() for m in phrase_pattern(phrase).finditer(text))
    found.sort(key=lambda s: (s[0], -s[1]))
    out: list[tuple[int, int]] = []
    for start, end in found:
        if out and start < out[-1][1]:
            continue
        out.append((start, end))
    return out


def object_cues(scenario: Scenario, sub_code: str, object_code: str) -> tuple[str, ...]:
    """The phrases that state this object: its cues, and for roads the region's road names."""
    obj = objects_of(subcategories(scenario)[sub_code])[object_code]
    return obj.cues + region_cues(scenario, obj)


def region_cues(scenario: Scenario, obj: ReportObject) -> tuple[str, ...]:
    """Names from the region that state an object: a national road's name says 'national road'."""
    return tuple(getattr(scenario.region, obj.region_names)) if obj.region_names else ()


def case_text(title: str, body: str) -> str:
    """The text an admin reads, as spans count it: the title, a newline, the body."""
    return f"{title}\n{body}"
