"""Self-check of a scenario's case world: does every answer key follow from what its text says?

For each generated case: the key equals the scenario's rules applied to the case's facts; the
phrases that decide it occur in the text; no phrase of another object of the same sub-category
(which would decide a different owner) occurs in it; a duplicate retells its original (same place,
same object). Also counts how often the plain fact sentence had to be added because the templates
did not say it in their own words (a measure of the templates, not an error).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from scenarios import Scenario
from scenarios.authority import (
    case_text,
    find_phrases,
    object_cues,
    objects_of,
    out_of_scope_route,
    resolve_office,
    route,
    subcategories,
)

from .generator import Complaint, generate


@dataclass
class Audit:
    """What the audit found over ``cases`` generated cases."""

    cases: int = 0
    problems: list[tuple[str, str]] = field(default_factory=list)  # (case id, what is wrong)
    plain_fact_sentences: int = 0
    by_rule: Counter[str] = field(default_factory=Counter)
    plain_by_rule: Counter[str] = field(default_factory=Counter)

    @property
    def ok(self) -> bool:
        return not self.problems


def expected_route(scenario: Scenario, c: Complaint) -> tuple[str, str | None]:
    """(action, office) the rules give for the case's facts, before any hold or duplicate."""
    if c.out_of_scope_kind is not None:
        r = out_of_scope_route(scenario, c.out_of_scope_kind)
    else:
        r = route(scenario, c.subcategory, c.object, c.kecamatan)
    return r.action, r.office


def conflicting_phrases(scenario: Scenario, c: Complaint, text: str) -> list[str]:
    """Phrases of the case's text that state another object of its sub-category with another owner."""
    if c.out_of_scope_kind is not None or not c.object:
        return []
    sub = subcategories(scenario)[c.subcategory]
    own = resolve_office(
        scenario, objects_of(sub)[c.object].owner, c.kecamatan, objects_of(sub)[c.object].fallback
    )
    found: list[str] = []
    mine = {p.lower() for p in object_cues(scenario, c.subcategory, c.object)}
    for code, obj in objects_of(sub).items():
        if (
            code == c.object
            or resolve_office(scenario, obj.owner, c.kecamatan, obj.fallback) == own
        ):
            continue
        for phrase in object_cues(scenario, c.subcategory, code):
            if phrase.lower() in mine:
                continue
            for a, b in find_phrases(text, [phrase]):
                # a longer phrase of the case's own object that covers it is not a conflict
                if not any(x <= a and b <= y for x, y in find_phrases(text, list(mine))):
                    found.append(text[a:b])
    return found


def audit_cases(scenario: Scenario, cases: Iterable[Complaint]) -> Audit:
    """Check generated complaints (with text) against the rules; see the module docstring."""
    out = Audit()
    seen: dict[str, Complaint] = {}
    generic = _generic_starts()
    for c in cases:
        out.cases += 1
        k = c.key
        text = case_text(c.title, c.body)
        out.by_rule[k.rule] += 1
        action, office = expected_route(scenario, c)
        want = {"tidak_lengkap": "tunda", "duplikat": "duplikat"}.get(k.hard_kind, action)
        if k.action != want or (want in ("disposisi", "bukan_wewenang") and k.opd != office):
            out.problems.append(
                (c.id, f"key {k.action}/{k.opd} but the rules give {want}/{office}")
            )
        stated = (
            object_cues(scenario, c.subcategory, c.object)
            if c.out_of_scope_kind is None
            else (scenario.out_of_scope[c.out_of_scope_kind].cues)
        )
        if (
            stated
            and k.action in ("disposisi", "bukan_wewenang", "arsipkan", "duplikat")
            and not k.spans
        ):
            out.problems.append((c.id, f"no deciding phrase of {k.rule} in the text"))
        said = {w.lower() for w in k.why}
        for a, b in k.spans:
            if text[a:b].lower() not in said:
                out.problems.append((c.id, f"span {a}-{b} does not hold a deciding phrase"))
        if "rincian" not in k.missing:
            for phrase in conflicting_phrases(scenario, c, text):
                out.problems.append(
                    (c.id, f"says {phrase!r}, which decides another owner than {k.rule}")
                )
        if k.duplicate_of:
            original = seen.get(k.duplicate_of)
            if original is None:
                out.problems.append((c.id, f"duplicate of {k.duplicate_of}, not seen before"))
            elif (original.desa, original.object, original.subcategory) != (
                c.desa,
                c.object,
                c.subcategory,
            ):
                out.problems.append(
                    (c.id, f"duplicate of {original.id} about another place or object")
                )
            elif not shared_details(original, text):
                out.problems.append(
                    (c.id, f"duplicate of {original.id} shares no detail of its story")
                )
        if any(s in text for s in generic):
            out.plain_fact_sentences += 1
            out.plain_by_rule[k.rule] += 1
        seen[c.id] = c
    return out


def shared_details(original: Complaint, text: str) -> list[str]:
    """Details of the original's story (not its place or date) that a retelling repeats; a story
    told without details (a short complaint) counts as shared when the retelling names its place."""
    skip = {
        "tema",
        "tanggal_kejadian",
        "waktu",
        "desa",
        "kecamatan",
        "lokasi_ref",
        "desa_ref",
        "inti",
    }
    low = text.lower()
    details = [v for k, v in original.incident.items() if k not in skip and len(v) > 3]
    found = [v for v in details if v.lower() in low]
    if not details and original.desa.lower() in low:
        found.append(original.desa)
    return found


def audit(scenario: Scenario, seed: int, count: int) -> Audit:
    """Generate ``count`` cases of ``scenario`` with ``seed`` and audit them."""
    return audit_cases(scenario, generate(scenario, seed, count=count))


def _generic_starts() -> tuple[str, ...]:
    from .textgen_engine import load_texts

    return tuple(t.text.split("{")[0].strip() for t in load_texts()["common"]["fact_generic"])
