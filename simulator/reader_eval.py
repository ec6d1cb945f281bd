"""How well a reader's first suggestion matches answer keys: per action class, with the keyword
routing policy beside it (benchmarks/bench_reader.py prints it, tests assert it)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Container, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from scenarios import Scenario, load_scenario
from scenarios.authority import is_local
from scenarios.reader import Reader, Seen, reader_of
from scenarios.routing import RoutingContext

ACTIONS = ("disposisi", "bukan_wewenang", "tunda", "arsipkan", "duplikat")


@dataclass(frozen=True)
class Expected:
    """A report with its key, as the evaluation needs it."""

    id: str
    title: str
    body: str
    action: str
    office: str | None = None
    acceptable: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()
    duplicate_of: str | None = None
    kecamatan: str | None = None


@dataclass
class Tally:
    """Right and total per action class of the key."""

    right: Counter[str] = field(default_factory=Counter)
    total: Counter[str] = field(default_factory=Counter)
    wrong: list[tuple[str, str, str]] = field(default_factory=list)  # (id, expected, got)

    def add(
        self, action: str, ok: bool, case_id: str = "", expected: str = "", got: str = ""
    ) -> None:
        self.total[action] += 1
        if ok:
            self.right[action] += 1
        else:
            self.wrong.append((case_id, expected, got))

    def share(self, action: str | None = None) -> float:
        if action is None:
            n = sum(self.total.values())
            return sum(self.right.values()) / n if n else 0.0
        return self.right[action] / self.total[action] if self.total[action] else 0.0


def is_right(e: Expected, action: str, office: str | None, duplicate_of: str | None) -> bool:
    """Right action and, where it matters, the right office (or an acceptable one) or original."""
    if action != e.action:
        return False
    if action in ("disposisi", "bukan_wewenang"):
        return office == e.office or office in e.acceptable
    if action == "duplikat":
        return duplicate_of == e.duplicate_of
    return True


def evaluate(
    scenario: Scenario,
    items: Iterable[Expected],
    window: int = 100,
    *,
    reader: Reader | None = None,
    scored: Container[str] | None = None,
) -> tuple[Tally, Tally]:
    """(reader, keyword policy) tallies; each report sees the ``window`` reports before it.

    ``reader`` defaults to the scenario's own; with ``scored``, only those reports are tallied
    (all are still seen as recent reports, as in cross-validation)."""
    reader = reader or reader_of(scenario)
    ctx = RoutingContext(scenario)
    mine, keyword = Tally(), Tally()
    recent: list[Seen] = []
    for e in items:
        if scored is not None and e.id not in scored:
            recent.append(Seen(e.id, e.title, e.body))
            continue
        best = reader.best(e.title, e.body, recent=recent[-window:], kecamatan=e.kecamatan)
        mine.add(
            e.action,
            is_right(e, best.action, best.office, best.duplicate_of),
            e.id,
            f"{e.action} {e.office or e.duplicate_of or ','.join(e.missing)}",
            f"{best.action} {best.office or best.duplicate_of or ','.join(best.missing)} [{best.rule}]",
        )
        ranking = ctx.keyword_ranking(f"{e.title}\n{e.body}")
        office = None
        if ranking:
            handlers = ctx.handlers(ranking[0], e.kecamatan or "")
            office = handlers[0] if handlers else ctx.subs[ranking[0]].owner
        kw_action = "disposisi" if office and is_local(scenario, office) else "bukan_wewenang"
        keyword.add(e.action, office is not None and is_right(e, kw_action, office, None))
        recent.append(Seen(e.id, e.title, e.body))
    return mine, keyword


def generated(scenario: Scenario, seed: int, count: int) -> list[Expected]:
    """Generated cases with their keys, as :class:`Expected` items."""
    from .generator import generate

    return [
        Expected(
            c.id,
            c.title,
            c.body,
            c.key.action,
            c.key.opd,
            c.key.acceptable,
            c.key.missing,
            c.key.duplicate_of,
            c.kecamatan,
        )
        for c in generate(scenario, seed, count=count)
    ]


def read_hand_written(path: Path) -> list[dict[str, Any]]:
    """The records of a hand-written file (tests/data/laporan_tangan*.yaml), in file order."""
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def expected_of(record: Mapping[str, Any]) -> Expected:
    """A hand-written record as an :class:`Expected` item."""
    k = record["key"]
    return Expected(
        record["id"],
        record.get("title") or "",
        record["body"],
        k["action"],
        k.get("owner"),
        tuple(k.get("acceptable") or ()),
        tuple(k.get("missing") or ()),
        k.get("duplicate_of"),
    )


def by_scenario(records: Iterable[Mapping[str, Any]]) -> dict[str, list[Expected]]:
    """Hand-written records as :class:`Expected` items, by scenario, in file order."""
    out: dict[str, list[Expected]] = {}
    for r in records:
        out.setdefault(r["scenario"], []).append(expected_of(r))
    return out


def merge(into: Tally, other: Tally) -> None:
    """Add ``other``'s counts to ``into``."""
    into.right.update(other.right)
    into.total.update(other.total)
    into.wrong.extend(other.wrong)


def tally_hand_written(
    records: Sequence[Mapping[str, Any]],
    reader_for: Callable[[Scenario], Reader] | None = None,
    scored: Container[str] | None = None,
) -> tuple[Tally, Tally]:
    """(reader, keyword policy) tallies over hand-written records of any scenarios."""
    mine, keyword = Tally(), Tally()
    for name, items in by_scenario(records).items():
        scenario = load_scenario(name)
        reader = reader_for(scenario) if reader_for else None
        m, k = evaluate(scenario, items, reader=reader, scored=scored)
        merge(mine, m)
        merge(keyword, k)
    return mine, keyword


def cross_validate(
    files: Sequence[Sequence[Mapping[str, Any]]],
    reader_for: Callable[[Scenario, list[Mapping[str, Any]]], Reader],
    folds: int = 5,
) -> Tally:
    """k-fold cross-validation over hand-written sets: each fold is read by a reader made from
    the other folds' records (``reader_for(scenario, training_records)``); every report still
    sees the reports before it in its file (duplicates need them)."""
    everyone = [r for records in files for r in records]
    total = Tally()
    for k in range(folds):
        held = {r["id"] for i, r in enumerate(everyone) if i % folds == k}
        training = [r for r in everyone if r["id"] not in held]
        for records in files:
            mine, _ = tally_hand_written(records, lambda s, t=training: reader_for(s, t), held)
            merge(total, mine)
    return total
