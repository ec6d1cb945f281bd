"""Every message of the trainer is in the English catalogue, and every entry is translated."""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.pofile import read_po

import web
from web.display import CONTEXT, domain_messages

WEB = Path(web.__file__).parent
PO = WEB / "translations" / "en" / "LC_MESSAGES" / "messages.po"
CALL = re.compile(r"""(?<![\w.])(?:_|_l|gettext|lazy_gettext)\(\s*(["'])((?:\\.|(?!\1).)*?)\1""")


def catalogue(context: str | None = None) -> dict[str, str]:
    """The catalogue's entries without a context (``_()`` in web/), or those of ``context``."""
    with PO.open("rb") as f:
        return {m.id: m.string for m in read_po(f) if m.id and m.context == context}


def messages_in_source() -> dict[str, Path]:
    found = {}
    for file in sorted([*WEB.rglob("*.py"), *WEB.rglob("*.html")]):
        for m in CALL.finditer(file.read_text(encoding="utf-8")):
            found.setdefault(m.group(2), file.relative_to(WEB))
    return found


def test_every_message_in_web_is_in_the_catalogue():
    known = catalogue()
    missing = {
        text: str(where) for text, where in messages_in_source().items() if text not in known
    }
    assert not missing, f"add to {PO.relative_to(WEB.parent)}: {missing}"


def test_every_catalogue_entry_has_an_english_translation():
    assert not [mid for mid, text in catalogue().items() if not text.strip()]


def test_the_catalogue_holds_no_stale_entries():
    used = messages_in_source()
    assert not [mid for mid in catalogue() if mid not in used]


def test_placeholders_survive_translation():
    for mid, text in catalogue().items():
        assert sorted(re.findall(r"%\(\w+\)s", mid)) == sorted(re.findall(r"%\(\w+\)s", text)), mid


def test_templates_carry_no_untranslated_visible_text():
    """Text between tags must come from _() — a crude check that catches a forgotten literal."""
    allowed = {"Bahasa Indonesia", "English", "–", "·", "←", "—", "→", "/"}
    for file in WEB.joinpath("templates").rglob("*.html"):
        html = re.sub(r"{[{%#].*?[}%#]}", " ", file.read_text(encoding="utf-8"), flags=re.S)
        for chunk in re.findall(r">([^<>]+)<", html):
            words = chunk.strip()
            assert not words or words in allowed or not re.search(r"[A-Za-z]{3,}", words), (
                file.name,
                words,
            )


def test_every_domain_label_is_in_the_catalogue_with_the_domains_own_english():
    """Codes are labelled where they are defined (lifecycle, mistakes, score kinds, skills…) in
    Indonesian with an English beside; the page translates the Indonesian through gettext (context
    "kode"), so the catalogue must say what the domain says — and nothing it no longer defines."""
    labels = dict(domain_messages())
    known = catalogue(CONTEXT)
    assert {i: e for i, e in labels.items() if known.get(i) != e} == {}
    assert [i for i in known if i not in labels] == []
