"""Names of the routing policies a scenario may choose.

The policies themselves live in :mod:`scenarios.routing`; this small module lets the loader
validate a name without importing them.
"""

from __future__ import annotations

POLICIES: dict[str, str] = {
    "verifier": "The admin instansi's judgement: right with probability `accuracy`, else a "
    "typical confusion (the sub-category's misroute_to / co_owners).",
    "category-table": "The category the reporter chose, looked up in the routing table; the "
    "reporter's choice is wrong with probability 1 - `accuracy`.",
    "keyword": "Reads the report text and routes by the sub-categories' keywords; its accuracy "
    "comes from the text itself.",
    "least-loaded": "Among acceptable OPDs (owner and co-owners), the one with the shortest queue.",
    "reporter-selected": "Straight to the agency the reporter picked (often the wrong one).",
    "perfect": "Always the right OPD (for validation and what-if bounds).",
    "suggestion": "Automatic suggestion: the text reader (scenarios.reader) reads the report and "
    "disposes or forwards to the office its strongest cue names, as auto-disposition is discussed "
    "for SP4N-LAPOR!; after a return, its next suggestion.",
}


def policy_names() -> list[str]:
    """All registered routing policy names."""
    return list(POLICIES)
