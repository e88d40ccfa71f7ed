"""Vägval: a decision assistant for socially responsible public procurement in Sweden."""

from procurement.api import assess, default_ruleset
from procurement.assessment import Assessment
from procurement.errors import InputError, RuleLoadError, UnsupportedDateError, VagvalError
from procurement.loader import load_ruleset

__all__ = [
    "Assessment",
    "InputError",
    "RuleLoadError",
    "UnsupportedDateError",
    "VagvalError",
    "assess",
    "default_ruleset",
    "load_ruleset",
]
