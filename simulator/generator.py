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
from scenarios.authority import (
    Route,
    askable,
    case_text,
    find_phrases,
    object_cues,
    object_weights,
    objects_of,
    out_of_scope_route,
    route,
)
from scenarios.model import LOCAL_TIERS

from .arrivals import arrivals
from .memo import per_scenario, shared_calendar, shared_intensity
from .rng import derive_seed, stream
from .textgen import (
    RegionHints,
    ReportRequest,
    write_out_of_scope,
    write_report,
)
from .textgen_names import plain_name, titled_name


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
    # why: the rule applied to the case's facts and the words of its text that decide it
    rule: str = ""  # "<sub-category>.<object>" or "luar_lingkup.<kind>"
    object: str = ""  # the object the report is about (its deciding fact)
    why: tuple[str, ...] = ()  # the deciding phrases as the text writes them
    spans: tuple[tuple[int, int], ...] = ()  # where they stand in case_text(title, body)
    guidance: str | None = None  # arsipkan / luar lingkup: where the reporter can go instead


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
    # facts the text is written from (besides those above)
    object: str = ""
    investigation: bool = False
    out_of_scope_kind: str | None = None
    named_person: str | None = None
    lag_days: int = 0
    incident: dict[str, str] = field(default_factory=dict)  # what the text stated, for duplicates
    text_variant: int = 0  # >0: rewritten so as not to read like a recent report's retelling


class Report:
    """A complaint as the flow model needs it: its draws, without dates, names or text.

    The model reads a few fields of each report; building the full :class:`Complaint` (two
    datetimes, a name, a contact, a frozen dataclass of twenty fields) costs several times more
    than drawing it. ``generate`` builds each complaint from exactly these draws, so a report and
    its complaint agree field for field — except where :func:`reports` drew nothing because
    every fact was certain (:func:`_alike`): there ``reporter``, ``lag`` and ``contact``, which
    the flow never reads, are None.
    """

    __slots__ = (
        "seq",
        "arrived_at",
        "channel",
        "report_type",
        "category",
        "subcategory",
        "chosen_subcategory",
        "chosen_agency",
        "kecamatan",
        "desa",
        "key",
        # raw draws the complaint is built from
        "reporter",
        "anonymous",
        "confidential",
        "private",
        "lag",
        "contact",
        "oos_kind",
        "original",
        "object",
        "investigation",
    )

    def __init__(
        self,
        seq: int,
        arrived_at: float,
        channel: str,
        report_type: str,
        category: str,
        subcategory: str,
        chosen_subcategory: str,
        chosen_agency: str,
        kecamatan: str,
        desa: str,
        key: AnswerKey,
        reporter: int | None,
        anonymous: bool,
        confidential: bool,
        private: int | None,
        lag: int | None,
        contact: int | None,
        oos_kind: str | None,
        original: Report | None,
        object: str = "",
        investigation: bool = False,
    ) -> None:
        self.seq, self.arrived_at, self.channel = seq, arrived_at, channel
        self.report_type, self.category, self.subcategory = report_type, category, subcategory
        self.chosen_subcategory, self.chosen_agency = chosen_subcategory, chosen_agency
        self.kecamatan, self.desa, self.key = kecamatan, desa, key
        self.reporter, self.anonymous, self.confidential = reporter, anonymous, confidential
        self.private, self.lag, self.contact = private, lag, contact  # name indices, days, digits
        self.oos_kind, self.original = oos_kind, original
        self.object, self.investigation = object, investigation

    @property
    def id(self) -> str:
        """The report's number as the trainer shows it (SIM-00001 for the first)."""
        return f"SIM-{self.seq + 1:05d}"


#: how many distinct names :func:`_name_pool` holds. A report draws its reporter's index in the
#: pool from this number alone, so the flow model, which never shows a name, does not build the
#: pool (Faker takes half a second to load and draw 4,000 names in every worker process).
NAME_POOL_SIZE = 3920


@lru_cache(maxsize=1)
def _name_pool() -> tuple[str, ...]:
    """A fixed pool of synthetic Indonesian names (Faker id_ID, fixed seed): cheap to sample."""
    from faker import Faker

    fake = Faker("id_ID")
    fake.seed_instance(20250101)
    pool = tuple(dict.fromkeys(plain_name(fake.name()) for _ in range(4000)))
    if len(pool) != NAME_POOL_SIZE:  # another Faker release: reports and names would disagree
        raise RuntimeError(
            f"the name pool holds {len(pool)} names, simulator.generator.NAME_POOL_SIZE says "
            f"{NAME_POOL_SIZE}: Faker's id_ID names changed; set NAME_POOL_SIZE to {len(pool)}"
        )
    return pool


class _Mix:
    """A weighted choice drawn with one uniform number."""

    __slots__ = ("keys", "cum", "total")

    def __init__(self, weights: dict[str, float]) -> None:
        self.keys = [k for k, w in weights.items() if w > 0]
        self.cum = list(itertools.accumulate(weights[k] for k in self.keys))
        self.total = self.cum[-1]

    def pick(self, rng: random.Random) -> str:
        return self.keys[
            min(bisect.bisect_right(self.cum, rng.random() * self.total), len(self.keys) - 1)
        ]


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
    """The reports of :func:`generate` without text, as the flow model reads them (cheaper).

    Where a report's every fact is certain once its sub-category is known (:func:`_alike`: the
    textbook M/M/c) nothing is drawn but the arrivals: each report is its sub-category's facts
    at its instant, the very facts the draws would give."""
    start = scenario.simulation.start
    alike = _alike(scenario)
    if alike is not None:
        for seq, (t, sub) in _arrivals(scenario, seed, days, None, start):
            yield Report(seq, t, *alike[sub])
        return
    gen = _Generator(scenario, seed, start)
    for seq, (t, sub) in _arrivals(scenario, seed, days, None, start):
        yield gen.draw(seq, t, sub)


@per_scenario
def _alike(scenario: Scenario) -> dict[str, tuple[Any, ...]] | None:
    """The facts of a report of each sub-category (the :class:`Report` arguments after its
    number and instant) when they are certain, else None.

    They are certain when there are no duplicates, out-of-scope or incomplete reports, nobody
    anonymous, confidential, named or urgent and no investigation (each share zero), one
    kecamatan with one desa, one channel in and out of office hours, one report type, one
    object per sub-category, and a reporter who picks wrong can only pick the right
    sub-category and office. :meth:`_Generator.draw` would then spend its uniform numbers
    on the reporter's name, the days since the incident and the contact alone, which the flow
    never reads (they are None here). A test holds these facts to the drawn ones."""
    load = scenario.load
    shares = (
        load.duplicate_share,
        load.out_of_scope_share,
        load.incomplete_share,
        load.anonymous_share,
        load.confidential_share,
        load.private_person_share,
    )
    t = _tables(scenario)
    if (
        any(shares)
        or len(t.type_mix.keys) != 1
        or len(t.channel_open.keys) != 1
        or t.channel_closed.keys != t.channel_open.keys
        or len(t.kecamatan) != 1
        or len(t.villages[t.kecamatan[0]]) != 1
    ):
        return None
    report_type, channel = t.type_mix.keys[0], t.channel_open.keys[0]
    kec = t.kecamatan[0]
    complaint = report_type == "pengaduan"  # only complaints are urgent or investigated
    if complaint and load.urgent_share:
        return None
    gen = _Generator(scenario, 0, scenario.simulation.start)  # for its rules, not its draws
    facts: dict[str, tuple[Any, ...]] = {}
    for sub_code in shared_intensity(scenario).subcategories:
        cat_code, sub = t.sub_info[sub_code]
        objects = t.objects[sub_code][0]
        if len(objects) != 1 or (complaint and t.investigation[(sub_code, objects[0])]):
            return None
        obj = objects[0]
        right = gen._route(sub_code, obj, kec)
        agency = right.office or sub.owner
        if load.reporter_choice_accuracy < 1 and gen._confusions(sub_code, agency) != (
            [sub_code],
            [agency],
        ):
            return None
        hard = "lain_tingkat" if right.action == "bukan_wewenang" else "biasa"
        no_one = (False, False, False)  # anonymous, confidential, urgent
        key = gen._key(hard, sub_code, obj, kec, (), None, *no_one, report_type, None)
        facts[sub_code] = (
            channel,
            report_type,
            cat_code,
            sub_code,
            sub_code,
            agency,
            kec,
            t.villages[kec][0],
            key,
            None,  # reporter: not drawn
            False,
            False,
            None,  # nobody named
            None,  # lag: not drawn
            None,  # contact: not drawn
            None,  # not out of scope
            None,  # no original
            obj,
            False,  # no investigation
        )
    return facts


def _arrivals(
    scenario: Scenario, seed: int, days: int | None, count: int | None, start: date
) -> Iterator[tuple[int, tuple[float, str]]]:
    """Numbered (instant, sub-category) of arrivals: ``days`` days (default the scenario's
    period) or the first ``count``."""
    horizon = days if days is not None else scenario.simulation.days
    if count is not None and days is None:
        horizon = 366 * 50  # long enough for any count; the stream stops at ``count``
    stream_ = arrivals(shared_intensity(scenario), start, horizon, stream(seed, "arrivals"))
    return enumerate(stream_ if count is None else itertools.islice(stream_, count))


class _Tables:
    """What every generator of one scenario works out the same: mixes, thresholds, each
    object's cues and investigation share, and the memos of routes and reporters' wrong choices
    (pure functions of the scenario, filled as reports need them, bounded by its sub-categories,
    objects and kecamatan). Shared by all the runs of the scenario in a process (:func:`_tables`).
    The answer keys' memo stays a run's own: its combinations of facts keep growing with runs."""

    def __init__(self, scenario: Scenario) -> None:
        self.sub_info = {
            code: (cat_code, sub)
            for cat_code, cat in scenario.categories.items()
            for code, sub in cat.subcategories.items()
        }
        self.local = [c for c, o in scenario.opds.items() if o.tier in LOCAL_TIERS]
        self.type_mix = _Mix(scenario.load.type_mix)
        # walk-ins and letters come in office hours only; the other channels take up the rest,
        # so the overall channel mix stays the scenario's
        self.channel_open, self.channel_closed = _channel_mixes(scenario)
        self.kecamatan = list(scenario.region.kecamatan)
        self.villages = {kec: tuple(desa) for kec, desa in scenario.region.kecamatan.items()}
        load = scenario.load  # the hard kinds as cumulative thresholds of one uniform
        self.p_duplicate = load.duplicate_share
        self.p_out_of_scope = self.p_duplicate + load.out_of_scope_share
        self.p_incomplete = self.p_out_of_scope + load.incomplete_share
        # what a report of each sub-category may leave out so that it must be held (tunda),
        # when another tier owns it and when the kabupaten does (scenarios.authority.askable)
        self.missable = {
            (code, local): askable(sub, local)
            for code, (_, sub) in self.sub_info.items()
            for local in (False, True)
        }
        # what each sub-category's reports are about (the fact that decides the owner)
        self.objects: dict[str, tuple[list[str], list[float]]] = {}
        for code, (_, sub) in self.sub_info.items():
            pairs = object_weights(scenario, sub)
            self.objects[code] = (
                [c for c, _ in pairs],
                list(itertools.accumulate(w for _, w in pairs)),
            )
        self.cues = {  # what states each object, and the sub-category's label, worked out once
            (code, obj): (object_cues(scenario, code, obj), sub.label)
            for code, (_, sub) in self.sub_info.items()
            for obj in objects_of(sub)
        }
        self.investigation = {  # each object's share of complaints needing investigation
            (code, obj): (
                o.investigation_share
                if o.investigation_share is not None
                else sub.investigation_share
            )
            for code, (_, sub) in self.sub_info.items()
            for obj, o in objects_of(sub).items()
        }
        self.oos_mix = (
            _Mix({k: v.weight for k, v in scenario.out_of_scope.items()})
            if any(v.weight > 0 for v in scenario.out_of_scope.values())
            else None
        )
        self.routes: dict[tuple[str, str, str], Route] = {}
        self.wrong_choices: dict[tuple[str, str], tuple[list[str], list[str]]] = {}
        d = scenario.sop.deadlines
        self.deadline_hk = {
            "pengaduan": d.completion,
            "investigasi": d.completion_investigation,
            "aspirasi": d.aspirasi,
            "informasi": d.informasi,
        }
        self.hints = hints_of(scenario)


@per_scenario
def _tables(scenario: Scenario) -> _Tables:
    return _Tables(scenario)


class _Generator:
    def __init__(self, scenario: Scenario, seed: int, start: date) -> None:
        self.s, self.seed, self.start = scenario, seed, start
        self.rng = stream(seed, "attributes")
        self.origin = datetime(start.year, start.month, start.day)
        self.recent: deque[Report] = deque(maxlen=40)  # originals a duplicate may repeat
        # how many of them tell of each (kecamatan, desa, sub-category, object)
        self.told: dict[tuple[str, str, str, str], int] = {}
        self.stories: deque[Complaint] = deque(maxlen=120)  # recent stories told
        self._incidents: dict[str, dict[str, str]] = {}  # slot values by case id, for duplicates
        self._keys: dict[tuple[Any, ...], AnswerKey] = {}  # answer keys by their facts
        self.cal = shared_calendar(scenario, start)
        t = _tables(scenario)  # the scenario's tables, read in every draw: kept at hand
        self.sub_info, self.local, self.type_mix = t.sub_info, t.local, t.type_mix
        self.channel_open, self.channel_closed = t.channel_open, t.channel_closed
        self.kecamatan, self.villages, self.missable = t.kecamatan, t.villages, t.missable
        self.p_duplicate, self.p_out_of_scope = t.p_duplicate, t.p_out_of_scope
        self.p_incomplete = t.p_incomplete
        self.objects, self.cues, self.investigation = t.objects, t.cues, t.investigation
        self.oos_mix, self._routes, self._wrong_choices = t.oos_mix, t.routes, t.wrong_choices
        self.deadline_hk, self.hints = t.deadline_hk, t.hints

    def make(self, seq: int, t: float, sub_code: str, with_text: bool) -> Complaint:
        """The complaint with arrival number ``seq``, built from its draws (and written)."""
        report = self.draw(seq, t, sub_code)
        complaint = self.complaint(report)
        if with_text:
            original = report.original
            incident = self._incidents.get(original.id) if original is not None else None
            complaint = write_complaint(
                self.s, self.seed, complaint, self.hints, incident, self.cues
            )
            if original is None:  # another story must not read like a retelling of a recent one
                for variant in range(1, 6):
                    if not any(_same_story(complaint, told) for told in self.stories):
                        break
                    complaint = write_complaint(
                        self.s,
                        self.seed,
                        replace(complaint, text_variant=variant),
                        self.hints,
                        None,
                        self.cues,
                    )
                self.stories.append(complaint)
            self._incidents[complaint.id] = complaint.incident
        return complaint

    def draw(self, seq: int, t: float, sub_code: str) -> Report:
        """Every random draw of one report, in a fixed order, and what follows from them.

        Facts first: the object of the report (a road's class, a school's level…), whether it
        needs investigation, what is missing; the answer key is then computed from these facts
        by the scenario's rules, never drawn on its own. The hot path of a simulation:
        thresholds are precomputed and uniform picks inlined."""
        rng, load, random_ = self.rng, self.s.load, self.rng.random
        u = random_()
        original = None
        if u < self.p_duplicate and self.recent:
            original = self.recent[int(random_() * len(self.recent))]
            hard = "duplikat"
        elif u < self.p_out_of_scope and self.oos_mix is not None:
            hard = "luar_lingkup"
        elif u < self.p_incomplete and u >= self.p_out_of_scope:
            hard = "tidak_lengkap"
        else:
            hard = "biasa"
        if original is not None:
            sub_code = original.subcategory
        cat_code, sub = self.sub_info[sub_code]
        report_type = "pengaduan" if hard != "biasa" else self.type_mix.pick(rng)
        mix = self.channel_open if self.cal.is_open(t) else self.channel_closed
        channel = mix.pick(rng)
        if original is not None:
            kec, desa = original.kecamatan, original.desa
        else:
            kec = self.kecamatan[int(random_() * len(self.kecamatan))]
            villages = self.villages[kec]
            desa = villages[int(random_() * len(villages))]
        n_names = NAME_POOL_SIZE
        reporter = int(random_() * n_names)
        anonymous = random_() < load.anonymous_share
        confidential = random_() < load.confidential_share
        private = int(random_() * n_names) if random_() < load.private_person_share else None
        urgent = report_type == "pengaduan" and random_() < load.urgent_share
        lag = min(int(rng.expovariate(0.4)), 30)  # days before receipt, mean 2.5
        codes, cum = self.objects[sub_code]
        u_obj = random_()
        obj = (
            original.object
            if original is not None
            else codes[min(bisect.bisect_right(cum, u_obj * cum[-1]), len(codes) - 1)]
        )
        investigation = (
            report_type == "pengaduan"
            and random_() < self.investigation[(sub_code, obj)]
            and hard != "luar_lingkup"
        )
        if original is not None:
            investigation = original.investigation
        elif (kec, desa, sub_code, obj) in self.told:
            desa = self._another_desa(kec, desa, sub_code, obj)
        right = self._route(sub_code, obj, kec)
        missing: tuple[str, ...] = ()
        if hard == "tidak_lengkap":
            elements = self.missable[(sub_code, right.action == "disposisi")]
            missing = tuple(
                sorted(rng.sample(elements, k=min(rng.choice((1, 1, 2)), len(elements))))
            )
        if hard == "biasa" and right.action == "bukan_wewenang":
            hard = "lain_tingkat"
        chosen_sub, chosen_agency = self._reporter_choice(sub_code, right.office or sub.owner)
        kind = "investigasi" if investigation else report_type
        oos_kind = (
            self.oos_mix.pick(rng) if hard == "luar_lingkup" and self.oos_mix is not None else None
        )
        key = self._key(
            hard,
            sub_code,
            obj,
            kec,
            missing,
            oos_kind,
            anonymous,
            confidential or private is not None,
            urgent,
            kind,
            original,
        )
        report = Report(
            seq,
            t,
            channel,
            report_type,
            cat_code,
            sub_code,
            chosen_sub,
            chosen_agency,
            kec,
            desa,
            key,
            reporter,
            anonymous,
            confidential,
            private,
            lag,
            rng.randrange(10**7),
            oos_kind,
            original,
            obj,
            investigation,
        )
        if hard in ("biasa", "lain_tingkat") and report_type == "pengaduan":
            recent, told = self.recent, self.told
            if len(recent) == recent.maxlen:
                old = recent[0]
                place = (old.kecamatan, old.desa, old.subcategory, old.object)
                told[place] -= 1
                if not told[place]:
                    del told[place]
            recent.append(report)  # what a duplicate may retell: a complete complaint
            place = (kec, desa, sub_code, obj)
            told[place] = told.get(place, 0) + 1
        return report

    def _another_desa(self, kec: str, desa: str, sub_code: str, obj: str) -> str:
        """The next desa of the kecamatan where no recent complaint tells of the same object.
        Facts first: a second incident about the same object at the same desa would read as
        the first told again (a duplicate) while its key says otherwise. Nothing is drawn, so
        every later draw stays as it was; the desa is kept if every one is taken."""
        villages = self.villages[kec]
        at = villages.index(desa)
        for step in range(1, len(villages)):
            other = villages[(at + step) % len(villages)]
            if (kec, other, sub_code, obj) not in self.told:
                return other
        return desa

    def _key(
        self,
        hard: str,
        sub_code: str,
        obj: str,
        kec: str,
        missing: tuple[str, ...],
        oos_kind: str | None,
        anonim: bool,
        rahasia: bool,
        urgent: bool,
        kind: str,
        original: Report | None,
    ) -> AnswerKey:
        """The answer key of these facts by the scenario's rules. Keys without a duplicate are
        shared: they are immutable, few distinct ones exist, and building one costs more than
        looking it up."""
        memo = (hard, sub_code, obj, kec, missing, oos_kind, anonim, rahasia, urgent, kind)
        key = self._keys.get(memo) if original is None else None
        if key is not None:
            return key
        right = self._route(sub_code, obj, kec)
        action: str = right.action
        opd: str | None = right.office
        acceptable = right.acceptable
        rule: str = right.rule
        then: str | None = None
        reason: str | None = None
        guidance: str | None = None
        if hard == "luar_lingkup" and oos_kind is not None:
            out = out_of_scope_route(self.s, oos_kind)
            action, opd, acceptable, rule = out.action, out.office, (), out.rule
            reason = self.s.out_of_scope[oos_kind].reason
            guidance = self.s.out_of_scope[oos_kind].guidance or None
        elif hard == "duplikat":
            action = "duplikat"
        elif hard == "tidak_lengkap":
            action, then = "tunda", right.action
        key = AnswerKey(
            action=action,
            opd=opd,
            acceptable=acceptable,
            then=then,
            missing=missing,
            archive_reason=reason,
            guidance=guidance,
            duplicate_of=original.id if original is not None else None,
            anonim=anonim,
            rahasia=rahasia,
            urgent=urgent,
            deadline_kind=kind,
            deadline_hk=self.deadline_hk[kind],
            hard_kind=hard,
            typical_misroutes=self.sub_info[sub_code][1].misroute_to,
            rule=rule,
            object=obj,
        )
        if original is None:
            self._keys[memo] = key
        return key

    def complaint(self, r: Report) -> Complaint:
        """The full complaint of a report's draws (dates, names and contact made readable)."""
        received = self.origin + timedelta(hours=r.arrived_at)
        reporter, lag = r.reporter, r.lag
        # drawn by ``draw``: only reports() leaves them out, and it writes nothing
        assert reporter is not None and lag is not None and r.contact is not None
        return Complaint(
            id=r.id,
            seq=r.seq,
            arrived_at=r.arrived_at,
            received=received,
            channel=r.channel,
            report_type=r.report_type,
            category=r.category,
            subcategory=r.subcategory,
            chosen_subcategory=r.chosen_subcategory,
            chosen_agency=r.chosen_agency,
            kecamatan=r.kecamatan,
            desa=r.desa,
            reporter_name=titled_name(_name_pool()[reporter], r.channel),
            reporter_contact=f"+62 800-{r.contact:07d} (sintetis)",
            anonymous_requested=r.anonymous,
            confidential_requested=r.confidential,
            occurred=self._occurred(r),
            key=r.key,
            object=r.object,
            investigation=r.investigation,
            out_of_scope_kind=r.oos_kind,
            named_person=_name_pool()[r.private] if r.private is not None else None,
            lag_days=lag,
        )

    def _occurred(self, r: Report) -> date:
        """When the reported incident happened: ``lag`` days before receipt, or the original's
        day for a duplicate."""
        if r.original is not None:
            return self._occurred(r.original)
        assert r.lag is not None  # drawn (see complaint)
        return (self.origin + timedelta(hours=r.arrived_at) - timedelta(days=r.lag)).date()

    def _route(self, sub_code: str, obj: str, kec: str) -> Route:
        """The right routing of a report about ``obj`` from ``kec`` (before any hold)."""
        cache_key = (sub_code, obj, kec)
        hit = self._routes.get(cache_key)
        if hit is None:
            hit = self._routes[cache_key] = route(self.s, sub_code, obj, kec)
        return hit

    def _reporter_choice(self, sub_code: str, right_opd: str) -> tuple[str, str]:
        rng = self.rng
        if rng.random() < self.s.load.reporter_choice_accuracy:
            return sub_code, right_opd
        subs, agencies = self._confusions(sub_code, right_opd)
        return rng.choice(subs), rng.choice(agencies)

    def _confusions(self, sub_code: str, right_opd: str) -> tuple[list[str], list[str]]:
        """What a reporter who gets it wrong picks from: the sub-category's siblings (else any
        other sub-category) and its typical misroutes (else any other local OPD). Worked out once."""
        memo = (sub_code, right_opd)
        hit = self._wrong_choices.get(memo)
        if hit is None:
            cat_code, sub = self.sub_info[sub_code]
            siblings = [c for c in self.s.categories[cat_code].subcategories if c != sub_code]
            wrong = (
                [c for c in sub.misroute_to if c != right_opd]
                or [c for c in self.local if c != right_opd]
                or [right_opd]
            )
            others = siblings or [c for c in self.sub_info if c != sub_code] or [sub_code]
            hit = self._wrong_choices[memo] = (others, wrong)
        return hit


def _distinct(phrases: Iterator[str]) -> tuple[str, ...]:
    """Phrases in order of appearance, each once whatever its capitals."""
    seen: dict[str, str] = {}
    for p in phrases:
        seen.setdefault(p.lower(), p)
    return tuple(seen.values())


_NOT_DETAILS = frozenset(
    {
        "tema",
        "tanggal_kejadian",
        "waktu",
        "inti",
        "desa",
        "kecamatan",
        "lokasi_ref",
        "desa_ref",
        "place",
    }
)


def _same_story(a: Complaint, b: Complaint) -> bool:
    """Whether two reports would read as one incident: the same place and topic, and the same
    skeleton or two of the same details (a mill, a road, a hamlet)."""
    if a.subcategory != b.subcategory or a.kecamatan != b.kecamatan:
        return False
    if a.incident.get("inti") and a.incident.get("inti") == b.incident.get("inti"):
        return True  # the same skeleton in the same kecamatan reads as the same complaint
    if a.desa != b.desa:
        return False
    details = {v for k, v in a.incident.items() if k not in _NOT_DETAILS and len(v) > 3}
    return len(details & {v for k, v in b.incident.items() if k not in _NOT_DETAILS}) >= 2


def _channel_mixes(scenario: Scenario) -> tuple[_Mix, _Mix]:
    """Channel mixes for arrivals in and out of office hours: walk-ins only in office hours,
    scaled up there so that the whole mix keeps the scenario's shares."""
    load = scenario.load
    mix = dict(load.channel_mix)
    p_walk = mix.get("walkin", 0.0) / (sum(mix.values()) or 1.0)
    if p_walk <= 0 or scenario.calendar.always_open:
        return _Mix(mix), _Mix(mix)
    f = _office_share(scenario)
    in_hours = min(1.0, p_walk / f) if f > 0 else 0.0
    rest = {k: w for k, w in mix.items() if k != "walkin" and w > 0}
    total_rest = sum(rest.values())
    if total_rest <= 0:
        return _Mix(mix), _Mix(mix)
    open_mix = {k: w / total_rest * (1 - in_hours) for k, w in rest.items()}
    open_mix["walkin"] = in_hours
    return _Mix(open_mix), _Mix(rest)


def _office_share(scenario: Scenario) -> float:
    """Share of arrivals that fall in office hours, from the hourly and weekday profiles."""
    from scenarios.checks import parse_office_hours
    from scenarios.model import WEEKDAYS

    load, total, inside = scenario.load, 0.0, 0.0
    for wd, day in enumerate(WEEKDAYS):
        spans = parse_office_hours(scenario.calendar.office_hours.get(day, ""))
        for h, w in enumerate(load.hourly_profile):
            weight = w * load.weekday_profile[wd]
            total += weight
            inside += weight * sum(max(0.0, min(h + 1, b) - max(h, a)) for a, b in spans)
    return inside / total if total else 0.0


def hints_of(scenario: Scenario) -> RegionHints:
    """The region's names a report may use, and the scenario's name (its stories differ)."""
    r = scenario.region
    return RegionHints(
        r.name,
        r.province,
        tuple(r.rivers),
        tuple(r.roads),
        tuple(r.provincial_roads),
        tuple(r.national_roads),
        scenario.scenario.name,
    )


def write_complaint(
    scenario: Scenario,
    seed: int,
    c: Complaint,
    hints: RegionHints | None = None,
    original_incident: dict[str, str] | None = None,
    known: dict[tuple[str, str], tuple[tuple[str, ...], str]] | None = None,
) -> Complaint:
    """``c`` with its title and body written from its facts for its ``received`` time, and its
    key's deciding phrases found in them (the same facts and seed always give the same text).

    The trainer calls this again when a case is released at another time than drawn, so that
    "tadi pagi" agrees with the moment the participant receives it."""
    if hints is None:
        hints = hints_of(scenario)
    rng = random.Random(
        derive_seed(seed, "text", hints.scenario, c.seq, c.text_variant)
        if c.text_variant
        else derive_seed(seed, "text", hints.scenario, c.seq)
    )
    hit = known.get((c.subcategory, c.object)) if known is not None else None
    if hit is None:
        sub = next(
            cat.subcategories[c.subcategory]
            for cat in scenario.categories.values()
            if c.subcategory in cat.subcategories
        )
        hit = (object_cues(scenario, c.subcategory, c.object) if c.object else (), sub.label)
    object_phrases, topic = hit
    k = c.key
    routed = c.out_of_scope_kind is None
    cues = object_phrases if routed and c.object else ()
    oos_kind = c.out_of_scope_kind
    oos_cues = scenario.out_of_scope[oos_kind].cues if oos_kind is not None else ()
    req = ReportRequest(
        subcategory=c.subcategory,
        topic=topic,
        report_type=c.report_type,
        channel=c.channel,
        kecamatan=c.kecamatan,
        desa=c.desa,
        region=hints,
        reporter_name=c.reporter_name,
        occurred=c.occurred,
        received=c.received,
        missing=frozenset(k.missing),
        private_person=c.named_person,
        urgent=k.urgent,
        incident=original_incident,
        object=c.object if routed else "",
        cues=cues if routed else tuple(oos_cues),
        investigation=c.investigation,
    )
    if oos_kind is not None:
        text = write_out_of_scope(oos_kind, req, rng)
    else:
        text = write_report(req, rng)
    full = case_text(text.title, text.body)
    if k.action == "tunda":
        deciding: tuple[str, ...] = ()
    elif not routed:
        deciding = tuple(oos_cues)
    elif k.action == "duplikat" and original_incident:
        deciding = (*cues, c.desa)
    else:
        deciding = cues
    spans = tuple(find_phrases(full, deciding)) if deciding else ()
    key = replace(
        k,
        answer_points=tuple(text.answer_points),
        request=text.missing_prompt if k.missing else None,
        why=_distinct(full[a:b] for a, b in spans),
        spans=spans,
    )
    return replace(c, title=text.title, body=text.body, key=key, incident=text.incident)
