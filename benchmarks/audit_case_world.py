"""Audit the case world of built-in scenarios: keys against rules, deciding phrases in the text.

    .venv/bin/python benchmarks/audit_case_world.py [SCENARIOS] [COUNT] [SUBCATEGORY_PREFIX]

Prints, per scenario, the problems found (key not following the rules, deciding phrase missing,
a phrase that decides another owner, a duplicate of another story) and how often the plain fact
sentence had to be added, by rule. Figures only; tests/test_case_world.py asserts.
"""

import sys
from collections import Counter

from scenarios import builtin_names, load_scenario
from simulator.audit import audit
from simulator.generator import generate


def main() -> None:
    names = (
        sys.argv[1].split(",")
        if len(sys.argv) > 1 and sys.argv[1] != "all"
        else [
            n
            for n in builtin_names()
            if not n.startswith("_") and n not in ("teori_mmc", "template")
        ]
    )
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
    prefix = sys.argv[3] if len(sys.argv) > 3 else ""
    for name in names:
        s = load_scenario(name)
        cases = {c.id: c for c in generate(s, 7, count=count)}
        a = audit(s, 7, count)
        mine = [(cid, msg) for cid, msg in a.problems if cases[cid].key.rule.startswith(prefix)]
        print(
            f"{name}: {a.cases} cases, {len(mine)} problems, plain fact sentences "
            f"{sum(v for r, v in a.plain_by_rule.items() if r.startswith(prefix))}"
        )
        kinds = Counter(f"{cases[cid].key.rule}: {msg}" for cid, msg in mine)
        for what, n in kinds.most_common(25):
            print(f"   {n:4d}  {what}")
        for rule, n in sorted(a.plain_by_rule.items()):
            if rule.startswith(prefix):
                print(f"   plain fact sentence {n:4d} / {a.by_rule[rule]:4d}  {rule}")


if __name__ == "__main__":
    main()
