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
  roads: [Jalan Lintas Malindo]
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
