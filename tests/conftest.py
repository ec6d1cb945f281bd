"""Shared test helpers that read like the domain."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from scenarios import load_scenario

MINI = """\
extends: _kabupaten_dasar
scenario: {name: mini, title: Kabupaten Mini (sintetis)}
region:
  name: Kabupaten Mini
  province: Kalimantan Barat
  kecamatan:
    Kapuas: [Sungai Sengkuang, Beringin, Tanjung Sekayam]
    Mukok: [Kedukul, Semuntai]
  rivers: [Sungai Sekayam]
  roads: [Jalan Pangsuma]
  national_roads: [Jalan Lintas Malindo]
load:
  reports_per_year: 1000
"""


@pytest.fixture
def write_scenario(tmp_path: Path):
    """Write a scenario file (dedented) and return its path."""

    def write(text: str, name: str = "skenario.yaml") -> Path:
        path = tmp_path / name
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    return write


@pytest.fixture(scope="session")
def mini_scenario(tmp_path_factory):
    """A small valid kabupaten built on the default routing table (read-only, shared)."""
    path = tmp_path_factory.mktemp("mini") / "mini.yaml"
    path.write_text(MINI, encoding="utf-8")
    return load_scenario(path)


# --- the trainer: a seeded workshop database copied for each test ------------------------------


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    """A seeded sandbox database (facilitator, workshop, cases), built once per module."""
    from web.testing import seeded_db

    path = tmp_path_factory.mktemp("template") / "sandbox.sqlite"
    return path, seeded_db(path)


@pytest.fixture
def app(template, tmp_path):
    """A trainer app on a private copy of the seeded database."""
    from web.testing import app_on_copy

    return app_on_copy(template[0], tmp_path)


@pytest.fixture
def seed(template):
    """What the seeded database holds (ids, join code)."""
    return template[1]


@pytest.fixture
def fasil(app):
    """A client logged in as the facilitator who owns the seeded workshop."""
    from web.testing import login

    client = app.test_client()
    assert login(client).status_code == 303
    return client
