"""Synthetic complaints with hidden answer keys, from a scenario and a seed.

Same scenario and seed → the same stream; the streams for arrival times, case attributes and text
are separate, so ``with_text=False`` yields the very same cases without their words (fast, for the
simulator) and text never shifts the other draws.
"""

from __future__ import annotations

import bisect
import itertools
import random
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any

from scenarios import Scenario
from scenarios.intensity import intensity_of
from scenarios.lifecycle import MISSING_ELEMENTS
from scenarios.model import LOCAL_TIERS

from .arrivals import arrivals
from .rng import derive_seed, stream
from .textgen import (
    OUT_OF_SCOPE_KINDS,
    RegionHints,
    ReportRequest,
    write_out_of_scope,
    write_report,
)

ARCHIVE_REASONS = {
    "perdata": "Sengketa perdata antarwarga, bukan layanan publik",
    "pidana": "Dugaan tindak pidana: ranah kepolisian",
    "pengadilan": "Perkara sedang diproses di pengadilan",
    "swasta": "Sengketa dengan perusahaan swasta, bukan layanan publik",
    "bukan_layanan": "Bukan tentang kinerja pelayanan pemerintah",
}


@dataclass(frozen=True)
class AnswerKey:
    """What a good verifier and OPD would do with a case: the facilitators' hidden truth."""

    action: str  # disposisi | bukan_wewenang | tunda | arsipkan | duplikat
    opd: str | None = None  # disposisi: owner OPD; bukan_wewenang: office to forward to
    acceptable: tuple[str, ...] = ()  # co-owners: partial credit
    then: str | None = None  # for tunda: the action once the reporter completes the report
    missing: tuple[str, ...] = ()  # what a tunda must ask for
    request: str | None = None  # a good tunda message
    archive_reason: str | None = None
    duplicate_of: str | None = None
    anonim: bool = False  # reporter asked to stay anonymous
    rahasia: bool = False  # must be confidential (asked, or names a private person)
    urgent: bool = False
    deadline_kind: str = "pengaduan"  # pengaduan | investigasi | aspirasi | informasi
    deadline_hk: int = 14
    answer_points: tuple[str, ...] = ()
    hard_kind: str = "biasa"  # biasa | tidak_lengkap | duplikat | luar_lingkup | lain_tingkat
    typical_misroutes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Complaint:
    """One synthetic report as it reaches the admin instansi, with its answer key."""

    id: str
    seq: int
    arrived_at: float  # hours since local midnight of the first simulated day
    received: datetime  # local time of the region's zone (naive)
    channel: str
    report_type: str
    category: str
    subcategory: str
    chosen_subcategory: str  # what the reporter picked in the form
    chosen_agency: str  # the agency the reporter addressed
    kecamatan: str
    desa: str
    reporter_name: str
    reporter_contact: str
    anonymous_requested: bool
    confidential_requested: bool
    occurred: date
    title: str = ""
    body: str = ""
    key: AnswerKey = field(default_factory=lambda: AnswerKey("disposisi"))


@lru_cache(maxsize=1)
def _name_pool() -> tuple[str, ...]:
    """A fixed pool of synthetic Indonesian names (Faker id_ID, fixed seed): cheap to sample."""
    from faker import Faker

    fake = Faker("id_ID")
    fake.seed_instance(20250101)
    return tuple(dict.fromkeys(fake.name() for _ in range(4000)))


def _choice(rng: random.Random, seq: tuple | list) -> Any:
    """rng.choice without its rejection loop (one uniform; bias below 1e-12 for our sizes)."""
    return seq[int(rng.random() * len(seq))]


class _Mix:
    """A weighted choice drawn with one uniform number."""

    __slots__ = ("keys", "cum", "total")

    def __init__(self, weights: dict[str, float]) -> None:
        self.keys = [k for k, w in weights.items() if w > 0]
        self.cum = list(itertools.accumulate(weights[k] for k in self.keys))
        self.total = self.cum[-1]

    def pick(self, rng: random.Random) -> str:
        return self.keys[min(bisect.bisect_right(self.cum, rng.random() * self.total), len(self.keys) - 1)]


def generate(
    scenario: Scenario,
    seed: int,
    *,
    days: int | None = None,
    count: int | None = None,
    with_text: bool = True,
    start: date | None = None,
) -> Iterator[Complaint]:
    """The complaints of ``days`` simulated days (default: the scenario's period), or the first
    ``count`` of them, in arrival order."""
    start = start or scenario.simulation.start
    horizon = days if days is not None else scenario.simulation.days
    if count is not None and days is None:
        horizon = 366 * 50  # long enough for any count; the stream stops at ``count``
    gen = _Generator(scenario, seed, start)
    it = intensity_of(scenario)
    for seq, (t, sub) in enumerate(arrivals(it, start, horizon, stream(seed, "arrivals"))):
        if count is not None and seq >= count:
            return
        yield gen.make(seq, t, sub, with_text)


class _Generator:
    def __init__(self, scenario: Scenario, seed: int, start: date) -> None:
        self.s, self.seed, self.start = scenario, seed, start
        self.rng = stream(seed, "attributes")
        self.origin = datetime(start.year, start.month, start.day)
        self.sub_info = {
            code: (cat_code, sub) for cat_code, cat in scenario.categories.items()
            for code, sub in cat.subcategories.items()
        }
        self.local = [c for c, o in scenario.opds.items() if o.tier in LOCAL_TIERS]
        self.recent: deque[Complaint] = deque(maxlen=40)
        self.names = _name_pool()
        self.type_mix = _Mix(scenario.load.type_mix)
        self.channel_mix = _Mix(scenario.load.channel_mix)
        self.kecamatan = list(scenario.region.kecamatan)
        self._routes: dict[tuple[str, str, bool], tuple[str, str, tuple[str, ...]]] = {}
        self._incidents: dict[str, dict[str, str]] = {}  # slot values by case id, for duplicates
        d = scenario.sop.deadlines
        self.deadline_hk = {
            "pengaduan": d.completion, "investigasi": d.completion_investigation,
            "aspirasi": d.aspirasi, "informasi": d.informasi,
        }
        r = scenario.region
        self.hints = RegionHints(r.name, r.province, tuple(r.rivers), tuple(r.roads))

    def make(self, seq: int, t: float, sub_code: str, with_text: bool) -> Complaint:
        s, rng, load = self.s, self.rng, self.s.load
        received = self.origin + timedelta(hours=t)
        u = rng.random()
        original = None
        if u < load.duplicate_share and self.recent:
            original = self.recent[int(rng.random() * len(self.recent))]
            hard = "duplikat"
        elif u < load.duplicate_share + load.out_of_scope_share:
            hard = "luar_lingkup"
        elif u < load.duplicate_share + load.out_of_scope_share + load.incomplete_share:
            hard = "tidak_lengkap"
        else:
            hard = "biasa"
        if original is not None:
            sub_code = original.subcategory
        cat_code, sub = self.sub_info[sub_code]
        report_type = "pengaduan" if hard != "biasa" else self.type_mix.pick(rng)
        channel = self.channel_mix.pick(rng)
        if original is not None:
            kec, desa = original.kecamatan, original.desa
        else:
            kec = _choice(rng, self.kecamatan)
            desa = _choice(rng, s.region.kecamatan[kec])
        reporter = _choice(rng, self.names)
        anonymous = rng.random() < load.anonymous_share
        confidential = rng.random() < load.confidential_share
        private = _choice(rng, self.names) if rng.random() < load.private_person_share else None
        urgent = report_type == "pengaduan" and rng.random() < load.urgent_share
        lag = min(int(rng.expovariate(1 / 2.5)), 30)
        occurred = original.occurred if original is not None else (received - timedelta(days=lag)).date()
        investigation = report_type == "pengaduan" and rng.random() < sub.investigation_share
        other_tier = rng.random() < sub.other_tier_share
        missing: tuple[str, ...] = ()
        if hard == "tidak_lengkap":
            missing = tuple(sorted(rng.sample(MISSING_ELEMENTS, k=rng.choice((1, 1, 2)))))
        route, opd, acceptable = self._route(sub_code, kec, other_tier)
        if hard == "biasa" and route == "bukan_wewenang":
            hard = "lain_tingkat"
        chosen_sub, chosen_agency = self._reporter_choice(sub_code, opd)
        kind = "investigasi" if investigation else report_type
        oos_kind = rng.choice(OUT_OF_SCOPE_KINDS) if hard == "luar_lingkup" else None
        action, then = route, None
        if hard == "luar_lingkup":
            action, opd, acceptable = "arsipkan", None, ()
        elif hard == "duplikat":
            action = "duplikat"
        elif hard == "tidak_lengkap":
            action, then = "tunda", route
        key = AnswerKey(
            action=action, opd=opd, acceptable=acceptable, then=then, missing=missing,
            archive_reason=ARCHIVE_REASONS[oos_kind] if oos_kind else None,
            duplicate_of=original.id if original is not None else None,
            anonim=anonymous, rahasia=confidential or private is not None, urgent=urgent,
            deadline_kind=kind, deadline_hk=self.deadline_hk[kind], hard_kind=hard,
            typical_misroutes=sub.misroute_to,
        )
        complaint = Complaint(
            id=f"SIM-{seq + 1:05d}", seq=seq, arrived_at=t, received=received,
            channel=channel, report_type=report_type, category=cat_code, subcategory=sub_code,
            chosen_subcategory=chosen_sub, chosen_agency=chosen_agency, kecamatan=kec, desa=desa,
            reporter_name=reporter, reporter_contact=f"+62 800-{rng.randrange(10**7):07d} (sintetis)",
            anonymous_requested=anonymous, confidential_requested=confidential,
            occurred=occurred, key=key,
        )
        if with_text:
            complaint = self._write(complaint, sub.label, missing, private, urgent, oos_kind, original)
        if hard in ("biasa", "lain_tingkat", "tidak_lengkap"):
            self.recent.append(complaint)
        return complaint

    def _route(self, sub_code: str, kec: str, other_tier: bool) -> tuple[str, str, tuple[str, ...]]:
        """The right routing action, office and acceptable alternatives (before any hold)."""
        cache_key = (sub_code, kec, other_tier)
        hit = self._routes.get(cache_key)
        if hit is None:
            s = self.s
            sub = self.sub_info[sub_code][1]
            if s.opds[sub.owner].tier not in LOCAL_TIERS:
                others = tuple(c for c in sub.co_owners if s.opds[c].tier not in LOCAL_TIERS)
                hit = ("bukan_wewenang", sub.owner, others)
            elif other_tier and sub.forward_to:
                hit = ("bukan_wewenang", sub.forward_to, ())
            else:
                hit = ("disposisi", sub.owner, tuple(
                    c for c in sub.co_owners
                    if s.opds[c].tier in LOCAL_TIERS and s.opds[c].kecamatan in (None, kec)
                ))
            self._routes[cache_key] = hit
        return hit

    def _reporter_choice(self, sub_code: str, right_opd: str) -> tuple[str, str]:
        rng, s = self.rng, self.s
        if rng.random() < s.load.reporter_choice_accuracy:
            return sub_code, right_opd
        cat_code, sub = self.sub_info[sub_code]
        siblings = [c for c in s.categories[cat_code].subcategories if c != sub_code]
        wrong_sub = rng.choice(siblings) if siblings else rng.choice(list(self.sub_info))
        wrong = [c for c in sub.misroute_to if c != right_opd] or [c for c in self.local if c != right_opd] or [right_opd]
        return wrong_sub, rng.choice(wrong)

    def _write(self, c: Complaint, topic: str, missing: tuple[str, ...], private: str | None,
               urgent: bool, oos_kind: str | None, original: Complaint | None) -> Complaint:
        rng = random.Random(derive_seed(self.seed, "text", c.seq))
        req = ReportRequest(
            subcategory=c.subcategory, topic=topic, report_type=c.report_type, channel=c.channel,
            kecamatan=c.kecamatan, desa=c.desa, region=self.hints, reporter_name=c.reporter_name,
            occurred=c.occurred, received=c.received, missing=frozenset(missing),
            private_person=private, urgent=urgent,
            incident=self._incidents.get(original.id) if original is not None else None,
        )
        text = write_out_of_scope(oos_kind, req, rng) if oos_kind else write_report(req, rng)
        self._incidents[c.id] = text.incident
        key = replace(c.key, answer_points=tuple(text.answer_points), request=text.missing_prompt if missing else None)
        return replace(c, title=text.title, body=text.body, key=key)

