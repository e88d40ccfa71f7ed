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

It is a second copy of the law, kept for measuring: every benchmark run checks it equal to the
engine (``benchmarks/run.py``, check (a)), and the test suite does not, so that a correct change
of the rules never fails CI until this file follows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from procurement.core.ruleset import RuleSet
from procurement.report.assessment import Assessment

__all__ = ["FACTS", "Decision", "Handwritten", "parse_text_row"]

# The facts of rules/facts.yaml, in questionnaire order (the order of missing_facts).
FACTS: tuple[str, ...] = (
    "social_objective_employment",
    "as_of",
    "buyer_type",
    "contract_type",
    "estimated_value_sek",
    "contract_duration_months",
    "counterpart_ideburen",
    "mutual_commercial_contract",
    "counterpart_initiative",
    "counterpart_contributes_own_resources",
    "general_interest",
    "competitive_market_exists",
    "urgent_unforeseeable",
    "single_supplier_only",
    "court_review_urgent_need",
    "integration_suppliers_available",
    "risk_poor_working_conditions",
    "article77_service",
    "reserve_for_mission_organisations",
    "ideburen_reservable_service",
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


def _gt(x: float | None, r: Range | None) -> bool | None:
    """``x > r``, decided only when the whole range is on one side."""
    if x is None or r is None:
        return None
    if x > r[1]:
        return True
    if x <= r[0]:
        return False
    return None


def _agree(results: set[bool | None]) -> bool | None:
    """True or false when every value a route could still be gives that answer."""
    return results.pop() if len(results) == 1 else None


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
        # periods: amount id -> [(valid_from, valid_to, (value, eur to estimate from))]
        self.periods = periods
        self.checked_until = checked_until
        self._cache: dict[dt.date, _Amounts] = {}

    @classmethod
    def from_ruleset(cls, ruleset: RuleSet) -> Handwritten:
        """Read the amounts' periods (plain numbers and dates) and the rules' check date."""
        if tuple(ruleset.facts) != FACTS:
            raise ValueError("the facts of the rule set changed: update benchmarks/handwritten.py")
        for ident in _AMOUNTS:
            # An unconfirmed figure would make the rules deciding by it uncertain (the engine
            # draws no firm conclusion from it), which is not written here.
            if any(p.value is not None and not p.verified for p in ruleset.amounts[ident].periods):
                raise ValueError(f"{ident} has an unconfirmed figure: update handwritten.py")
        periods: dict[str, list[tuple[dt.date, dt.date | None, Any]]] = {}
        for ident in (*_AMOUNTS, RATE, MARGIN):
            amount = ruleset.amounts[ident]
            periods[ident] = [
                # never estimated from an unconfirmed EUR figure, nor in another unit than SEK
                (p.valid_from, p.valid_to, (p.value, p.eur if p.eur_confirmed else None))
                if amount.unit == "SEK"
                else (p.valid_from, p.valid_to, (p.value, None))
                for p in amount.periods
            ]
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
            value, eur = period
            if value is not None:  # confirmed (from_ruleset)
                values[ident], warnings[ident] = (value, value), None
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
        ct_m, est_m = unknown & CT, unknown & EST

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
        ge_dal = _not(c1)
        c2 = _and(ge_dal, _lt(est, eu))
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
                est_m
                | (dal_m if c1 is None or c2 is None else 0)
                | (eu_m if c2 is None or c3 is None else 0)
            )
        missing = vb_m
        # the amounts in the order the engine first uses them: the value band's, then the
        # rules' (the first rule of lou_social_considerations reads the value band, so the
        # limit and the threshold are always used)
        if c1 is not False or c2 is not False:
            used = dal_members + eu_members
        else:
            used = eu_members + dal_members
        if vb is None:
            above = below_dal = below_eu = vb_below = None
        else:
            above, below_dal, below_eu = vb == ABOVE, vb == BELOW_DAL, vb == BELOW_EU
            vb_below = below_dal or below_eu
        est_dal_m = est_m | dal_m
        ct_soc = _eq(ct, SOC)
        ct_ne_soc = _not(ct_soc)

        # direct award (the court-review ground only up to the threshold)
        cr_m = (unknown & CR) | vb_m
        da = _settle(
            (
                (uu, P, unknown & UU, False),
                (_and(cr, _not(above)), P, cr_m, True),
                (sso, P, unknown & SSO, False),
                (c1, P, est_dal_m, True),
                (_and(cr, above), NP, cr_m, False),
                (ge_dal, NP, est_dal_m, False),
            ),
            NP,
        )
        # advertised LOU procurement with social considerations: always possible, and every
        # rule that holds is shown; the two under 19 kap. cite 17 kap. 1 § as unconfirmed
        national = _or(ct_soc, vb_below)
        lou_unconfirmed = _and(soe, national) is True or _and(rpwc, national) is True
        # reserved, 4 kap. 18 §: always possible; below the threshold its reason cites 19 kap.
        # as unconfirmed
        r418_unconfirmed = vb_below is True
        # reserved, 19 kap. 25 §
        a77 = g("article77_service")
        r1925 = _settle(
            (
                (ct_ne_soc, NP, ct_m, False),
                (_not(a77), NP, unknown & A77, False),
                (_gt(g("contract_duration_months"), av[MAXDUR]), NP, unknown & DUR, False),
                (_and(ct_soc, a77), P, ct_m | (unknown & A77), False),
            ),
            NP,
        )
        if r1925[1] < 0 or r1925[1] >= 2:
            used += (MAXDUR,)
        # reserved, 19 kap. 25 a §: below the direct award limit Vägval abstains
        irs = g("ideburen_reservable_service")
        in_force = as_of >= IDEBUREN_FROM
        r1925a = _settle(
            (
                (not in_force, NP, 0, False),
                (ct_ne_soc, NP, ct_m, False),
                (_not(irs), NP, unknown & IRS, False),
                (_and(ct_soc, below_dal), U, ct_m | vb_m, True),
                (_and(in_force, ct_soc, irs), P, ct_m | (unknown & IRS), False),
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
                (mcc, NP, unknown & MCC, False),
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
            V418: P,
            V1925: r1925[0],
            V1925A: r1925a[0],
            ROUTE_IOP: iop[0],
        }
        target_missing = {
            ROUTE_DA: da[2],
            ROUTE_LOU: 0,
            V418: 0,
            V1925: r1925[2],
            V1925A: r1925a[2],
            ROUTE_IOP: iop[2],
        }
        unconfirmed_refs = da[3] or lou_unconfirmed or r418_unconfirmed or r1925a[3] or iop[3]

        # recommendation: the first candidate that holds, unless one before it is undecided;
        # then every candidate from that one on that could still hold stays open
        candidates = (
            (ROUTE_IOP, True, 0),
            (ROUTE_DA, c1, est_dal_m),
            (ROUTE_DA, _or(uu, sso, cr), unknown & (UU | SSO | CR)),
            (V1925A, ci, unknown & CI),
            (V1925, g("reserve_for_mission_organisations"), unknown & RFMO),
            (V418, _and(soe, isa), unknown & (SOE | ISA)),
            (ROUTE_LOU, True, 0),
        )
        picked: str | None = None
        blocked = False
        settles = False  # some open candidate is sure to hold
        pending = 0
        waiting: dict[str, int] = {}  # open candidate -> the facts its condition waits for
        for target, cond, cond_m in candidates:
            st = status[target]
            if st == NP or cond is False:
                truth: bool | None = False
            elif st == P and cond is True:
                truth = True
            else:
                truth = None
            if not blocked:
                if truth is True:
                    status[target] = R
                    picked = target
                    break
                if truth is None:
                    blocked = True
                    pending = cond_m | target_missing[target]
            if blocked and truth is not False:
                waiting[target] = waiting.get(target, 0) | (cond_m if truth is None else 0)
                settles = settles or truth is True
        missing |= pending
        route = picked.split(".")[0] if picked else None

        # A route as duties read it: its status, or while open the statuses it could still
        # end with; 'recommended' only while it is an open candidate.
        def outcome_missing(target: str) -> int:
            if target in waiting and status[target] != NP:
                return target_missing[target] | pending | waiting[target]
            return target_missing[target]

        def recommended(target: str) -> bool | None:
            st = status[target]
            if st == R:
                return True
            return None if st != NP and target in waiting else False

        # The recommended route: known once picked, else one of the open candidates' routes
        # (or no route, unless one of them is sure to hold).
        if picked is not None:
            rr: tuple[str | None, ...] = (route,)
        elif waiting:
            rr = tuple({t.split(".")[0] for t in waiting} | (set() if settles else {None}))
        else:
            rr = (None,)
        if len(rr) == 1:
            rr_m = pending if rr[0] is None else 0
            not_iop_da = None if rr[0] is None else rr[0] not in (ROUTE_IOP, ROUTE_DA)
            not_iop = None if rr[0] is None else rr[0] != ROUTE_IOP
        else:
            rr_m = pending
            not_iop_da = _agree({r not in (ROUTE_IOP, ROUTE_DA) for r in rr})
            not_iop = _agree({None if r is None else r != ROUTE_IOP for r in rr})

        # duties
        rd = recommended(ROUTE_DA)
        rd_m = outcome_missing(ROUTE_DA) if rd is None else 0
        not_above = _not(above)
        # a direct award under 19 a kap.: below the threshold, or an annex 2 service
        da_19a = _and(rd, _or(not_above, ct_soc))
        da_19a_m = rd_m | vb_m | ct_m
        before_2024 = as_of < DOC_2024
        doc_ge = _ge(est, av[DOC])
        notice_da = _and(da_19a, _ge(est, av[LOU]))
        vb_ct_rr_m = vb_m | ct_m | rr_m

        def reserved(target: str) -> tuple[bool | None, int]:
            truth = recommended(target)
            return truth, outcome_missing(target) if truth is None else 0

        r418_rec, r418_m = reserved(V418)
        r1925_rec, r1925_m = reserved(V1925)
        r1925a_rec, r1925a_m = reserved(V1925A)
        iop_st = status[ROUTE_IOP]
        iop_ok = True if iop_st in (R, P) else (False if iop_st == NP else None)
        iop_m = outcome_missing(ROUTE_IOP) if iop_ok is None else 0
        duties = (
            ("documentation_duty", _and(da_19a, doc_ge, before_2024), da_19a_m | est_m, False),
            (
                "documentation_duty",
                _and(da_19a, doc_ge, not before_2024),
                da_19a_m | est_m,
                False,
            ),
            ("direct_award_guidelines", _and(da_19a, before_2024), da_19a_m, False),
            ("direct_award_guidelines", _and(da_19a, not before_2024), da_19a_m, False),
            ("procurement_report", _and(rd, above, ct_ne_soc), rd_m | vb_m | ct_m, True),
            ("contract_award_notice", _and(above, ct_ne_soc, not_iop), vb_ct_rr_m, False),
            ("contract_award_notice", _and(above, ct_soc, not_iop_da), vb_ct_rr_m, False),
            ("contract_award_notice", notice_da, da_19a_m | est_m, False),
            ("contract_award_notice", _and(below_eu, not_iop_da), vb_m | rr_m, True),
            ("advertise_national", _and(below_eu, not_iop_da), vb_m | rr_m, False),
            ("advertise_eu", _and(above, ct_ne_soc, not_iop_da), vb_ct_rr_m, False),
            ("advertise_eu", _and(above, ct_soc, not_iop_da), vb_ct_rr_m, False),
            (
                "labour_law_conditions",
                _and(above, ct_ne_soc, rpwc, not_iop),
                vb_ct_rr_m | (unknown & RPWC),
                False,
            ),
            ("reservation_notice", r418_rec, r418_m, False),
            ("reservation_share_check", r418_rec, r418_m, False),
            ("reservation_notice", r1925_rec, r1925_m, False),
            ("reservation_notice", r1925a_rec, r1925a_m, False),
            ("iop_state_aid_check", _and(iop_ok, before_2024), iop_m, False),
            ("iop_state_aid_check", _and(iop_ok, not before_2024), iop_m, False),
            ("iop_documentation", iop_ok, iop_m, False),
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
        if duties[0][1] is not False or duties[1][1] is not False:
            used += (DOC,)
        if notice_da is not False:
            used += (LOU,)

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
        if cr is True:
            warnings.append("narrow_exception_court_review")
        if ci is True and mcc is False:
            warnings.append("iop_unsettled_law")
        if isa is True and vb_below is True:
            warnings.append("reserved_below_threshold_unconfirmed")
            unconfirmed_refs = True
        if unconfirmed_refs or any(cites for _, cites in listed.values()):
            warnings.append("unconfirmed_references")

        for target in (ROUTE_DA, V1925, V1925A, ROUTE_IOP):
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
