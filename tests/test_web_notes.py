"""The engine's notes are codes; the page words them once, through the catalogue, in the user's language."""

from __future__ import annotations

import pytest

import sandbox as sb
from sandbox.notes import note, render
from sandbox.records import ScoreItem
from web import create_app
from web.notes import item_note, message, note_text

KEY = note(
    "kunci",
    right=note("kunci.disposisi", opd="DLH", alt=note("kunci.rekan", opds="DINKES")),
    why=note(
        "mengapa.aturan",
        lead=note("mengapa.menyebut", said="“limbah”"),
        label=("Limbah pabrik", "Factory waste"),  # scenario data, bilingual in its YAML
        target=note("tujuan.disposisi", office="Dinas Lingkungan Hidup"),
    ),
)


@pytest.fixture
def in_lang(tmp_path):
    app = create_app(
        {
            "TESTING": True,
            "INSTANCE_PATH": str(tmp_path / "i"),
            "SANDBOX_DB": str(tmp_path / "d.sqlite"),
        }
    )

    def run(lang, fn, *args):
        with app.test_request_context(f"/?lang={lang}"):
            return fn(*args)

    return run


def test_a_nested_note_reads_in_each_language_from_the_catalogue(in_lang):
    assert in_lang("id", note_text, KEY) == (
        "Kunci: disposisi ke DLH (rekan: DINKES). Laporan menyebut “limbah”. "
        "Aturan: Limbah pabrik → disposisi ke Dinas Lingkungan Hidup."
    )
    assert in_lang("en", note_text, KEY) == (
        "Key: dispose to DLH (co-owners: DINKES). The report says “limbah”. "
        "Rule: Factory waste → dispose to Dinas Lingkungan Hidup."
    )
    # the CLI's rendering (no web) says the same: one definition of each text
    assert render(KEY) == in_lang("id", note_text, KEY)
    assert render(KEY, "en") == in_lang("en", note_text, KEY)


def test_an_item_without_a_note_is_named_by_its_mistake(in_lang):
    item = ScoreItem(1, "SIM-00001", "penalty", -2.0, 0, ("tutup_tanpa_bukti",), None)
    assert in_lang("id", item_note, item) != in_lang("en", item_note, item)
    assert in_lang("id", item_note, item) and "tutup" not in in_lang("en", item_note, item)


def test_an_unknown_note_code_is_refused_where_it_is_made():
    with pytest.raises(KeyError, match="no note"):
        note("tidak_ada")


def test_an_error_is_a_code_the_page_words_with_the_users_numbers(in_lang):
    exc = sb.ActionRefused("wajib_diisi", what=("Judul", "A title"))
    assert (exc.code, dict(exc.note.params)) == ("wajib_diisi", {"what": ("Judul", "A title")})
    assert in_lang("id", message, exc) == "Judul wajib diisi."
    assert in_lang("en", message, exc) == "A title is required."
    short = sb.SandboxError("kata_sandi_minimal_karakter", min_password=1000)
    assert in_lang("id", message, short) == "Kata sandi minimal 1.000 karakter."
    assert in_lang("en", message, short) == "The password needs at least 1,000 characters."
    # the CLI prints both, from the same table
    assert str(exc) == "Judul wajib diisi. / A title is required."
