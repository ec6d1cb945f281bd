"""The Reader: topics and owners, out-of-scope kinds, and what a report is missing.

The rules read the scenario itself (cue phrases, keywords, out-of-scope kinds, place names); a
classifier, when given, adds its probability of each owner. See the package docstring.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Protocol

from ..authority import (
    askable,
    case_text,
    is_local,
    object_cues,
    objects_of,
    out_of_scope_route,
    resolve_office,
    subcategories,
)
from ..model_sop import Scenario
from ..timewords import TIME_RE
from .duplicates import NAMED, Retellings
from .suggestion import Seen, Suggestion
from .text import LOCATIVES, STOP_WORDS, Normalised, content_words, disjoint, hits

# a place an officer could find: a named desa, dusun, road, RT…, not "depan rumah saya"
_VAGUE_AFTER = frozenset(
    [
        "kami",
        "saya",
        "kita",
        "ini",
        "itu",
        "yang",
        "ke",
        "di",
        "dari",
        "menuju",
        "depan",
        "dekat",
        "sini",
        "sana",
        "situ",
        "utama",
        "tersebut",
        "kampung",
        "desa",
        "warga",
        "kita",
        "rumah",
    ]
)
_PLACE_WORD = re.compile(
    r"(?<!\w)(desa|dusun|kampung|gampong|kelurahan|jalan|gang|rt|rw|km|kilometer|simpang|"
    r"pasar|kecamatan|sungai|krueng|sei|jembatan|sdn|smpn|sman|smkn|mtsn|min|sd|smp|sma|smk|"
    r"rsud|puskesmas|pustu|polindes|poskesdes|kantor|disdukcapil|dukcapil|samsat|kua|polsek|"
    r"masjid|meunasah|blok|perumahan|kompleks|"
    r"komplek|lorong|dermaga|pelabuhan|terminal)[ \t]+(\w+)"
)
# words of a road's class or kind, never its name ("Jalan Nasional", "Jalan Lintas")
_ROAD_WORDS = frozenset(("nasional", "provinsi", "lintas", "trans", "poros", "negara", "jalan"))
# …and the words that follow a place word without naming one
_GENERIC_AFTER = frozenset(
    (
        "rusak", "berlubang", "utama", "raya", "poros", "besar", "kecil", "umum", "lingkungan",
        "setapak", "tani", "usaha", "kabupaten", "provinsi", "nasional", "negeri", "swasta",
        "baru", "lama", "mereka", "dinas", "camat", "keuchik", "kades", "lurah", "bupati",
        "pemda", "kota", "arah", "antar", "antardesa", "tengah", "pinggir", "belakang",
        "samping", "sebelah", "setempat", "tempat", "situ", "sana", "sini", "tolong", "mohon",
        "sudah", "belum", "tidak", "masih", "makin", "jadi", "lagi", "juga", "saja", "aja",
        "kita", "nya", "sampai", "terus", "penuh", "gelap", "mati", "banjir", "licin", "becek",
    )
)  # fmt: skip
_QUESTION = re.compile(
    r"(?<!\w)(?:mohon info\w*|minta info\w*|info|informasi|bagaimana cara|bagaimana prosedur\w*|"
    r"apakah|berapa(?! kali| lagi| tahun)|apa saja|(?:melapor|lapor|mengadu|mengurus|daftar) (?:ke|di) ?mana|"
    r"(?:instansi|kantor|dinas) mana|ke mana (?:harus|saya|kami|warga)|"
    r"(?:mau|ingin|izin|boleh|numpang|sekadar|cuma|hanya|saya|kami) (?:tanya|bertanya|nanya)|"
    r"pertanyaan|(?<!kami )(?<!sudah )(?<!pernah )usul\w*|(?<!kotak )saran\w*|mengusulkan|syarat\w*|dipertimbangkan|sebaiknya|alangkah baiknya)(?!\w)"
)
# asking after an earlier report: a retelling, not a question
_FOLLOW_UP = re.compile(
    r"(?<!\w)(?:tanya|menanyakan|nanya)\s+(?:kabar|perkembangan|tindak lanjut|kelanjutan)"
    r"|(?:belum|tidak) ada (?:tanggapan|jawaban|balasan|respon)"
)
# the reporter says it was reported before ("tetangga sy kmrn sdh lapor", "blm ada kabar")
_TOLD_BEFORE = re.compile(
    r"(?<!\w)(?:(?:sudah|pernah|kemarin|juga)\s+(?:\w+\s+){0,3}?"
    r"(?:lapor|melapor|dilaporkan|mengadu|diadukan|menulis|tulis)|"
    r"laporan (?:saya|kami) (?:sebelumnya|kemarin|yang lalu)|"
    r"belum ada (?:tanggapan|balasan|kabar|respon|jawaban))(?!\w)"
)
# the formulas of a report that names its topic but not what happened ("tolong ditindaklanjuti
# soal bantuan di desa kami", "ada masalah pelayanan di …")
_VAGUE = re.compile(
    r"(?<!\w)(?:(?:di\w*la\w*ju\w*ti|diperhatikan|dicek|dibantu|diperiksa)\s+"
    r"(?:soal|sal|masalah|maalah|masalh|terkait|mengenai|tentang)|ada masalah|melaporkan masalah|"
    r"masalah yang terjadi|tidak beres|"
    r"lapor soal|mau lapor|tidak adil|tdk adil|tidak diperhatikan)(?!\w)"
)
# words of a complaint or a request: a message without any is not a report
_COMPLAINT = re.compile(
    r"(?<!\w)(?:tolong|mohon|minta|lapor\w*|keluh\w*|masalah|kecewa|rusak|tidak|belum|kapan|"
    r"bagaimana|apakah|usul\w*|saran\w*|bantu\w*|segera|parah|takut|resah|dibiarkan)(?!\w)"
)


# a message that opens with thanks or a season's greeting…
_THANKS = re.compile(
    r"\W*(?:\w+\W+){0,8}?(?:terima kasih|terimakasih|trimakasih|makasih|mksh|trmksh|trims|"
    r"matur nuwun|alhamdulillah|apresiasi|salut|semangat|taqabbalallahu|mohon doa\w*|"
    r"sugeng (?:enjing|siang|sonten|dalu)|"
    r"selamat (?:tahun baru|hari raya|idul|natal|ulang tahun|hari jadi))(?!\w)"
)
# …and says nothing is still wrong is no complaint
_STILL_WRONG = re.compile(
    r"(?<!\w)(?:tapi|tetapi|namun|belum|masih|tolong|mohon(?! dipertahankan| terus| maaf| doa)|kapan|"
    r"kenapa|mengapa|rusak|sayang\w*|cuma|hanya saja|kecewa|keluh\w*)(?!\w)"
)
# the words that make the next one a place's name ("desa baru", "dusun jaya")
_PLACE_TITLES = frozenset(
    ("desa", "dusun", "kampung", "gampong", "kelurahan", "kecamatan", "di", "ke", "dari")
)

ARCHIVE = "arsipkan"  # the classifier's label for every report to archive


class TextClassifier(Protocol):
    """What the reader needs of a classifier trained elsewhere (the simulator trains one)."""

    def posterior(self, text: str) -> Mapping[str, float]:
        """Probability of each label for a report's text (title, newline, body): an office code,
        ``@kecamatan`` (the kecamatan unit serving the report's place) or ``arsipkan``."""
        ...


class Reader:
    """Reads reports of one scenario (build once, read many)."""

    def __init__(
        self,
        scenario: Scenario,
        classifier: TextClassifier | None = None,
        weight: float | None = None,
    ) -> None:
        self.s = scenario
        self.classifier = classifier
        self.weight = CLASSIFIER_WEIGHT if weight is None else weight
        self.subs = subcategories(scenario)
        # (sub-category, object) -> cue phrases; implicit objects are stated by their keywords
        self.cues = {
            (code, obj): object_cues(scenario, code, obj)
            for code, sub in self.subs.items()
            for obj in objects_of(sub)
        }
        self.explicit = {(code, obj) for code, sub in self.subs.items() for obj in sub.objects}
        # the classifier names an owner: the object it most often stands for here
        self.object_of: dict[str, tuple[str, str]] = {}
        for code, sub in self.subs.items():
            for obj, o in objects_of(sub).items():
                old = self.object_of.get(o.owner)
                if old is None or o.weight > objects_of(self.subs[old[0]])[old[1]].weight:
                    self.object_of[o.owner] = (code, obj)
        # an office the report names ("Mohon Satpol PP…", "dlh kemana?") is weak evidence for
        # the sub-categories it owns: reporters often address the wrong one
        self.office_words = {
            code: tuple(
                w for w in (opd.name, code if code.isalpha() and len(code) <= 6 else "") if w
            )
            for code, opd in scenario.opds.items()
        }
        r = scenario.region
        names = [
            *r.kecamatan,
            *(d for ds in r.kecamatan.values() for d in ds),
            *r.rivers,
            *r.roads,
            *r.provincial_roads,
            *r.national_roads,
        ]
        # a long road name is also written without its towns: "Jalan Hasan Basri Pangkalan Bun"
        # as "Jalan Hasan Basri"
        roads = [*r.roads, *r.provincial_roads, *r.national_roads]
        aliases = [
            " ".join(words[:-2])
            for words in (n.split() for n in roads)
            if len(words) >= 4
            and not re.search(r"[-–]", words[-2])  # "Jalan Pangkalan Bun–Kotawaringin Lama": no
            and not {w.lower() for w in words[1:-2]} & (_GENERIC_AFTER | _ROAD_WORDS)
        ]
        self.places = tuple(sorted({n for n in (*names, *aliases) if n}, key=len, reverse=True))
        self.place_words = frozenset(w for n in self.places for w in re.findall(r"\w+", n.lower()))
        self.kecamatan_of = {d.lower(): k for k, ds in r.kecamatan.items() for d in ds}
        self.kecamatan_of.update({k.lower(): k for k in r.kecamatan})
        self.kabupaten = re.sub(r"^(Kabupaten|Kab\.|Kota)\s+", "", r.name)
        # names that only name a kecamatan (too wide to make two reports the same incident)
        wide = {k.lower() for k in r.kecamatan} - {
            d.lower() for ds in r.kecamatan.values() for d in ds
        }
        # words that never name a place after a place word ("jalan rusak", "kantor desa")
        self.generic = frozenset(
            {*_VAGUE_AFTER, *STOP_WORDS, *_GENERIC_AFTER}
            | {
                w
                for code, sub in self.subs.items()
                for phrase in (
                    *sub.keywords,
                    *(c for o in objects_of(sub) for c in self.cues[(code, o)]),
                )
                for w in phrase.lower().split()
            }
        )
        self.retellings = Retellings(
            lambda norm: self._place_names(norm, self._places(norm)),
            lambda norm, text: next(
                (s.subcategory for s in self._routes(norm, text, None, self._posterior(text))[0]),
                None,
            ),
            lambda norm: self._says_little(norm.text),
            # "ikan mati" read as pollution in one telling and as a mine's runoff in another
            lambda a, b: a == b or (b is not None and self.subs[a].owner == self.subs[b].owner),
            wide,
            # a road or a river runs through many desa: two reports on it may be kilometres apart
            {n.lower() for n in (*r.rivers, *roads, *aliases)}
            - {d.lower() for ds in r.kecamatan.values() for d in ds},
        )

    # -- reading ------------------------------------------------------------------------------
    def suggest(
        self, title: str, body: str, *, recent: Sequence[Seen] = (), kecamatan: str | None = None
    ) -> list[Suggestion]:
        """Ranked suggestions for a report, the best first (never empty)."""
        text = case_text(title, body)
        norm = Normalised(text)
        places = self._places(norm)
        kec = kecamatan or self._kecamatan(places)
        post = self._posterior(text)
        routes, evidence = self._routes(norm, text, kec, post)
        out: list[Suggestion] = []
        # what the topic's report may be held for (one rule with the generator's); without a
        # topic, its place
        ask = (
            askable(self.subs[routes[0].subcategory or ""], routes[0].action == "disposisi")
            if routes
            else ("lokasi", "rincian")
        )
        missing = self._missing(norm, places, evidence, "lokasi" in ask, "waktu" in ask)
        topic = routes[0].subcategory if routes else None
        thanks = bool(_THANKS.match(norm.text)) and not _STILL_WRONG.search(norm.text)
        dup = None  # a report that does not say where or what cannot be told the same incident
        if not {"lokasi", "rincian"} & set(missing) and not self._asks(norm.text) and not thanks:
            mine = self._place_names(norm, places)
            told = _TOLD_BEFORE.search(norm.text) is not None
            dup = self.retellings.find(norm, mine, topic, recent, told_before=told)
        if dup is not None:
            out.append(dup)
        oos = self._out_of_scope(norm, text, post)
        best_route = routes[0].score if routes else 0.0
        archive = self.weight * post.get(ARCHIVE, 0.0)
        if not oos and archive > best_route and post[ARCHIVE] >= CLASSIFIER_ARCHIVE:
            # no cue of any out-of-scope kind, but worded like the reports one archives
            oos = [Suggestion(ARCHIVE, None, "luar_lingkup", archive)]
        if oos and oos[0].score > best_route:
            out.append(oos[0])
        elif (evidence < 1.0 and not _COMPLAINT.search(norm.text)) or thanks:
            quiet = [k for k, r in self.s.out_of_scope.items() if r.no_complaint]
            if quiet:  # states no problem and asks for nothing (or only thanks): no report
                r = out_of_scope_route(self.s, quiet[0])
                out.append(Suggestion(r.action, r.office, r.rule, 1.0))
        if missing:
            out.append(Suggestion("tunda", None, "tunda", 0.0, missing=missing, subcategory=topic))
        out.extend(routes)
        out.extend(o for o in oos if o not in out)
        if not out:
            out.append(Suggestion("tunda", None, "tunda", 0.0, missing=("rincian",)))
        return out

    def best(self, title: str, body: str, **kw: object) -> Suggestion:
        """The first suggestion."""
        return self.suggest(title, body, **kw)[0]  # type: ignore[arg-type]

    # -- the pieces -----------------------------------------------------------------------------
    def _places(self, norm: Normalised) -> list[tuple[str, int, int]]:
        """The region's place names a text names; a name inside the kabupaten's own name
        ("Sukamaju" in "Sukamaju Lestari") is no place, nor a one-word name written as the
        ordinary word it also is ("jalan baru", not "Desa Baru" or "desa baru")."""
        own = [(a, b) for _, a, b in hits(norm, (self.s.region.name, self.kabupaten))]
        out = []
        for h in hits(norm, self.places):
            if any(a <= h[1] and h[2] <= b for a, b in own):
                continue
            if " " not in h[0].strip():
                start = norm.original(h[1], h[2])[0]
                before = norm.text[max(0, h[1] - 20) : h[1]].split()[-1:]
                if not norm.written[start].isupper() and not set(before) & _PLACE_TITLES:
                    continue
            out.append(h)
        return out

    def _place_names(self, norm: Normalised, places: list[tuple[str, int, int]]) -> set[str]:
        """The places a text names, as the duplicate finder compares them: the region's names
        in lower case, and those named outside its lists marked with ``NAMED``."""
        return {p.lower() for p, _, _ in places} | {NAMED + n for n in self._named_places(norm)}

    def _kecamatan(self, places: list[tuple[str, int, int]]) -> str | None:
        for phrase, _, _ in places:
            k = self.kecamatan_of.get(phrase.lower())
            if k:
                return k
        return None

    def _posterior(self, text: str) -> dict[str, float]:
        """The classifier's probabilities over this scenario's owners (empty without one)."""
        if self.classifier is None:
            return {}
        post = {
            label: p
            for label, p in self.classifier.posterior(text).items()
            if label == ARCHIVE or label in self.object_of or label in self.s.opds
        }
        total = sum(post.values()) or 1.0
        return {label: p / total for label, p in post.items()}

    def _routes(
        self, norm: Normalised, text: str, kec: str | None, post: Mapping[str, float]
    ) -> tuple[list[Suggestion], float]:
        """Dispose/forward suggestions, strongest evidence first, and the rules' best evidence.

        A sub-category's *topic* evidence is the distinct keywords and object cues the report
        says, a word that only names where something is ("di depan SD", "pinggir Jalan X")
        counting for a third; among its objects, the one whose cues are said decides the office.
        The classifier, if any, adds its probability of the object's owner (times ``weight``)
        and may propose an owner the rules did not find."""
        title_end = text.find("\n")
        scored: list[tuple[float, str, str, list[tuple[str, int, int]]]] = []
        found = {}
        for code, sub in self.subs.items():
            words = [*sub.keywords, *(c for obj in objects_of(sub) for c in self.cues[(code, obj)])]
            found[code] = hits(norm, words)
        spans = [(a, b, code) for code, found_hits in found.items() for _, a, b in found_hits]
        for code, sub in self.subs.items():
            # the longest phrase wins: "tanah" inside "tanah longsor" is not about land titles,
            # "kepesertaan BPJS" overlapping "BPJS Ketenagakerjaan" is not about health insurance
            kept = [
                h
                for h in found[code]
                if not any(
                    o != code and a < h[2] and h[1] < b and b - a > h[2] - h[1] for a, b, o in spans
                )
            ]
            if not kept:
                continue
            best: dict[str, float] = {}
            for phrase, a, _ in kept:
                w = 0.35 if self._locative(norm.text, a) else 1.0
                if a < title_end:
                    w *= 1.5
                best[phrase.lower()] = max(best.get(phrase.lower(), 0.0), w)
            topic = sum(best.values())
            if hits(norm, self.office_words.get(sub.owner, ())):
                topic += OFFICE_NAMED
            objs = objects_of(sub)
            cue_hits = {obj: hits(norm, self.cues[(code, obj)]) for obj in objs}
            named = {obj: len({p.lower() for p, _, _ in h}) for obj, h in cue_hits.items() if h}
            if named and (code, next(iter(named))) in self.explicit:
                # the most cues said; on a tie, the object another tier owns (a BPJS card
                # refused at the RSUD is BPJS Kesehatan's matter), then the more frequent
                obj = max(
                    named,
                    key=lambda o: (named[o], not self._local(objs[o].owner), objs[o].weight),
                )
            else:
                obj = self._default_object(code)
            scored.append(
                (
                    topic + (self._tier_bonus(objs[obj].owner) if obj in named else 0.0),
                    code,
                    obj,
                    cue_hits.get(obj) or kept,
                )
            )
        evidence = max((s[0] for s in scored), default=0.0)
        if post:
            owners = {objects_of(self.subs[code])[obj].owner for _, code, obj, _ in scored}
            scored = [
                (score + self.weight * post.get(objects_of(self.subs[c])[o].owner, 0.0), c, o, h)
                for score, c, o, h in scored
            ]
            scored.extend(
                (self.weight * p, *self.object_of[label], [])
                for label, p in post.items()
                if label in self.object_of and label not in owners and p >= CLASSIFIER_ALONE
            )
        scored.sort(key=lambda x: -x[0])
        out: list[Suggestion] = []
        seen_offices: set[str] = set()
        for score, code, obj, found_hits in scored:
            o = objects_of(self.subs[code])[obj]
            office = resolve_office(self.s, o.owner, kec or "", o.fallback)
            if office is None or office in seen_offices:
                continue
            seen_offices.add(office)
            action = "disposisi" if is_local(self.s, office) else "bukan_wewenang"
            spans = disjoint(norm.original(a, b) for _, a, b in found_hits)
            out.append(
                Suggestion(
                    action,
                    office,
                    f"{code}.{obj}",
                    score,
                    phrases=tuple(dict.fromkeys(text[a:b] for a, b in spans)),
                    spans=spans,
                    subcategory=code,
                )
            )
        return out, evidence

    def _tier_bonus(self, owner: str) -> float:
        """Evidence from naming an object: more for one another tier owns ("taman nasional",
        "SMA", "jalan provinsi"), the words the "Who owns it" table says decide."""
        return NAMED_OBJECT if self._local(owner) else NAMED_OTHER_TIER

    def _local(self, owner: str) -> bool:
        """Whether an object's owner is the kabupaten's (an office here or its kecamatan unit)."""
        return owner.startswith("@") or is_local(self.s, owner)

    def _default_object(self, code: str) -> str:
        """The object a report is about when it names none: the one the sub-category's owner
        holds, else the most frequent."""
        sub = self.subs[code]
        objs = objects_of(sub)
        own = [c for c, o in objs.items() if o.owner == sub.owner]
        return own[0] if own else max(objs, key=lambda c: objs[c].weight)

    @staticmethod
    def _locative(t: str, at: int) -> bool:
        """Whether the words just before ``at`` make the phrase a place ("di depan …")."""
        before = t[max(0, at - 24) : at].split()[-2:]
        return any(w in LOCATIVES for w in before)

    def _out_of_scope(
        self, norm: Normalised, text: str, post: Mapping[str, float]
    ) -> list[Suggestion]:
        """Archive or forward-as-crime suggestions whose cues the report says, strongest first;
        the classifier, if any, adds its probability of archiving (or of the kind's owner)."""
        out = []
        for kind, rule in self.s.out_of_scope.items():
            found = hits(norm, rule.cues)
            distinct = {p.lower() for p, _, _ in found}
            if not distinct:
                continue
            r = out_of_scope_route(self.s, kind)
            spans = disjoint(norm.original(a, b) for _, a, b in found)
            out.append(
                Suggestion(
                    r.action,
                    r.office,
                    r.rule,
                    2.0 * len(distinct) + self.weight * post.get(r.office or ARCHIVE, 0.0),
                    phrases=tuple(dict.fromkeys(text[a:b] for a, b in spans)),
                    spans=spans,
                )
            )
        return sorted(out, key=lambda s: -s.score)

    def _missing(
        self,
        norm: Normalised,
        places: list[tuple[str, int, int]],
        evidence: float,
        place_bound: bool,
        time_bound: bool,
    ) -> tuple[str, ...]:
        """What a complaint lacks for an officer to act: what happened, a place (where its topic
        needs one) or when it happened (where its topic needs that: ``needs_time``)."""
        t = norm.text
        question = _QUESTION.search(t) is not None
        missing = []
        words = len(content_words(t))
        # no topic and hardly a word of substance, or a short report that names only its topic
        if (evidence < 1.0 and words < 8) or self._says_little(t):
            missing.append("rincian")
        if place_bound and not places and not self._named_places(norm):
            missing.append("lokasi")
        if time_bound and not question and not TIME_RE.search(t):
            missing.append("waktu")
        if question and "rincian" not in missing:
            missing = [m for m in missing if m != "lokasi"]  # a question needs no place
        return tuple(sorted(missing))

    @staticmethod
    def _asks(t: str) -> bool:
        """Whether a report opens as a question or a proposal (not a retelling): a question word
        in its first words; a closing "kapan diperbaiki?" or asking after an earlier report
        ("mau tanya kabar laporan kemarin") is a complaint's."""
        m = _QUESTION.search(t)
        return m is not None and m.start() < QUESTION_OPENS and not _FOLLOW_UP.search(t)

    def _says_little(self, t: str) -> bool:
        """A short report in a vague formula ("mohon diperhatikan masalah banjir di …"): it
        names a topic but not what happened (the words of its place names not counted)."""
        if _VAGUE.search(t) is None:
            return False
        return len(content_words(t) - self.place_words) <= VAGUE_WORDS

    def _named_places(self, norm: Normalised) -> set[str]:
        """Places named as people name them, in the region's lists or not: a place word and the
        name or number after it ("Dusun Sepakat", "RT 03", "km 12", "jln Hasan Basri", "RSUD
        Kudungga", "Pasar Sangatta"), not "jalan rusak", "kantor desa" or "jalan depan rumah
        kami" (the name written with a capital or a number). Each as its place word and first name
        word, as both tellings of a place write it."""
        out = set()
        for m in _PLACE_WORD.finditer(norm.text):
            name = m.group(2)
            if name in self.generic or not (len(name) > 2 or name.isdigit()):
                continue
            first = norm.written[norm.original(m.start(2), m.end(2))[0]]
            if first.isupper() or first.isdigit():  # a name is written as one
                out.add(f"{m.group(1)} {name}")
        return out


OFFICE_NAMED = 0.5  # evidence from the report naming a sub-category's owner
NAMED_OBJECT = 0.5  # evidence from naming the object (of the kabupaten's own offices)
NAMED_OTHER_TIER = 1.5  # … and an object another tier owns [development sets 1-7]
QUESTION_OPENS = 120  # characters: a question word this early makes the report a question
VAGUE_WORDS = 12  # a complaint this short in a vague formula says too little to act on
# the classifier's probability of an owner counts as this many keywords; alone, without any cue
# of that owner, it proposes the owner from this probability on [chosen by cross-validation]
CLASSIFIER_WEIGHT = 2.0
CLASSIFIER_ALONE = 0.2
CLASSIFIER_ARCHIVE = 0.5  # archive without an out-of-scope cue only when it is this likely
