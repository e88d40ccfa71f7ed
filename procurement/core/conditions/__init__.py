"""The condition language: a small, closed, typed expression language for rule conditions.

Conditions are parsed and type-checked once, at load time, against the declared facts and
amounts, and compiled into closures. Nothing is ever run as Python.

Grammar::

    expr       := or
    or         := and ("or" and)*
    and        := not ("and" not)*
    not        := "not" not | compare
    compare    := sum (("==" | "!=" | "<" | "<=" | ">" | ">=") sum)?
                | sum "not"? "in" "[" literal ("," literal)* "]"
    sum        := product (("+" | "-") product)*
    product    := atom (("*" | "/") atom)*
    atom       := NAME | NUMBER | STRING | DATE | "true" | "false" | "(" expr ")"
"""

from procurement.core.conditions.ast import Node
from procurement.core.conditions.compiler import CompiledCondition, compile_condition
from procurement.core.conditions.errors import ConditionError
from procurement.core.conditions.logic import Interval, OneOf
from procurement.core.conditions.parser import parse
from procurement.core.conditions.typecheck import Symbol, SymbolKind, check

__all__ = [
    "CompiledCondition",
    "ConditionError",
    "Interval",
    "Node",
    "OneOf",
    "Symbol",
    "SymbolKind",
    "check",
    "compile_condition",
    "parse",
]
