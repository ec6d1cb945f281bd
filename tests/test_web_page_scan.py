"""Indonesian pages speak Indonesian: no code names, English words or ISO timestamps in the
visible text of the participant and facilitator pages of a workshop in play — and the English
pages carry no Indonesian label words where a translation exists (the reverse scan).

Plus the inbox (new marks, search, filters, title count), the feedback sheet, the certificate and
the locale exports, each on the same seeded workshop."""

from __future__ import annotations

import csv
import io
import re
from datetime import datetime

import pytest
from openpyxl import load_workbook

import sandbox as sb
from web.testing import app_on_copy, login, seeded_db, text

SNAKE = re.compile(r"\b[a-z]+_[a-z_]+\b(?!\.\w)")  # a file name (bukti.pdf) is no code
ISO = re.compile(r"\d{4}-\d\d-\d\dT")
DOT_DECIMAL = re.compile(r"(?<![\d.,/])\d+\.\d+(?![\d.])")  # 62.0, 3.43 (a date 05/06 is no match)
ENGLISH = re.compile(
    r"\b(penalty|routing|classification|timeliness|reply|practice|assessment|score|"
    r"suggestion|points?|None|True|False)\b"
)
# Indonesian label words that must be translated on an English page
INDONESIAN = re.compile(
    r"\b(Ketepatan waktu|Keputusan disposisi|Mutu jawaban|Laporan masuk|Kesalahan|Tenggat)\b"
)


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    """Ani (verifikator) routed six cases, every third wrong; SIM-00002 went viral; Budi (DLH)
    accepted one case and followed it up; the clock stands on Friday 13 June 15:00."""
    path = tmp_path_factory.mktemp("template") / "sandbox.sqlite"
    seed = seeded_db(path)
    db, now, w = sb.open_db(path), sb.wall_now(), seed["ws"]
    fid = w["facilitator_id"]
    ani = sb.join(db, w["code"], "Ani", "verifikator", now=now)
    budi = sb.join(db, w["code"], "Budi", "penghubung", "DLH", now=now)
    sb.advance(db, w["id"], now)
    ws = sb.get_workshop(db, w["id"])
    routed = 0
    for case in sb.list_cases(db, w["id"], participant_id=ani.id):
        key = sb.answer_key_for_facilitator(db, w["id"], case.id, facilitator_id=fid)
        if "disposisi" not in case.actions or key.action != "disposisi" or key.opd is None:
            continue
        wrong = next(o for o in ws.local_opds if o not in (key.opd, *key.acceptable))
        e = sb.verify(
            db,
            w["id"],
            case.id,
            title=case.report_title,
            report_type=key.report_type,
            category=key.category if routed % 2 else next(iter(ws.scenario.categories)),
            by=ani.id,
            expected_version=case.version,
            now=now,
        )
        opd = key.opd if routed % 3 else wrong
        sb.dispose(db, w["id"], case.id, opd, by=ani.id, expected_version=e.version, now=now)
        routed += 1
        if routed == 6:
            break
    sb.inject(db, w["id"], "viral", facilitator_id=fid, now=now, case_id="SIM-00002")
    sb.jump_clock(db, w["id"], datetime(2025, 6, 13, 15, 0), facilitator_id=fid, now=now)
    for case in sb.list_cases(db, w["id"], participant_id=budi.id):
        if "terima" in case.actions:
            sb.accept(db, w["id"], case.id, by=budi.id, expected_version=case.version, now=now)
            now_case = next(
                c for c in sb.list_cases(db, w["id"], participant_id=budi.id) if c.id == case.id
            )
            if "tindak_lanjut" in now_case.actions:
                sb.follow_up(
                    db,
                    w["id"],
                    case.id,
                    reply="Terima kasih, petugas DLH sudah memeriksa lokasi pada 12 Juni 2025.",
                    by=budi.id,
                    expected_version=now_case.version,
                    now=now,
                )
            break
    db.close()
    return path, seed, {"ani": ani, "budi": budi}


@pytest.fixture
def app(template, tmp_path):
    return app_on_copy(template[0], tmp_path)


def as_participant(app, p):
    client = app.test_client()
    with client.session_transaction() as s:
        s.update(role="participant", participant_id=p.id, workshop_id=p.workshop_id, token=p.token)
    return client


def pages(app, template, lang: str) -> dict[str, str]:
    """The visible text of every page the brief names, by URL."""
    path, seed, people = template
    w = seed["ws"]["id"]
    out = {}
    db = sb.open_db(app.config["SANDBOX_DB"])
    for p in people.values():
        client = as_participant(app, p)
        urls = ["/peserta/", "/peserta/skor", "/peserta/umpan-balik", "/peserta/peringkat"]
        urls += [f"/peserta/kasus/{c.id}" for c in sb.list_cases(db, w, participant_id=p.id)[:6]]
        for url in urls:
            r = client.get(f"{url}?lang={lang}")
            assert r.status_code == 200, url
            out[f"{p.display_name} {url}"] = text(r)
    fasil = app.test_client()
    login(fasil)
    pages = ("debrief", "hasil", "sertifikat", "penilaian", "peringkat", "umpan-balik-peserta")
    pages += ("", "kunci/SIM-00001", f"debrief?peserta={people['budi'].id}")
    for page in pages:
        url = f"/fasilitator/latihan/{w}/{page}".rstrip("/")
        r = fasil.get(f"{url}{'&' if '?' in url else '?'}lang={lang}")
        assert r.status_code == 200, url
        out[url] = text(r)
    out["/fasilitator/"] = text(fasil.get(f"/fasilitator/?lang={lang}"))
    db.close()
    return out


def offenders(found: dict[str, str], *patterns: re.Pattern) -> dict[str, list[str]]:
    return {
        url: sorted({m.group(0) for p in patterns for m in p.finditer(body)})
        for url, body in found.items()
        if any(p.search(body) for p in patterns)
    }


def test_indonesian_pages_show_no_code_english_word_iso_time_or_dot_decimal(app, template):
    found = pages(app, template, "id")
    assert len(found) > 15
    assert offenders(found, SNAKE, ISO, ENGLISH, DOT_DECIMAL) == {}


def test_english_pages_show_no_code_iso_time_or_untranslated_label(app, template):
    found = pages(app, template, "en")
    assert offenders(found, SNAKE, ISO, INDONESIAN) == {}
    # the same figures, English style: a decimal point and no decimal comma
    assert not [u for u, b in found.items() if re.search(r"\d+,\d+ (working|%)", b)]


def test_the_inbox_marks_new_cases_counts_them_in_the_title_and_forgets_opened_ones(app, template):
    ani = as_participant(app, template[2]["ani"])
    html = ani.get("/peserta/").get_data(as_text=True)
    new = int(re.search(r"<title>\((\d+)\) Kotak masuk", html).group(1))
    assert new > 0 and html.count('class="tag tag-new">baru<') == new
    first = re.search(r'href="/peserta/kasus/(SIM-\d+)"', html).group(1)
    assert ani.get(f"/peserta/kasus/{first}").status_code == 200
    html = ani.get("/peserta/").get_data(as_text=True)
    assert f"<title>({new - 1}) Kotak masuk" in html
    fragment = ani.get("/peserta/?fragment=1").get_data(as_text=True)
    assert f'data-title="({new - 1}) Kotak masuk' in fragment  # poll.js sets document.title
    items = re.findall(r'<li class="case-item[^"]*">(.*?)</li>', html, flags=re.S)
    viral = [i for i in items if "SIM-00002" in i]
    assert viral and "VIRAL" in viral[0] and sum("VIRAL" in i for i in items) == 1


def test_the_inbox_searches_filters_and_sorts_and_the_poll_keeps_the_filter(app, template):
    ani = as_participant(app, template[2]["ani"])
    page = text(ani.get("/peserta/?q=SIM-00002"))
    assert "SIM-00002" in page and "SIM-00003" not in page and "Disaring: 1 dari" in page
    late = ani.get("/peserta/?tenggat=terlambat").get_data(as_text=True)
    listed = re.findall(r'<li class="case-item[^"]*">\s*<a href="/peserta/kasus/(SIM-\d+)"', late)
    assert listed and "Terlambat" in text(ani.get("/peserta/?tenggat=terlambat"))
    assert 'data-url="/peserta/?fragment=1&amp;tenggat=terlambat"' in late
    state = text(ani.get("/peserta/?status=masuk"))
    assert "Dikembalikan OPD SIM" not in state
    newest = ani.get("/peserta/?urut=terbaru").get_data(as_text=True)
    ids = re.findall(r'<li class="case-item[^"]*">\s*<a href="/peserta/kasus/SIM-(\d+)"', newest)
    assert ids == sorted(ids, reverse=True)
    assert ani.get("/peserta/?tenggat=apa_saja&urut=x").status_code == 200  # ignored, not an error


def test_the_feedback_sheet_gives_each_skill_with_own_examples_and_the_keys_why(app, template):
    ani = as_participant(app, template[2]["ani"])
    page = text(ani.get("/peserta/umpan-balik"))
    for skill in (
        "Verifikasi dan klasifikasi",
        "Disposisi dan tingkat pemerintahan",
        "Anonimitas dan kerahasiaan",
        "Ketepatan waktu",
        "Mutu jawaban",
    ):
        assert skill in page
    assert "Laporan menyebut" in page and "Yang perlu dilatih:" in page
    assert "Budi" not in page  # only their own


def test_the_facilitator_prints_every_sheet_or_one(app, template):
    fasil = app.test_client()
    login(fasil)
    w = template[1]["ws"]["id"]
    both = fasil.get(f"/fasilitator/latihan/{w}/umpan-balik-peserta").get_data(as_text=True)
    assert both.count('<article class="sheet">') == 2
    one = f"/fasilitator/latihan/{w}/umpan-balik-peserta?peserta={template[2]['budi'].id}"
    assert fasil.get(one).get_data(as_text=True).count('<article class="sheet">') == 1
    other = app.test_client()
    login(other, "fasilitator_lain")
    assert other.get(f"/fasilitator/latihan/{w}/umpan-balik-peserta").status_code in (403, 404)


def test_certificates_carry_the_real_date_the_display_name_and_a_percentage(app, template):
    db = sb.open_db(app.config["SANDBOX_DB"])
    sb.set_display_name(db, template[1]["ws"]["facilitator_id"], "Dra. Siti Aminah")
    db.close()
    fasil = app.test_client()
    login(fasil)
    page = text(fasil.get(f"/fasilitator/latihan/{template[1]['ws']['id']}/sertifikat"))
    assert "Dra. Siti Aminah" in page and "2025" not in page
    assert re.search(r"Nilai: -?\d+,\d%", page)


def test_exports_follow_the_locale_and_the_xlsx_keeps_numbers(app, template):
    fasil = app.test_client()
    login(fasil)
    base = f"/fasilitator/latihan/{template[1]['ws']['id']}/ekspor/kasus"
    sheet = load_workbook(io.BytesIO(fasil.get(base + ".xlsx?lang=id").get_data())).active
    book = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert book[0][:2] == ["Nomor kasus", "Diterima"] and len(book) > 10
    body = fasil.get(base + ".csv?lang=id").get_data(as_text=True).lstrip("\ufeff")
    rows = list(csv.reader(io.StringIO(body), delimiter=";"))
    assert rows[0] == book[0] and len(rows) == len(book)
    fractions = [
        (cell, number)
        for row, numbers in zip(rows[1:], book[1:], strict=True)
        for cell, number in zip(row, numbers, strict=True)
        if isinstance(number, float) and number != int(number)
    ]
    assert fractions  # routing credits, reply scores: numbers in the workbook
    assert all(cell == repr(number).replace(".", ",") for cell, number in fractions)
    body = fasil.get(base + ".csv?lang=en").get_data(as_text=True).lstrip("\ufeff")
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[0][:2] == ["Case number", "Received"]
    assert len(rows[1]) == len(book[1])  # comma-separated: the same columns
    english = {c for row in rows[1:] for c in row}
    assert {repr(n) for _, n in fractions} <= english
