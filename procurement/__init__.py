"""Vägval: a decision assistant for socially responsible public procurement in Sweden."""

from procurement._version import __version__
from procurement.core.errors import InputError, RuleLoadError, UnsupportedDateError, VagvalError
from procurement.core.loader import load_ruleset
from procurement.report.assessment import Assessment
from procurement.service import (
    Vagval,
    assess,
    check_supplier,
    default_ruleset,
    default_supplier_ruleset,
)

__all__ = [
    "Assessment",
    "InputError",
    "RuleLoadError",
    "UnsupportedDateError",
    "Vagval",
    "VagvalError",
    "__version__",
    "assess",
    "check_supplier",
    "default_ruleset",
    "default_supplier_ruleset",
    "load_ruleset",
]
