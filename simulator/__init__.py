"""Synthetic complaint loads and the SimPy model of the SP4N-LAPOR! flow. Imports scenarios only."""

from scenarios import native  # noqa: F401 - first: an out-of-date compiled build is never loaded
