"""Assembling one citizen report: theme, register, core skeleton, framing, answer points.

:class:`Writer` is the machinery behind :func:`simulator.textgen.write_report`; it reads the
request (:mod:`simulator.textgen_request`), and the public module imports this one.
"""

from __future__ import annotations

import random
import re
from collections.abc import Mapping
from datetime import date
from typing import Any

from scenarios.authority import phrase_pattern
from simulator.textgen_answers import MISSING_ELEMENTS, answer_points, missing_prompt
from simulator.textgen_engine import LOC_SLOTS, Filler, Tpl, Unavailable, load_texts
from simulator.textgen_frame import decorate, frame
from simulator.textgen_request import ReportRequest
from simulator.textgen_style import (
    add_typos,
    capitalize_sentences,
    choose_register,
    informalize,
    lowercase,
    region_group,
    tidy,
    title_from,
)
from simulator.textgen_time import greeting_part, has_time_words, letter_date, time_phrases

# An urgent report always carries one of these (case-insensitive substrings).
URGENT_MARKERS = ("darurat", "bahaya", "terancam", "nyawa", "korban jiwa")
_RIVER_PREFIXES = ("sungai", "sei ", "krueng", "kali ", "batang", "alue", "air ")


def _lower_first(text: str) -> str:
    return text if text[1:2].isupper() else text[:1].lower() + text[1:]


def _river(name: str) -> str:
    return name if name.lower().startswith(_RIVER_PREFIXES) else f"Sungai {name}"


class Writer:
    """Writes one report: picks the theme and register, then assembles the text."""

    def __init__(self, req: ReportRequest, rng: random.Random, cat: Mapping[str, Any]) -> None:
        unknown = set(req.missing) - set(MISSING_ELEMENTS)
        if unknown:
            raise ValueError(
                f"unknown missing elements {sorted(unknown)}; expected a subset of {MISSING_ELEMENTS}"
            )
        self.req, self.rng, self.cat = req, rng, cat
        self.common = load_texts()["common"]
        self.missing = frozenset(req.missing)
        self.register = choose_register(req.channel, rng)
        self.informal = self.register == "informal"
        seed = dict(req.incident or {})
        themes = cat.get("themes") or {}
        names = list(themes)
        if seed.get("tema") in themes:
            self.theme_name = seed["tema"]
        elif names:
            self.theme_name = rng.choices(
                names, weights=[themes[n].get("weight", 1) for n in names]
            )[0]
        else:
            self.theme_name = ""
        self.theme = themes.get(self.theme_name, {})
        occurred = (
            date.fromisoformat(seed["tanggal_kejadian"])
            if "tanggal_kejadian" in seed
            else req.occurred
        )
        self.occurred = occurred
        self.group = region_group(req.region.province)
        self.filler = Filler(
            rng,
            self._lookup,
            self._values(occurred),
            no_loc="lokasi" in self.missing,
            no_time="waktu" in self.missing,
        )
        self._seed(seed)
        self.filler.cache["tema"] = self.theme_name
        if req.object:  # templates may apply only to one object: [object~jalan_provinsi] …
            self.filler.cache["object"] = req.object

    # --- data ---------------------------------------------------------------------------------
    def _values(self, occurred: date) -> dict[str, str]:
        req, rng = self.req, self.rng
        kab = req.region.kabupaten
        kab_short = re.sub(r"^(Kabupaten|Kab\.|Kota)\s+", "", kab)
        kab = kab if kab != kab_short else f"Kabupaten {kab}"
        when, since = time_phrases(occurred, req.received, rng, informal=self.informal)
        part = greeting_part(req.received)
        values = {
            "desa": req.desa,
            "kecamatan": req.kecamatan,
            "kab": kab,
            "kab_short": kab_short,
            "kab_slug": kab_short.lower().replace(" ", ""),
            "kab_tag": kab_short.replace(" ", ""),
            "kepala_daerah": f"{'Wali Kota' if kab.startswith('Kota') else 'Bupati'} {kab_short}",
            "lokasi_ref": f"Desa {req.desa}, Kecamatan {req.kecamatan}",
            "reporter": req.reporter_name,
            "topic": req.topic,
            "topic_lc": _lower_first(req.topic),
            "when": when,
            "since": since,
            "salam_waktu": f"Selamat {part}",
            "bagian_hari": part,
            "tgl_surat": letter_date(req.received),
        }
        if req.private_person:
            values["person"] = req.private_person
        if req.region.rivers:
            values["river_name"] = _river(rng.choice(req.region.rivers))
        for slot, names in (
            ("road", req.region.roads),
            ("road_provinsi", req.region.provincial_roads),
            ("road_nasional", req.region.national_roads),
        ):
            if names:
                values[slot] = rng.choice(names)
        return values

    def _lookup(self, name: str) -> tuple[Tpl, ...] | None:
        for layer in (
            self.theme.get("slots", {}),
            self.cat.get("slots", {}),
            self.common["regional"].get(self.group, {}),
            self.common["slots"],
        ):
            if name in layer:
                return layer[name]
        return None

    def pool(self, key: str) -> tuple[Any, ...]:
        """Theme entries first, then the sub-category's own."""
        return tuple(self.theme.get(key, ())) + tuple(self.cat.get(key, ()))

    def _place_names(self) -> list[str]:
        slots = self.common["slots"]
        fallback = [t.text for t in slots["river_name"] + slots["dusun"]]
        return [
            self.req.desa,
            self.req.kecamatan,
            *self.req.region.rivers,
            *self.req.region.roads,
            *fallback,
        ]

    def _fact_keys(self) -> set[str]:
        return (
            set(LOC_SLOTS)
            | {"place", "river"}
            | set(self.cat.get("slots", {}))
            | set(self.theme.get("slots", {}))
        )

    def _seed(self, seed: Mapping[str, str]) -> None:
        """Reuse an earlier report's facts (a duplicate tells the same incident)."""
        f, names = self.filler, self._place_names()
        for key, value in seed.items():
            if key in ("tema", "tanggal_kejadian", "waktu", "inti"):
                continue
            if f.no_loc and (key in LOC_SLOTS or any(n and n in value for n in names)):
                continue
            if f.no_time and has_time_words(value):
                continue
            f.cache[key] = value

    def _incident(self, body: str) -> dict[str, str]:
        """The facts this report stated (place, source, theme, date), for a later duplicate."""
        f, keys = self.filler, self._fact_keys()
        facts = {
            k: v
            for k, v in f.cache.items()
            if (k in keys or k.startswith(("pt_", "cv"))) and k not in f.vague and k != "person"
        }
        if self.theme_name:
            facts["tema"] = self.theme_name
        if getattr(self, "core_template", ""):
            facts["inti"] = self.core_template  # the story's skeleton, for a retelling
        facts["tanggal_kejadian"] = self.occurred.isoformat()
        spoken = [f.cache[k] for k in ("since", "when") if f.cache.get(k) and f.cache[k] in body]
        if spoken:
            facts["waktu"] = spoken[0]
        return facts

    def _protected(self) -> list[str]:
        """Strings that typos, SMS spelling and lower-casing must leave alone."""
        f = self.filler
        keep = [
            f.values.get(k, "")
            for k in ("desa", "kecamatan", "kab", "kab_short", "reporter", "person")
        ]
        keep += [
            v
            for k, v in f.cache.items()
            if k in ("river_name", "road", "dusun") or k.startswith(("pt_", "cv"))
        ]
        keep += [*self.req.region.rivers, *self.req.region.roads]
        keep += [*self.req.region.provincial_roads, *self.req.region.national_roads]
        keep += [c for c in self.req.cues if len(c) > 2]  # the words that decide the owner
        if self.req.investigation:  # so is the request for an inspection or audit (60 HK)
            keep += [
                "pemeriksaan",
                "diperiksa",
                "investigasi",
                "audit",
                "diaudit",
                "uji laboratorium",
                "kajian",
            ]
        keep += [  # a retelling keeps the original's details as they were written
            v
            for k, v in (self.req.incident or {}).items()
            if k not in ("tema", "tanggal_kejadian", "waktu", "inti") and len(v) > 3
        ]
        keep += URGENT_MARKERS
        return sorted({k for k in keep if k}, key=len, reverse=True)

    def _time_phrases(self) -> list[str]:
        return [v for k in ("when", "since") if (v := self.filler.cache.get(k))]

    # --- report kinds -------------------------------------------------------------------------
    def complaint(self) -> dict[str, Any]:
        """A pengaduan (or an out-of-scope report, which is written the same way)."""
        f, informal = self.filler, self.informal
        if "rincian" in self.missing:
            core = f.render(self.pool("vague") or self.common["vague"])
            title = f.render(self.common["vague_titles"] + self.pool("vague_titles"))
            extras = self._person_urgent(generic=True)  # nothing that tells what happened
            return self._finish(
                title, self._frame(core, extras, "pengaduan", minimal=True), "pengaduan"
            )
        generic = load_texts()["_generic"]["bodies"]
        tweet = self.req.channel == "x"  # 280 characters: the short skeletons, no back-story
        core = self._retold() or self._render_any(
            self.pool("short") if informal or tweet else (), self.pool("bodies"), generic
        )
        self.core_template = f.last
        title = "" if self._derived_title() else self._title(self.pool("titles"))
        plain = not self.cat.get("ensure", True)  # not a complaint at all (spam, greetings)
        intro = "" if plain else self._intro("pengaduan")
        extras = [] if plain else self._completeness(f"{intro} {core}")
        extras += self._person_urgent(tried=not (plain or tweet))
        extras += self._facts(f"{title} {intro} {core} {' '.join(extras)}")
        if self.rng.random() < (0.45 if informal else 0.8):
            asks = self.pool("asks") if plain or not informal else self.common["ask_short"]
            extras.append(f.maybe(asks or (() if plain else self.common["asks"])))
        f.values["judul"] = title
        return self._finish(title, self._frame(core, extras, "pengaduan", intro=intro), "pengaduan")

    def request(self, kind: str) -> dict[str, Any]:
        """An aspirasi (proposal) or a permintaan informasi (question)."""
        f = self.filler
        items = list(self.cat.get(kind) or ())
        fallback = list(load_texts()["_generic"][kind])  # when omissions rule out every own item
        item: Mapping[str, Any] = {}
        if "rincian" in self.missing:
            title = f.render(self.common["vague_titles"])
            core = f.render(self.common[f"vague_{kind}"])
        else:
            while True:
                if not items:
                    items, fallback = fallback, []
                item = self.rng.choice(items)
                try:
                    core = f.render(item["isi"])
                    title = self._title(item["judul"])
                    break
                except Unavailable:
                    items.remove(item)
        f.values["judul"] = title
        minimal = "rincian" in self.missing
        extras = self._person_urgent(generic=minimal)
        if not minimal:
            extras += self._facts(f"{title} {core} {' '.join(extras)}", ask=False)
        body = self._frame(
            core, extras, kind, minimal=minimal, intro="" if minimal else self._intro(kind)
        )
        return self._finish(title, body, kind, item)

    # --- pieces -------------------------------------------------------------------------------
    def _retold(self) -> str:
        """A duplicate tells the original's story again: its skeleton with its details."""
        skeleton = (self.req.incident or {}).get("inti")
        if not skeleton:
            return ""
        try:
            out = self.filler.fill(skeleton)
        except Unavailable:
            return ""
        self.filler.last = skeleton
        return out

    def _render_any(self, *pools: tuple[Tpl, ...]) -> str:
        """The first pool that can be rendered under this report's omissions."""
        for options in pools:
            try:
                return self.filler.render(options)
            except Unavailable:
                continue
        raise Unavailable

    def _title(self, titles: tuple[Tpl, ...]) -> str:
        """A title about what the body already said (same place, same mill), else any fitting one."""
        f = self.filler
        f.frozen = True
        try:
            return f.render(titles)
        except Unavailable:
            pass
        finally:
            f.frozen = False
        return self._render_any(titles, self.common["vague_titles"])

    def _derived_title(self) -> bool:
        return self.req.channel in ("sms", "x") or (self.informal and self.rng.random() < 0.4)

    def _intro(self, kind: str) -> str:
        """The opening sentence of a formal letter (who writes and about what), or nothing."""
        if self.register != "formal":
            return ""
        key = "formal_intro" if kind == "pengaduan" else f"formal_intro_{kind}"
        return self.filler.maybe(self.common["frame"][key], 0.85)

    def _completeness(self, core: str) -> list[str]:
        """A sentence naming the place or the time when the core skeleton did not."""
        f, c, out = self.filler, self.common, []
        wants_place = self.theme.get("ensure_lokasi", self.cat.get("ensure_lokasi", True))
        if (
            wants_place
            and not f.no_loc
            and self.req.desa not in core
            and self.req.kecamatan not in core
        ):
            out.append(
                f.maybe(c["lokasi_short"] if self.informal else self.pool("lokasi") or c["lokasi"])
            )
        if not f.no_time and not any(v in core for v in self._time_phrases()):
            out.append(
                f.maybe(c["kapan_short"] if self.informal else self.pool("kapan") or c["kapan"])
            )
        return out

    def _facts(self, written: str, ask: bool = True) -> list[str]:
        """Sentences stating what decides the owner when the text has not said it yet (the
        object's cue), and the reporter's request for an inspection or audit (investigation)."""
        f, out = self.filler, []
        cues = self.req.cues
        if cues and not any(phrase_pattern(c).search(written) for c in cues):
            own = (self.cat.get("facts") or {}).get(self.req.object, ())
            f.values["cue"] = cues[0]
            out.append(f.maybe(own) or f.render(self.common["fact_generic"]))
        if ask and self.req.investigation:
            out.append(f.render(self.pool("investigation") or self.common["investigation"]))
        return out

    def _person_urgent(self, tried: bool = False, generic: bool = False) -> list[str]:
        """The named person, what the reporter already tried, and the urgency, in sentences.
        ``generic``: only the common sentences, which tell nothing of what happened (a report
        held for its details must not state them in these)."""
        f, c, out = self.filler, self.common, []
        if self.req.private_person:
            own = () if generic else self.pool("person")
            out.append(f.maybe(own) or f.render(c["person"]))
        if tried and self.rng.random() < (0.2 if self.informal else 0.3):
            own = self.pool("tried")
            tried = own + c["tried_any"] if own else c["tried"] + c["tried_any"]
            out.append(f.maybe(c["tried_short"] if self.informal else tried))
        self.rng.shuffle(out)
        if self.req.urgent:
            own = () if generic else self.pool("urgent")
            short = self.informal and self.rng.random() < 0.5
            out.append(f.maybe(c["urgent_short"] if short else own + c["urgent"]))
            if not any(m in out[-1].lower() for m in URGENT_MARKERS):
                out.append(f.render(c["urgent_short"] if self.informal else c["urgent"]))
        return out

    def _frame(self, core: str, extras: list[str], kind: str, **how: Any) -> str:
        return frame(
            self.filler,
            self.common["frame"],
            self.rng,
            register=self.register,
            channel=self.req.channel,
            core=core,
            extras=extras,
            kind=kind,
            **how,
        )

    def _finish(
        self, title: str, body: str, kind: str, item: Mapping[str, Any] | None = None
    ) -> dict[str, Any]:
        """The finished fields of a :class:`simulator.textgen.ReportText`."""
        rng, protect = self.rng, self._protected()
        keep = protect + self._time_phrases()  # names and dates survive the thumbs
        body = tidy(body)
        if self.req.private_person and self.req.private_person not in body:
            body = f"{body} {self.filler.render(self.common['person'])}"
        facts = self._incident(body)
        if self.informal:
            body = informalize(body, rng, keep, self.group)
            if rng.random() < 0.5:
                body = lowercase(body, protect)
            body = add_typos(body, rng, 0.035, keep).rstrip(".")
        else:
            body = capitalize_sentences(body)
            if rng.random() < (0.5 if self.register == "biasa" else 0.2):
                rate = 0.01 if self.register == "biasa" else 0.004
                body = add_typos(body, rng, rate, keep)
        tags = tuple(self.cat.get("tags", ()))
        body = decorate(self.filler, self.common["frame"], rng, self.req.channel, tags, body)
        title = tidy(title) if title else title_from(body)
        if self.informal and rng.random() < 0.5:
            title = lowercase(informalize(title, rng, protect, self.group), protect)
        elif not self.informal:
            title = title[:1].upper() + title[1:]
        return {
            "title": title,
            "body": body,
            "register": self.register,
            "incident": facts,
            "answer_points": self._answers(kind, item),
            "missing_prompt": missing_prompt(self.common["tunda"], self.missing, rng),
        }

    def _answers(self, kind: str, item: Mapping[str, Any] | None) -> tuple[str, ...]:
        ans = self.common["answers"]
        complaint = kind == "pengaduan"
        return answer_points(
            self.filler,
            self.rng,
            ans,
            must=self.pool("answers_must") if complaint else (item or {}).get("jawab", ())[:2],
            optional=self.pool("answers") if complaint else ans[kind],
            urgent_own=self.pool("answers_urgent"),
            missing=self.missing,
            named_person=bool(self.req.private_person),
            urgent=self.req.urgent,
        )
