"""Synthetic complaint loads and the SimPy model of the SP4N-LAPOR! flow. Imports scenarios only."""

from scenarios.reader import use_vocabulary

from .vocabulary import template_vocabulary

use_vocabulary(template_vocabulary)  # the text reader also weighs the words of our templates
