"""Vägval: a decision assistant for socially responsible public procurement in Sweden."""

from procurement.api import assess, check_supplier, default_ruleset, default_supplier_ruleset
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
    "check_supplier",
    "default_ruleset",
    "default_supplier_ruleset",
    "load_ruleset",
]
