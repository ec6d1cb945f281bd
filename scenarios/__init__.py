"""The world a scenario describes: a kabupaten, its OPDs, categories, SOP, calendar and load.

Pure Python (no simpy, flask or sqlite). ``load_scenario`` reads and validates a YAML file or a
built-in scenario by name; the simulator and the trainer both read the result.
"""

from .errors import Problem, ScenarioError
from .loader import builtin_names, load_scenario, parse_override, resolve
from .model import Category, Dist, Opd, SubCategory
from .model_sop import Scenario

__all__ = [
    "Category",
    "Dist",
    "Opd",
    "Problem",
    "Scenario",
    "ScenarioError",
    "SubCategory",
    "builtin_names",
    "load_scenario",
    "parse_override",
    "resolve",
]
