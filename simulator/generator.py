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


class Report:
    """A complaint as the flow model needs it: its draws, without dates, names or text.

    The model reads a few fields of each report; building the full :class:`Complaint` (two
    datetimes, a name, a contact, a frozen dataclass of twenty fields) costs several times more
    than drawing it. ``generate`` builds each complaint from exactly these draws, so a report and
    its complaint agree field for field.
    """

    __slots__ = (
        "seq", "arrived_at", "channel", "report_type", "category", "subcategory",
        "chosen_subcategory", "chosen_agency", "kecamatan", "desa", "key",
        # raw draws the complaint is built from
        "reporter", "anonymous", "confidential", "private", "lag", "contact", "oos_kind", "original",
    )

    def __init__(self, seq: int, arrived_at: float, channel: str, report_type: str,
                 category: str, subcategory: str, chosen_subcategory: str, chosen_agency: str,
                 kecamatan: str, desa: str, key: AnswerKey, reporter: int, anonymous: bool,
                 confidential: bool, private: int | None, lag: int, contact: int,
                 oos_kind: str | None, original: Report | None) -> None:
        self.seq, self.arrived_at, self.channel = seq, arrived_at, channel
        self.report_type, self.category, self.subcategory = report_type, category, subcategory
        self.chosen_subcategory, self.chosen_agency = chosen_subcategory, chosen_agency
        self.kecamatan, self.desa, self.key = kecamatan, desa, key
        self.reporter, self.anonymous, self.confidential = reporter, anonymous, confidential
        self.private, self.lag, self.contact = private, lag, contact  # name indices, days, digits
        self.oos_kind, self.original = oos_kind, original

    @property
    def id(self) -> str:
        """The report's number as the trainer shows it (SIM-00001 for the first)."""
        return f"SIM-{self.seq + 1:05d}"


@lru_cache(maxsize=1)
def _name_pool() -> tuple[str, ...]:
    """A fixed pool of synthetic Indonesian names (Faker id_ID, fixed seed): cheap to sample."""
    from faker import Faker

    fake = Faker("id_ID")
    fake.seed_instance(20250101)
    return tuple(dict.fromkeys(fake.name() for _ in range(4000)))


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
    gen = _Generator(scenario, seed, start or scenario.simulation.start)
    for seq, (t, sub) in _arrivals(scenario, seed, days, count, gen.start):
        yield gen.make(seq, t, sub, with_text)


def reports(scenario: Scenario, seed: int, *, days: int | None = None) -> Iterator[Report]:
    """The reports of :func:`generate` without text, as the flow model reads them (cheaper)."""
    gen = _Generator(scenario, seed, scenario.simulation.start)
    for seq, (t, sub) in _arrivals(scenario, seed, days, None, gen.start):
        yield gen.draw(seq, t, sub)


def _arrivals(scenario: Scenario, seed: int, days: int | None, count: int | None,
              start: date) -> Iterator[tuple[int, tuple[float, str]]]:
    """Numbered (instant, sub-category) of arrivals: ``days`` days (default the scenario's
    period) or the first ``count``."""
    horizon = days if days is not None else scenario.simulation.days
    if count is not None and days is None:
        horizon = 366 * 50  # long enough for any count; the stream stops at ``count``
    stream_ = arrivals(intensity_of(scenario), start, horizon, stream(seed, "arrivals"))
    return enumerate(stream_ if count is None else itertools.islice(stream_, count))


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
        self.recent: deque[Report] = deque(maxlen=40)  # originals a duplicate may repeat
        self._keys: dict[tuple[Any, ...], AnswerKey] = {}
        self.names = _name_pool()
        self.type_mix = _Mix(scenario.load.type_mix)
        self.channel_mix = _Mix(scenario.load.channel_mix)
        self.kecamatan = list(scenario.region.kecamatan)
        self.villages = {kec: tuple(desa) for kec, desa in scenario.region.kecamatan.items()}
        load = scenario.load  # the hard kinds as cumulative thresholds of one uniform
        self.p_duplicate = load.duplicate_share
        self.p_out_of_scope = self.p_duplicate + load.out_of_scope_share
        self.p_incomplete = self.p_out_of_scope + load.incomplete_share
        self._routes: dict[tuple[str, str, bool], tuple[str, str, tuple[str, ...]]] = {}
        self._wrong_choices: dict[tuple[str, str], tuple[list[str], list[str]]] = {}
        self._incidents: dict[str, dict[str, str]] = {}  # slot values by case id, for duplicates
        d = scenario.sop.deadlines
        self.deadline_hk = {
            "pengaduan": d.completion, "investigasi": d.completion_investigation,
            "aspirasi": d.aspirasi, "informasi": d.informasi,
        }
        r = scenario.region
        self.hints = RegionHints(r.name, r.province, tuple(r.rivers), tuple(r.roads))

    def make(self, seq: int, t: float, sub_code: str, with_text: bool) -> Complaint:
        """The complaint with arrival number ``seq``, built from its draws (and written)."""
        report = self.draw(seq, t, sub_code)
        complaint = self.complaint(report)
        if with_text:
            topic = self.sub_info[report.subcategory][1].label
            private = self.names[report.private] if report.private is not None else None
            complaint = self._write(complaint, topic, report.key.missing, private, report.key.urgent,
                                    report.oos_kind, report.original)
        return complaint

    def draw(self, seq: int, t: float, sub_code: str) -> Report:
        """Every random draw of one report, in a fixed order, and what follows from them.

        The hot path of a simulation: thresholds are precomputed and uniform picks inlined, but
        the draws and their order are those of the full complaint (``make``)."""
        rng, load, random_ = self.rng, self.s.load, self.rng.random
        u = random_()
        original = None
        if u < self.p_duplicate and self.recent:
            original = self.recent[int(random_() * len(self.recent))]
            hard = "duplikat"
        elif u < self.p_out_of_scope:
            hard = "luar_lingkup"
        elif u < self.p_incomplete:
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
            kec = self.kecamatan[int(random_() * len(self.kecamatan))]
            villages = self.villages[kec]
            desa = villages[int(random_() * len(villages))]
        n_names = len(self.names)
        reporter = int(random_() * n_names)
        anonymous = random_() < load.anonymous_share
        confidential = random_() < load.confidential_share
        private = int(random_() * n_names) if random_() < load.private_person_share else None
        urgent = report_type == "pengaduan" and random_() < load.urgent_share
        lag = min(int(rng.expovariate(0.4)), 30)  # days before receipt, mean 2.5
        investigation = report_type == "pengaduan" and random_() < sub.investigation_share
        other_tier = random_() < sub.other_tier_share
        missing: tuple[str, ...] = ()
        if hard == "tidak_lengkap":
            missing = tuple(sorted(rng.sample(MISSING_ELEMENTS, k=rng.choice((1, 1, 2)))))
        route, opd, acceptable = self._route(sub_code, kec, other_tier)
        if hard == "biasa" and route == "bukan_wewenang":
            hard = "lain_tingkat"
        chosen_sub, chosen_agency = self._reporter_choice(sub_code, opd)
        kind = "investigasi" if investigation else report_type
        oos_kind = rng.choice(OUT_OF_SCOPE_KINDS) if hard == "luar_lingkup" else None
        key = self._key(hard, sub_code, kec, other_tier, missing, oos_kind, anonymous,
                        confidential or private is not None, urgent, kind, original)
        report = Report(
            seq, t, channel, report_type, cat_code, sub_code, chosen_sub, chosen_agency, kec, desa,
            key, reporter, anonymous, confidential, private, lag, rng.randrange(10**7), oos_kind,
            original,
        )
        if hard in ("biasa", "lain_tingkat", "tidak_lengkap"):  # what a duplicate may repeat
            self.recent.append(report)
        return report

    def _key(self, hard: str, sub_code: str, kec: str, other_tier: bool, missing: tuple[str, ...],
             oos_kind: str | None, anonim: bool, rahasia: bool, urgent: bool, kind: str,
             original: Report | None) -> AnswerKey:
        """The answer key of these facts. Keys without a duplicate are shared: they are
        immutable, few distinct ones exist, and building one costs more than looking it up."""
        memo = (hard, sub_code, kec, other_tier, missing, oos_kind, anonim, rahasia, urgent, kind)
        key = self._keys.get(memo) if original is None else None
        if key is not None:
            return key
        route, route_opd, acceptable = self._route(sub_code, kec, other_tier)
        opd: str | None = route_opd
        action, then = route, None  # type: str, str | None
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
            anonim=anonim, rahasia=rahasia, urgent=urgent, deadline_kind=kind,
            deadline_hk=self.deadline_hk[kind], hard_kind=hard,
            typical_misroutes=self.sub_info[sub_code][1].misroute_to,
        )
        if original is None:
            self._keys[memo] = key
        return key

    def complaint(self, r: Report) -> Complaint:
        """The full complaint of a report's draws (dates, names and contact made readable)."""
        received = self.origin + timedelta(hours=r.arrived_at)
        return Complaint(
            id=r.id, seq=r.seq, arrived_at=r.arrived_at, received=received,
            channel=r.channel, report_type=r.report_type, category=r.category,
            subcategory=r.subcategory, chosen_subcategory=r.chosen_subcategory,
            chosen_agency=r.chosen_agency, kecamatan=r.kecamatan, desa=r.desa,
            reporter_name=self.names[r.reporter], reporter_contact=f"+62 800-{r.contact:07d} (sintetis)",
            anonymous_requested=r.anonymous, confidential_requested=r.confidential,
            occurred=self._occurred(r), key=r.key,
        )

    def _occurred(self, r: Report) -> date:
        """When the reported incident happened: ``lag`` days before receipt, or the original's
        day for a duplicate."""
        if r.original is not None:
            return self._occurred(r.original)
        return (self.origin + timedelta(hours=r.arrived_at) - timedelta(days=r.lag)).date()

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
        rng = self.rng
        if rng.random() < self.s.load.reporter_choice_accuracy:
            return sub_code, right_opd
        subs, agencies = self._confusions(sub_code, right_opd)
        return rng.choice(subs), rng.choice(agencies)

    def _confusions(self, sub_code: str, right_opd: str) -> tuple[list[str], list[str]]:
        """What a reporter who gets it wrong picks from: the sub-category's siblings (else any
        sub-category) and its typical misroutes (else any other local OPD). Worked out once."""
        memo = (sub_code, right_opd)
        hit = self._wrong_choices.get(memo)
        if hit is None:
            cat_code, sub = self.sub_info[sub_code]
            siblings = [c for c in self.s.categories[cat_code].subcategories if c != sub_code]
            wrong = ([c for c in sub.misroute_to if c != right_opd]
                     or [c for c in self.local if c != right_opd] or [right_opd])
            hit = self._wrong_choices[memo] = (siblings or list(self.sub_info), wrong)
        return hit

    def _write(self, c: Complaint, topic: str, missing: tuple[str, ...], private: str | None,
               urgent: bool, oos_kind: str | None, original: Report | None) -> Complaint:
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

