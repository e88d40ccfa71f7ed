"""Shared fixtures: the shipped rule set, loaded once; the storage tests' databases."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from procurement.core.loader import load_ruleset
from procurement.core.ruleset import RuleSet
from procurement.service import default_ruleset
from procurement.storage.store import Store, open_store
from tests.law import frozen_rules
from tests.pgserver import PgServer, PgUnavailable, start_server

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "data" / "examples"
FIXTURES = Path(__file__).resolve().parent / "fixtures"

# The public contract of ../shared/spec/interface.md, section 1, written out once.
INTERFACE_BOOL_FACTS = (
    "urgent_unforeseeable",
    "single_supplier_only",
    "risk_poor_working_conditions",
    "social_objective_employment",
    "integration_suppliers_available",
    "article77_service",
    "ideburen_reservable_service",
    "counterpart_ideburen",
    "mutual_commercial_contract",
    "counterpart_initiative",
    "counterpart_contributes_own_resources",
    "general_interest",
    "competitive_market_exists",
)
INTERFACE_FACTS = (
    "as_of",
    "buyer_type",
    "contract_type",
    "estimated_value_sek",
    "contract_duration_months",
    *INTERFACE_BOOL_FACTS,
)
INTERFACE_OUTPUT_KEYS = (
    "as_of",
    "ruleset_version",
    "value_band",
    "thresholds",
    "routes",
    "recommended_route",
    "obligations",
    "warnings",
    "missing_facts",
    "trace",
)


@pytest.fixture(scope="session")
def ruleset() -> RuleSet:
    """The rule set in rules/."""
    return default_ruleset()


@pytest.fixture(scope="session")
def frozen_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A rules directory: the shipped rules with the frozen amounts of the mechanics tests
    (tests/law.py). Tests that edit rules copy this one, never rules/ itself."""
    return frozen_rules(tmp_path_factory.mktemp("frozen"))


@pytest.fixture(scope="session")
def frozen(frozen_dir: Path) -> RuleSet:
    """The rule set of ``frozen_dir``."""
    return load_ruleset(frozen_dir)


# --- storage: never the user's database; SQLite and a real PostgreSQL server -------------------

POSTGRES_MARKER = "postgres: runs against a real PostgreSQL server (tests/pgserver.py)"
REQUIRE_POSTGRES = "VAGVAL_REQUIRE_POSTGRES"


def pytest_configure(config: pytest.Config) -> None:
    """Register the ``postgres`` marker (the suite runs with --strict-markers)."""
    config.addinivalue_line("markers", POSTGRES_MARKER)


@pytest.fixture(scope="session", autouse=True)
def _private_storage(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """For the whole run: the embedded database in a temporary directory and no
    DATABASE_URL, so that no test ever touches a real user's saved assessments."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("VAGVAL_DATA_DIR", str(tmp_path_factory.mktemp("vagval-data")))
        patch.delenv("DATABASE_URL", raising=False)
        yield


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PgServer]:
    """A PostgreSQL server for the session (see tests/pgserver.py). Without one the test is
    skipped, or fails when VAGVAL_REQUIRE_POSTGRES=1 (as in CI)."""
    try:
        server = start_server()
    except PgUnavailable as exc:
        reason = str(exc)
    else:
        reason = ""
    if reason:
        if os.environ.get(REQUIRE_POSTGRES, "").strip() == "1":
            pytest.fail(f"{REQUIRE_POSTGRES}=1 but no PostgreSQL server: {reason}", pytrace=False)
        pytest.skip(f"no PostgreSQL server: {reason}")
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The address of a fresh, empty database: an SQLite file, or a PostgreSQL database."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'vagval.sqlite3'}"
    server: PgServer = request.getfixturevalue("postgres_server")
    return server.create_database()


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    """A store on a fresh, empty database of each backend."""
    opened = open_store(store_url)
    try:
        yield opened
    finally:
        opened.close()
