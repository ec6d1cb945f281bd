"""Synthetic complaint loads and the SimPy model of the SP4N-LAPOR! flow. Imports scenarios only."""

from scenarios.reader import use_classifier

from .reader_model import default_classifier

use_classifier(default_classifier)  # the text reader also weighs a classifier of our reports
