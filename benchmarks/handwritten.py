"""The route decision of ``rules/`` written by hand in plain Python: the benchmarks' baseline.

This is what a developer would write without a rule engine, read off ``rules/*.yaml``: every
condition is a Python expression here, under the same three-valued logic (``None`` is
unknown) as the engine, with the same precedence (the highest-priority rule that holds wins,
unless a higher rule still unknown would give another status), the same estimated ranges for
thresholds whose SEK value is not yet set, and the same recommendation order.

Only the amounts come from the loaded rule set, once, as plain numbers
(:meth:`Handwritten.from_ruleset`); no rule logic of the engine is used.

The output, :class:`Decision`, is what ``assess-batch`` writes per case: the value band, the
recommended route (and route or variant), each route's and variant's status, the missing facts
(in questionnaire order), the duties with ``applies`` / ``may_apply``, and the warning ids in
the engine's order (including ``unconfirmed_references``). It has no texts, reasons or trace.
``tests/test_benchmarks_handwritten.py`` checks it equal to the engine.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from procurement.assessment import Assessment
from procurement.ruleset import RuleSet

__all__ = ["FACTS", "Decision", "Handwritten", "parse_text_row"]

# The facts of rules/facts.yaml, in questionnaire order (the order of missing_facts).
FACTS: tuple[str, ...] = (
    "as_of",
    "buyer_type",
    "contract_type",
    "estimated_value_sek",
    "contract_duration_months",
    "urgent_unforeseeable",
    "single_supplier_only",
    "court_review_urgent_need",
    "risk_poor_working_conditions",
    "social_objective_employment",
    "integration_suppliers_available",
    "article77_service",
    "reserve_for_mission_organisations",
    "ideburen_reservable_service",
    "counterpart_ideburen",
    "mutual_commercial_contract",
    "counterpart_initiative",
    "counterpart_contributes_own_resources",
    "general_interest",
    "competitive_market_exists",
)
_BIT = {name: 1 << i for i, name in enumerate(FACTS)}
_ALL = (1 << len(FACTS)) - 1
BT = _BIT["buyer_type"]
CT = _BIT["contract_type"]
EST = _BIT["estimated_value_sek"]
DUR = _BIT["contract_duration_months"]
UU = _BIT["urgent_unforeseeable"]
SSO = _BIT["single_supplier_only"]
CR = _BIT["court_review_urgent_need"]
RPWC = _BIT["risk_poor_working_conditions"]
SOE = _BIT["social_objective_employment"]
ISA = _BIT["integration_suppliers_available"]
A77 = _BIT["article77_service"]
RFMO = _BIT["reserve_for_mission_organisations"]
IRS = _BIT["ideburen_reservable_service"]
CI = _BIT["counterpart_ideburen"]
MCC = _BIT["mutual_commercial_contract"]
CINIT = _BIT["counterpart_initiative"]
COR = _BIT["counterpart_contributes_own_resources"]
GI = _BIT["general_interest"]
CME = _BIT["competitive_market_exists"]

# Amount ids (rules/amounts.yaml).
LOU = "direct_award_limit_lou"
CENTRAL = "eu_threshold_supplies_services_central"
SUBCENTRAL = "eu_threshold_supplies_services_subcentral"
WORKS = "eu_threshold_works"
SOCIAL = "eu_threshold_social_services"
DOC = "documentation_duty_threshold"
MAXDUR = "reserved_19_25_max_duration_months"
_AMOUNTS = (LOU, CENTRAL, SUBCENTRAL, WORKS, SOCIAL, DOC, MAXDUR)
RATE = "eur_sek_planning_rate"
MARGIN = "abstention_margin"

# Dates written into the rules (19 kap. 25 a § in force; the 2024 documentation rules).
IDEBUREN_FROM = dt.date(2023, 1, 1)
DOC_2024 = dt.date(2024, 1, 1)

P, NP, U, R = "possible", "not_possible", "uncertain", "recommended"
ABOVE, BELOW_EU, BELOW_DAL = "above_eu_threshold", "below_eu_threshold", "below_direct_award_limit"
SOC = "social_services"
ROUTE_DA, ROUTE_LOU, ROUTE_RES, ROUTE_IOP = (
    "direct_award",
    "lou_social_considerations",
    "reserved_contract",
    "iop",
)
V418 = "reserved_contract.4_18"
V1925 = "reserved_contract.19_25"
V1925A = "reserved_contract.19_25a"

Range = tuple[float, float]
# A rule as evaluated: (truth, status, missing facts as a bit mask, cites an unconfirmed ref).
Rule = tuple[bool | None, str, int, bool]


@dataclass(frozen=True, slots=True)
class Decision:
    """The decision for one case: what ``assess-batch`` writes, without texts or trace."""

    value_band: str
    recommended_route: str | None
    recommended_target: str | None
    statuses: dict[str, str]
    missing_facts: tuple[str, ...]
    obligations: tuple[tuple[str, str], ...]
    warnings: tuple[str, ...]

    @classmethod
    def from_assessment(cls, assessment: Assessment, recommended_target: str | None) -> Decision:
        """The engine's result in the same shape, to compare."""
        statuses: dict[str, str] = {}
        for route_id, route in assessment.routes.items():
            statuses[route_id] = route.status
            for variant_id, variant in (route.variants or {}).items():
                statuses[f"{route_id}.{variant_id}"] = variant.status
        return cls(
            value_band=assessment.value_band,
            recommended_route=assessment.recommended_route,
            recommended_target=recommended_target,
            statuses=statuses,
            missing_facts=tuple(assessment.missing_facts),
            obligations=tuple((o.id, o.status) for o in assessment.obligations),
            warnings=tuple(w.id for w in assessment.warnings),
        )

    def cells(self) -> dict[str, str]:
        """The result columns of an ``assess-batch`` row (without as_of and version)."""
        s = self.statuses
        return {
            "value_band": self.value_band,
            "recommended_route": self.recommended_route or "",
            "status_direct_award": s[ROUTE_DA],
            "status_lou_social_considerations": s[ROUTE_LOU],
            "status_reserved_contract": s[ROUTE_RES],
            "status_iop": s[ROUTE_IOP],
            "status_reserved_contract_4_18": s[V418],
            "status_reserved_contract_19_25": s[V1925],
            "status_reserved_contract_19_25a": s[V1925A],
            "missing_facts": ";".join(self.missing_facts),
            "obligations": ";".join(
                i if st == "applies" else i + "?" for i, st in self.obligations
            ),
            "warnings": ";".join(self.warnings),
        }


@dataclass(frozen=True, slots=True)
class _Amounts:
    """The amounts on one date: each a range (a point when exact) or None, and its warning."""

    value: dict[str, Range | None]
    warning: dict[str, str | None]


# --- three-valued helpers -------------------------------------------------------------------
def _and(*items: bool | None) -> bool | None:
    unknown = False
    for item in items:
        if item is False:
            return False
        if item is None:
            unknown = True
    return None if unknown else True


def _not(item: bool | None) -> bool | None:
    return None if item is None else not item


def _or(*items: bool | None) -> bool | None:
    unknown = False
    for item in items:
        if item is True:
            return True
        if item is None:
            unknown = True
    return None if unknown else False


def _lt(x: float | None, r: Range | None) -> bool | None:
    """``x < r`` where r may be a range: decided only when the whole range is on one side."""
    if x is None or r is None:
        return None
    if x < r[0]:
        return True
    if x >= r[1]:
        return False
    return None


def _ge(x: float | None, r: Range | None) -> bool | None:
    return _not(_lt(x, r))


def _eq(x: str | None, value: str) -> bool | None:
    return None if x is None else x == value


def _hull(values: list[Range | None]) -> Range | None:
    if any(v is None for v in values):
        return None
    return (min(v[0] for v in values), max(v[1] for v in values))  # type: ignore[index]


def _settle(rules: tuple[Rule, ...], default: str) -> tuple[str, int, int, bool]:
    """Status, winner index (-1: none), missing mask and whether a shown reason cites an
    unconfirmed reference, for rules in priority order."""
    winner = -1
    pending: list[Rule] = []
    for i, rule in enumerate(rules):
        if rule[0] is True:
            winner = i
            break
        if rule[0] is None:
            pending.append(rule)
    decided = rules[winner][1] if winner >= 0 else default
    missing = 0
    blocked = False
    for rule in pending:
        if rule[1] != decided:
            blocked = True
            missing |= rule[2]
    if blocked:
        return U, winner, missing, winner >= 0 and rules[winner][3]
    if winner < 0:
        return decided, winner, 0, False
    unconfirmed = rules[winner][3]
    for rule in rules[winner + 1 :]:
        if rule[0] is True and rule[1] == decided and rule[3]:
            unconfirmed = True
    return decided, winner, 0, unconfirmed


class Handwritten:
    """The route decision by hand; amounts read once from a rule set."""

    def __init__(
        self, periods: dict[str, list[tuple[dt.date, dt.date | None, Any]]], checked_until: dt.date
    ) -> None:
        # periods: amount id -> [(valid_from, valid_to, (value, eur, verified))]
        self.periods = periods
        self.checked_until = checked_until
        self._cache: dict[dt.date, _Amounts] = {}

    @classmethod
    def from_ruleset(cls, ruleset: RuleSet) -> Handwritten:
        """Read the amounts' periods (plain numbers and dates) and the rules' check date."""
        if tuple(ruleset.facts) != FACTS:
            raise ValueError("the facts of the rule set changed: update benchmarks/handwritten.py")
        for ident in (LOU, CENTRAL, SUBCENTRAL, WORKS, SOCIAL, DOC):
            # Only the 19 kap. 25 § duration is an unconfirmed figure that decides a status;
            # another would make the rules reading it uncertain, which is not written here.
            if any(p.value is not None and not p.verified for p in ruleset.amounts[ident].periods):
                raise ValueError(f"{ident} has an unconfirmed figure: update handwritten.py")
        periods = {
            ident: [
                (p.valid_from, p.valid_to, (p.value, p.eur, p.verified))
                for p in ruleset.amounts[ident].periods
            ]
            for ident in (*_AMOUNTS, RATE, MARGIN)
        }
        return cls(periods, ruleset.meta.checked_until)

    # --- amounts -----------------------------------------------------------------------------
    def _period(self, ident: str, day: dt.date) -> tuple[Any, ...] | None:
        for start, end, data in self.periods[ident]:
            if start <= day and (end is None or day <= end):
                return data
        return None

    def amounts(self, day: dt.date) -> _Amounts:
        """Every amount on ``day``: exact, an estimated range while SEK is unknown, or None."""
        cached = self._cache.get(day)
        if cached is not None:
            return cached
        rate_period, margin_period = self._period(RATE, day), self._period(MARGIN, day)
        rate = rate_period[0] if rate_period else None
        margin = margin_period[0] if margin_period else None
        values: dict[str, Range | None] = {}
        warnings: dict[str, str | None] = {}
        for ident in _AMOUNTS:
            period = self._period(ident, day)
            if period is None:
                values[ident], warnings[ident] = None, "amount_not_in_force"
                continue
            value, eur, verified = period
            if value is not None:
                values[ident] = (value, value)
                warnings[ident] = None if verified else "unconfirmed_figure"
                continue
            warnings[ident] = "unconfirmed_amount"
            values[ident] = None
            if eur is not None and rate is not None and margin is not None:
                centre = eur * rate
                values[ident] = (round(centre * (1 - margin)), round(centre * (1 + margin)))
        result = _Amounts(values, warnings)
        self._cache[day] = result
        return result

    # --- the decision ------------------------------------------------------------------------
    def decide(
        self, facts: Mapping[str, Any], as_of: dt.date, as_of_defaulted: bool = False
    ) -> Decision:
        """Decide one validated case (absent facts are unknown) on ``as_of``."""
        g = facts.get
        known = 0
        for name, value in facts.items():
            if value is not None:
                known |= _BIT.get(name, 0)
        unknown = _ALL & ~known
        amounts = self.amounts(as_of)
        av = amounts.value
        ct, bt, est = g("contract_type"), g("buyer_type"), g("estimated_value_sek")
        uu, sso = g("urgent_unforeseeable"), g("single_supplier_only")
        cr = g("court_review_urgent_need")
        rpwc, soe, isa = (
            g("risk_poor_working_conditions"),
            g("social_objective_employment"),
            g("integration_suppliers_available"),
        )
        ci, mcc = g("counterpart_ideburen"), g("mutual_commercial_contract")

        # derived: the direct award limit (annex 2 services: the threshold), the EU threshold
        if ct is None:
            dal = _hull([av[LOU], av[SOCIAL]])
            dal_members: tuple[str, ...] = (LOU, SOCIAL) if dal is not None else ()
            dal_m = CT
            open_ = [SOCIAL]
            if bt != "sub_central":
                open_.append(CENTRAL)
            if bt != "central_government":
                open_.append(SUBCENTRAL)
            open_.append(WORKS)
            eu = _hull([av[a] for a in open_])
            eu_members: tuple[str, ...] = tuple(open_) if eu is not None else ()
            eu_m = CT | (BT if bt is None else 0)
        else:
            dal_members = (SOCIAL,) if ct == SOC else (LOU,)
            dal, dal_m = av[dal_members[0]], 0
            eu_m = 0
            if ct == "works":
                eu_members = (WORKS,)
            elif ct == SOC:
                eu_members = (SOCIAL,)
            elif bt == "central_government":
                eu_members = (CENTRAL,)
            elif bt == "sub_central":
                eu_members = (SUBCENTRAL,)
            else:
                eu_members, eu_m = (CENTRAL, SUBCENTRAL), BT
            if len(eu_members) == 1:
                eu = av[eu_members[0]]
            else:
                eu = _hull([av[CENTRAL], av[SUBCENTRAL]])
                if eu is None:
                    eu_members = ()

        # derived: the value band
        c1 = _lt(est, dal)
        c2 = _and(_ge(est, dal), _lt(est, eu))
        c3 = _ge(est, eu)
        vb: str | None = None
        vb_m = 0
        if c1 is True and c2 is not True and c3 is not True:
            vb = BELOW_DAL
        elif c2 is True and c1 is not True and c3 is not True:
            vb = BELOW_EU
        elif c3 is True and c1 is not True and c2 is not True:
            vb = ABOVE
        else:
            vb_m = (
                (unknown & EST)
                | (dal_m if c1 is None or c2 is None else 0)
                | (eu_m if c2 is None or c3 is None else 0)
            )
        missing = vb_m
        # the amounts in the order the engine first uses them (value band, then the rules)
        if c1 is not False or c2 is not False:
            used = dal_members + eu_members
        else:
            used = eu_members + dal_members

        est_dal_m = (unknown & EST) | dal_m
        vb_below = None if vb is None else vb in (BELOW_DAL, BELOW_EU)

        # direct award
        da = _settle(
            (
                (uu, P, unknown & UU, False),
                (cr, P, unknown & CR, True),
                (sso, P, unknown & SSO, True),
                (c1, P, est_dal_m, True),
                (_ge(est, dal), NP, est_dal_m, False),
            ),
            NP,
        )
        # advertised LOU procurement with social considerations: always possible
        above, ct_ne_soc = _eq(vb, ABOVE), _not(_eq(ct, SOC))
        # only the optional labour-law rule cites an unconfirmed reference; shown when it holds
        lou_unconfirmed = _and(rpwc, _or(_eq(ct, SOC), vb_below)) is True
        # reserved, 4 kap. 18 §
        r418 = _settle(
            (
                (_not(isa), NP, unknown & ISA, False),
                (_and(isa, vb_below), P, (unknown & ISA) | vb_m, True),
                (isa, P, unknown & ISA, False),
            ),
            NP,
        )
        # reserved, 19 kap. 25 §
        dur = g("contract_duration_months")
        maxdur = av[MAXDUR]
        too_long = None if dur is None or maxdur is None else dur > maxdur[0]
        a77 = g("article77_service")
        ct_soc = _eq(ct, SOC)
        r1925 = _settle(
            (
                (_not(ct_soc), NP, unknown & CT, False),
                (_not(a77), NP, unknown & A77, False),
                (too_long, NP, unknown & DUR, True),
                (_and(ct_soc, a77), P, unknown & (CT | A77), True),
            ),
            NP,
        )
        r1925_status, r1925_missing = r1925[0], r1925[2]
        if r1925[1] == 2 and r1925_status == NP and amounts.warning[MAXDUR] == "unconfirmed_figure":
            # the decision rests on a figure not confirmed in a Swedish source
            r1925_status = U
            # (a higher rule still unknown could decide without it)
            r1925_missing = (CT if ct is None else 0) | (A77 if a77 is None else 0)
        if r1925[1] < 0 or r1925[1] >= 2:
            used += (MAXDUR,)
        # reserved, 19 kap. 25 a §
        irs = g("ideburen_reservable_service")
        in_force = as_of >= IDEBUREN_FROM
        r1925a = _settle(
            (
                (not in_force, NP, 0, False),
                (_not(ct_soc), NP, unknown & CT, False),
                (_not(irs), NP, unknown & IRS, False),
                (_and(ct_soc, _eq(vb, BELOW_DAL)), NP, (unknown & CT) | vb_m, False),
                (_and(in_force, ct_soc, irs), P, unknown & (CT | IRS), False),
            ),
            NP,
        )
        # IOP
        cinit, cor, gi, cme = (
            g("counterpart_initiative"),
            g("counterpart_contributes_own_resources"),
            g("general_interest"),
            g("competitive_market_exists"),
        )
        iop = _settle(
            (
                (_not(ci), NP, unknown & CI, False),
                (mcc, NP, unknown & MCC, True),
                (_not(gi), NP, unknown & GI, False),
                (cme, NP, unknown & CME, False),
                (_not(cor), NP, unknown & COR, False),
                (_not(cinit), U, unknown & CINIT, False),
                (
                    _and(ci, _not(mcc), gi, _not(cme), cor, cinit),
                    P,
                    unknown & (CI | MCC | GI | CME | COR | CINIT),
                    False,
                ),
            ),
            NP,
        )

        status = {
            ROUTE_DA: da[0],
            ROUTE_LOU: P,
            V418: r418[0],
            V1925: r1925_status,
            V1925A: r1925a[0],
            ROUTE_IOP: iop[0],
        }
        target_missing = {
            ROUTE_DA: da[2],
            ROUTE_LOU: 0,
            V418: r418[2],
            V1925: r1925_missing,
            V1925A: r1925a[2],
            ROUTE_IOP: iop[2],
        }
        unconfirmed_refs = da[3] or lou_unconfirmed or r418[3] or r1925[3] or r1925a[3] or iop[3]

        # recommendation: the first candidate that holds, unless one before it is undecided
        exception = (
            True
            if uu is True or sso is True or cr is True
            else (None if uu is None or sso is None or cr is None else False)
        )
        candidates = (
            (ROUTE_IOP, True, 0, False),
            (ROUTE_DA, c1, est_dal_m, False),
            (ROUTE_DA, exception, unknown & (UU | SSO | CR), True),
            (V1925A, ci, unknown & CI, False),
            (V1925, g("reserve_for_mission_organisations"), unknown & RFMO, True),
            (V418, soe, unknown & SOE, False),
            (ROUTE_LOU, True, 0, False),
        )
        picked: str | None = None
        blocked = False
        pending = 0
        promotable: set[str] = set()
        for target, cond, cond_m, cites_unconfirmed in candidates:
            st = status[target]
            legal = True if st == P else (False if st == NP else None)
            if legal is False or cond is False:
                truth: bool | None = False
            elif legal is True and cond is True:
                truth = True
            else:
                truth = None
            if not blocked:
                if truth is True:
                    status[target] = R
                    picked = target
                    unconfirmed_refs = unconfirmed_refs or cites_unconfirmed
                    break
                if truth is None:
                    blocked = True
                    pending = cond_m | target_missing[target]
            if blocked and truth is not False and st == P:
                promotable.add(target)
        missing |= pending
        route = picked.split(".")[0] if picked else None

        # route outcomes as duties read them: unknown while a route could still be promoted
        def outcome(target: str) -> tuple[str | None, int]:
            st = status[target]
            if st == U or (st == P and target in promotable):
                return None, target_missing[target] | pending
            return st, target_missing[target]

        rd, rd_m = outcome(ROUTE_DA)
        o418, o418_m = outcome(V418)
        o1925a, o1925a_m = outcome(V1925A)
        oiop, oiop_m = outcome(ROUTE_IOP)
        rr_m = pending if route is None else 0
        not_iop_da = None if route is None else route not in (ROUTE_IOP, ROUTE_DA)
        not_above = _not(above)
        da_rec = _eq(rd, R)
        doc_ge = _ge(est, av[DOC])
        doc_m = (rd_m if rd is None else 0) | vb_m | (unknown & EST)
        vb_ct_rr_m = vb_m | (unknown & CT) | rr_m
        dd2022 = _and(da_rec, not_above, doc_ge, as_of < DOC_2024)
        dd2024 = _and(da_rec, not_above, doc_ge, as_of >= DOC_2024)
        duties = (
            ("documentation_duty", dd2022, doc_m, False),
            ("documentation_duty", dd2024, doc_m, False),
            (
                "direct_award_guidelines",
                _and(da_rec, not_above),
                (rd_m if rd is None else 0) | vb_m,
                True,
            ),
            ("advertise_national", _and(_eq(vb, BELOW_EU), not_iop_da), vb_m | rr_m, False),
            ("advertise_eu", _and(above, ct_ne_soc, not_iop_da), vb_ct_rr_m, False),
            ("advertise_eu", _and(above, ct_soc, not_iop_da), vb_ct_rr_m, False),
            (
                "labour_law_conditions",
                _and(above, ct_ne_soc, rpwc, None if route is None else route != ROUTE_IOP),
                vb_ct_rr_m | (unknown & RPWC),
                False,
            ),
            ("reservation_notice", _eq(o418, R), o418_m if o418 is None else 0, True),
            ("reservation_share_check", _eq(o418, R), o418_m if o418 is None else 0, False),
            ("reservation_notice", _eq(o1925a, R), o1925a_m if o1925a is None else 0, False),
            (
                "iop_state_aid_check",
                None if oiop is None else oiop in (R, P),
                oiop_m if oiop is None else 0,
                False,
            ),
            (
                "iop_documentation",
                None if oiop is None else oiop in (R, P),
                oiop_m if oiop is None else 0,
                False,
            ),
        )
        listed: dict[str, tuple[str, bool]] = {}
        for ident, truth, duty_m, cites_unconfirmed in duties:
            if truth is False:
                continue
            state = "applies" if truth else "may_apply"
            if truth is None:
                missing |= duty_m
            previous = listed.get(ident)
            if previous is None or (previous[0] == "may_apply" and state == "applies"):
                listed[ident] = (state, cites_unconfirmed)
        if dd2022 is not False or dd2024 is not False:
            used += (DOC,)

        # warnings: the engine's, the rules', then unconfirmed references
        warnings: list[str] = []
        if as_of_defaulted:
            warnings.append("as_of_defaulted")
        if as_of > self.checked_until:
            warnings.append("rules_currency")
        seen: set[str] = set()
        for ident in used:
            if ident in seen:
                continue
            seen.add(ident)
            kind = amounts.warning[ident]
            if kind is not None:
                warnings.append(kind)
        if uu is True:
            warnings.append("narrow_exception_urgency")
        if sso is True:
            warnings.append("narrow_exception_single_supplier")
            unconfirmed_refs = True
        if cr is True:
            warnings.append("narrow_exception_court_review")
        if ci is True and mcc is False:
            warnings.append("iop_unsettled_law")
        if isa is True and vb_below is True:
            warnings.append("reserved_below_threshold_unconfirmed")
            unconfirmed_refs = True
        if unconfirmed_refs or any(cites for _, cites in listed.values()):
            warnings.append("unconfirmed_references")

        for target in (ROUTE_DA, V418, V1925, V1925A, ROUTE_IOP):
            missing |= target_missing[target]
        variants = (status[V418], status[V1925], status[V1925A])
        for st in (R, U, P, NP):
            if st in variants:
                status[ROUTE_RES] = st
                break
        missing &= unknown
        return Decision(
            value_band=vb or "uncertain",
            recommended_route=route,
            recommended_target=picked,
            statuses=status,
            missing_facts=tuple(name for name in FACTS if missing & _BIT[name]),
            obligations=tuple((ident, state) for ident, (state, _) in listed.items()),
            warnings=tuple(warnings),
        )


_TRUE = {"true", "ja", "yes", "1", "sant"}
_FALSE = {"false", "nej", "no", "0", "falskt"}
_ENUMS = ("buyer_type", "contract_type")
_NUMBERS = ("estimated_value_sek",)
_INTEGERS = ("contract_duration_months",)


def parse_text_row(row: Mapping[str, str], today: dt.date) -> tuple[dict[str, Any], dt.date, bool]:
    """Typed facts from one row of text cells (a CSV row), for the hand-written pipeline.

    Blank is unknown. No validation beyond the types: the baseline trusts its input.
    """
    facts: dict[str, Any] = {}
    for key, raw in row.items():
        text = raw.strip()
        if not text or key not in _BIT:
            continue
        if key == "as_of":
            facts[key] = dt.date.fromisoformat(text)
        elif key in _ENUMS:
            facts[key] = text
        elif key in _NUMBERS:
            number = float(text.replace(" ", "").replace(",", "."))
            facts[key] = int(number) if number.is_integer() else number
        elif key in _INTEGERS:
            facts[key] = int(float(text))
        else:
            low = text.lower()
            if low in _TRUE:
                facts[key] = True
            elif low in _FALSE:
                facts[key] = False
    defaulted = "as_of" not in facts
    as_of = facts.setdefault("as_of", today)
    return facts, as_of, defaulted
