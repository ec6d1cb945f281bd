"""Synthetic complaint loads and the SimPy model of the SP4N-LAPOR! flow. Imports scenarios only."""
