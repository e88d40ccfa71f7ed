"""No leaks (issue 16): a database password is never shown, in any form (messages, logs,
URLs rendered, Alembic's output); a bad address is one line naming its host, port and database;
the shipped Streamlit settings show visitors no traceback; every value a user gave is echoed
cut short and with its control characters escaped; a JSON object with a key twice is refused,
naming the key; and the app survives what a user can upload with one clear line."""

from __future__ import annotations

import json
import logging
import re
import tomllib
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from streamlit.testing.v1 import AppTest

from procurement.core import json_input
from procurement.core.errors import (
    ECHO_LIMIT,
    FIELD_LIMIT,
    LINE_LIMIT,
    InputError,
    escaped,
    origin,
    shown,
)
from procurement.storage.config import normalise_url, shown_url
from procurement.storage.errors import StorageError
from procurement.storage.store import open_store
from tests.cli_helpers import assert_one_line_error, run_cli
from tests.conftest import ROOT
from tests.markdown_text import shown as read_markdown

APP = str(ROOT / "app.py")
CASE = ROOT / "data" / "examples" / "anhorigstod-forening.json"


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own embedded database, and no DATABASE_URL unless it sets one."""
    monkeypatch.setenv("VAGVAL_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    return tmp_path / "data"


def _pieces(password: str) -> list[str]:
    """The parts of a password that a parser splitting at @ : / ? # could show."""
    return [p for p in re.split(r"[@:/?#%]", password) if len(p) >= 3] + [password]


def _no_password(password: str, *texts: str) -> None:
    for text in texts:
        for piece in _pieces(password):
            assert piece not in text, (piece, text)


# --- DATABASE_URL ---------------------------------------------------------------------------

PASSWORDS = ["pass@word:99", "sec:ret-value", "a@b@c:d", "sl/ash?que#ry@x", "Hemlis-99"]


@pytest.mark.parametrize("password", PASSWORDS)
def test_a_password_with_at_and_colon_is_read_whole_and_never_shown(password: str) -> None:
    url = normalise_url(f"postgresql://anna:{password}@db.example:5433/vagval")
    assert url.password == password
    assert (url.username, url.host, url.port, url.database) == (
        "anna",
        "db.example",
        5433,
        "vagval",
    )
    # The driver is given exactly this password.
    _, options = url.get_dialect()().create_connect_args(url)
    assert options["password"] == password and options["host"] == "db.example"
    _no_password(password, shown_url(url), str(url), repr(url), url.render_as_string())


def test_a_percent_encoded_password_and_user_are_decoded() -> None:
    url = normalise_url("postgresql://anna%40team:p%40ss%3Aw@db.example/vagval")
    assert (url.username, url.password) == ("anna@team", "p@ss:w")
    # What the app caches and reopens is the same address again.
    again = normalise_url(url.render_as_string(hide_password=False))
    assert (again.username, again.password, again.host) == ("anna@team", "p@ss:w", "db.example")


def test_a_password_given_as_a_query_parameter_is_never_shown() -> None:
    url = normalise_url("postgresql://anna@db.example/vagval?password=Hemlis99&sslmode=require")
    assert url.password == "Hemlis99"
    assert dict(url.query) == {"sslmode": "require"}
    _no_password("Hemlis99", shown_url(url), str(url), repr(url), url.render_as_string())
    with pytest.raises(StorageError) as info:
        normalise_url("postgresql://anna:Hemlis99@db.example/vagval?password=Other77")
    assert info.value.key == "bad_url_password_twice"
    _no_password("Hemlis99", info.value.text("sv"), info.value.text("en"), str(info.value))
    _no_password("Other77", info.value.text("en"))


@pytest.mark.parametrize(
    ("address", "port"),
    [
        ("postgresql://anna:Hemlis99@db.example:abc/vagval", "abc"),
        ("postgresql://anna:pass@word:x@db.example:54x2/vagval", "54x2"),
        ("postgresql://anna:Hemlis99@db.example:99999/vagval", "99999"),
    ],
)
def test_a_port_that_is_not_a_number_exits_2_naming_host_port_and_database(
    address: str, port: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    with pytest.raises(StorageError) as info:
        normalise_url(address)
    assert info.value.key == "bad_url_port"
    monkeypatch.setenv("DATABASE_URL", address)
    line = assert_one_line_error(
        run_cli("--lang", "en", "saved", "list"), "db.example", port, "vagval"
    )
    assert "port is not a number" in line
    _no_password("Hemlis99", line)
    _no_password("pass@word:x", line)
    assert "anna" not in line  # host, port and database only


def test_an_address_that_is_no_address_shows_nothing_of_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("DATABASE_URL", "Hemlis-99")  # a password pasted in the wrong place
    line = assert_one_line_error(run_cli("--lang", "en", "saved", "list"), "not a valid")
    assert "Hemlis" not in line


@pytest.mark.parametrize(
    "address",
    [
        "postgresql://vagval:top@se:cret@127.0.0.1:9/vagval",
        "postgresql://vagval@127.0.0.1:9/vagval?password=topsecret",
    ],
)
def test_an_unreachable_server_hides_every_form_of_the_password(address: str) -> None:
    line = assert_one_line_error(run_cli("saved", "list", "--database-url", address), "127.0.0.1")
    assert "***" in line
    for piece in ("top", "cret", "secret"):
        assert piece not in line, line


@pytest.mark.postgres
def test_a_password_with_at_and_colon_opens_postgresql_and_nothing_logs_it(
    postgres_server: Any, caplog: pytest.LogCaptureFixture, capfd: pytest.CaptureFixture[str]
) -> None:
    """The real server (trust authentication: any password is let in): host, port and
    database are read right, and neither the logs (SQLAlchemy, Alembic, Vägval) nor the
    output hold the password."""
    base = sa.make_url(postgres_server.create_database())
    password = "pass@word:42/x"
    host = f"{base.host}:{base.port}" if base.port else str(base.host)
    caplog.set_level(logging.DEBUG)
    for given in (
        f"postgresql://{base.username}:{password}@{host}/{base.database}",
        f"postgresql://{base.username}@{host}/{base.database}?password=pass%40word%3A42%2Fx",
    ):
        store = open_store(given)
        try:
            assert store.url.password == password
            assert store.list() == []
            _no_password(password, store.where)
        finally:
            store.close()
    out, err = capfd.readouterr()
    _no_password(password, caplog.text, out, err)
    assert "alembic" in caplog.text.lower() or "Running upgrade" in caplog.text


def test_the_app_shows_a_bad_address_in_one_line_without_the_password(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Before: the ValueError of a password with '@' reached every visitor as a traceback."""
    monkeypatch.setenv("DATABASE_URL", "postgresql://anna:pass@word:9@127.0.0.1:9/vagval")
    at = AppTest.from_string(
        "from procurement.ui.pages.saved import page\npage()\n", default_timeout=60
    )
    at.session_state["lang"] = "en"
    at.run()
    assert not at.exception, at.exception
    errors = [read_markdown(str(e.value)) for e in at.error]
    assert len(errors) == 1 and "127.0.0.1" in errors[0], errors
    assert "\n" not in errors[0]
    _no_password("pass@word:9", *errors)


# --- the shipped Streamlit settings ------------------------------------------------------------


def test_the_shipped_config_shows_no_error_details_and_the_viewer_toolbar() -> None:
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["client"]["showErrorDetails"] is False
    assert config["client"]["toolbarMode"] == "viewer"


def test_the_launcher_passes_them_and_an_argument_wins(monkeypatch: pytest.MonkeyPatch) -> None:
    from streamlit.web import cli as streamlit_cli

    from procurement.ui import launch

    seen: list[dict[str, Any]] = []

    def run(_script: str, _args: Any = None, flag_options: dict[str, Any] | None = None) -> None:
        seen.append(dict(flag_options or {}))

    monkeypatch.setattr(streamlit_cli, "_main_run", run)
    for args, details in (([], "false"), (["--client.showErrorDetails", "type"], "type")):
        with pytest.raises(SystemExit):
            launch.serve(args)
        options = seen.pop()
        assert options["client_showErrorDetails"] == details
        assert options["client_toolbarMode"] == "viewer"


# --- echoed values ----------------------------------------------------------------------------


def test_escaped_and_shown() -> None:
    assert escaped("Anhörigstöd 2027 – ok") == "Anhörigstöd 2027 – ok"
    assert escaped("a\nerror: forged\x1b[31m\t\u202e\ud800") == (
        "a\\nerror: forged\\x1b[31m\\t\\u202e\\ud800"
    )
    assert escaped("x" * 500) == "x" * ECHO_LIMIT + "…"
    assert escaped("x" * 500, None) == "x" * 500
    assert shown("it's") == "'it\\'s'"
    assert shown("x" * 900_000) == "'" + "x" * ECHO_LIMIT + "…'"
    assert shown(["\n"] * 100_000).startswith("['\\n', ") and len(shown([0] * 10**5)) <= 81
    assert shown(12.5) == "12.5"
    # An escape is never cut in half.
    assert escaped("\x00" * 100, 10) == "\\x00\\x00…"


def test_an_input_error_is_one_bounded_line() -> None:
    error = InputError("k\nerror: forged" + "y" * 10_000, "got '\x1b[2J'\n" + "z" * 10_000, 3)
    text = str(error)
    assert "\n" not in text and "\x1b" not in text
    assert text.startswith("row 3: k\\nerror: forged") and len(text) < LINE_LIMIT
    assert error.field.startswith("k\nerror")  # the field itself is kept for the program


def test_origin_names_the_place_not_the_message() -> None:
    with pytest.raises(AttributeError) as info:
        normalise_url(None)  # type: ignore[arg-type]
    assert re.fullmatch(r"procurement\.storage\.config:\d+", origin(info.value))
    try:
        raise ValueError("Hemlis")
    except ValueError as exc:
        assert origin(exc) == "?"  # raised in a test, not in Vägval's code


def _case(tmp_path: Path, text: str, name: str = "case.json") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_key_or_value_with_a_line_break_and_an_escape_cannot_forge_a_line(
    tmp_path: Path,
) -> None:
    case = _case(tmp_path, json.dumps({"contract_type": "\x1b[31mx\nerror: all is fine"}))
    line = assert_one_line_error(run_cli("assess", case), "contract_type")
    assert "\x1b" not in line and "'\\x1b[31mx\\nerror: all is fine'" in line
    case = _case(tmp_path, json.dumps({"x\nerror: all is fine\x1b[2J": 1}))
    line = assert_one_line_error(run_cli("assess", case), "unknown fact")
    assert line.startswith("error: x\\nerror: all is fine\\x1b[2J: unknown fact"), line


def test_a_huge_key_or_value_is_echoed_cut(tmp_path: Path) -> None:
    key = _case(tmp_path, json.dumps({"k" * 900_000: 1}), "key.json")
    line = assert_one_line_error(run_cli("assess", key), "unknown fact")
    assert len(line) < FIELD_LIMIT + 100 and "k" * FIELD_LIMIT + "…" in line
    value = _case(tmp_path, json.dumps({"estimated_value_sek": "9" * 900_000}), "value.json")
    line = assert_one_line_error(run_cli("assess", value), "estimated_value_sek")
    assert len(line) < 300, len(line)


def test_a_batch_error_is_escaped(tmp_path: Path) -> None:
    cases = _case(tmp_path, 'case_id,contract_type\na,"x\nerror: forged"\n', "cases.csv")
    proc = run_cli("assess-batch", cases, "-o", tmp_path / "out.csv")
    assert proc.returncode == 1, proc.stderr
    errors = [line for line in proc.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "'x\\nerror: forged'" in errors[0], proc.stderr
    cases = _case(tmp_path, 'case_id,"contract_type\nerror: forged"\na,x\n', "header.csv")
    line = assert_one_line_error(run_cli("assess-batch", cases, "-o", tmp_path / "out.csv"))
    assert "contract_type\\nerror: forged: unknown column" in line, line


def test_a_title_with_a_line_break_cannot_forge_a_row_of_saved_list() -> None:
    title = "Real one\nqqqqqqqqqq\t2026-01-01 00:00\t2026-01-01\tdirect award\tForged"
    proc = run_cli("saved", "save", CASE, "--title", title)
    if proc.returncode == 0:  # a title with a line break may be refused when saved
        assert "\n" not in proc.stdout.strip()
        listed = run_cli("saved", "list").stdout.splitlines()
        assert len(listed) == 2, listed  # the header and one row
        assert "Real one\\nqqqqqqqqqq\\t2026" in listed[1]
        assert not any(line.startswith("qqqq") for line in listed)


def test_a_title_with_a_line_break_saved_earlier_is_listed_on_one_row(data_dir: Path) -> None:
    """A record written before titles were checked as they are now."""
    assert run_cli("saved", "save", CASE, "--title", "Plain").returncode == 0
    engine = sa.create_engine(f"sqlite:///{data_dir / 'vagval.sqlite3'}")
    with engine.begin() as connection:
        table = sa.Table("vagval_assessments", sa.MetaData(), autoload_with=connection)
        connection.execute(sa.update(table).values(title="Real\nforged\trow\x1b[2J"))
    engine.dispose()
    listed = run_cli("saved", "list").stdout.splitlines()
    assert len(listed) == 2 and listed[1].endswith("\tReal\\nforged\\trow\\x1b[2J"), listed
    [code] = [line.split("\t")[0] for line in listed[1:]]
    shown_record = run_cli("saved", "show", code).stdout
    assert shown_record.startswith("# Real\\nforged\\trow\\x1b[2J\n")


# --- duplicate JSON keys ----------------------------------------------------------------------


def test_loads_refuses_a_duplicate_key_at_any_depth() -> None:
    assert json_input.loads('{"a": {"b": 1}, "c": [{"b": 2}]}') == {"a": {"b": 1}, "c": [{"b": 2}]}
    for text in ('{"a": 1, "a": 2}', '{"x": {"b": 1, "b": 1}}', '[{"\\u0061": 1, "a": 2}]'):
        with pytest.raises(json_input.DuplicateKeyError) as info:
            json_input.loads(text)
        assert str(info.value).startswith("the key '") and info.value.key in ("a", "b")


@pytest.mark.parametrize(
    ("command", "text"),
    [
        ("assess", '{"contract_type": "services", "contract_type": "works"}'),
        ("check-supplier", '{"runs_business": true, "runs_business": false}'),
    ],
)
def test_the_command_line_refuses_a_duplicate_key_naming_it(
    tmp_path: Path, command: str, text: str
) -> None:
    path = _case(tmp_path, text)
    key = next(iter(json.loads(text)))
    line = assert_one_line_error(run_cli(command, path), f"the key '{key}' appears twice")
    assert "case.json" in line


def test_memo_choices_with_a_duplicate_key_are_refused(tmp_path: Path) -> None:
    choices = _case(tmp_path, '{"route": "direct_award", "route": "open"}', "choices.json")
    proc = run_cli("memo", CASE, "--clauses", choices, "-o", tmp_path / "memo.docx")
    assert_one_line_error(proc, "the key 'route' appears twice")
    assert not (tmp_path / "memo.docx").exists()


# --- the app ----------------------------------------------------------------------------------


def _upload(name: str, content: bytes) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.file_uploader(key="import_facts").set_value((name, content, "application/json"))
    at.run()
    return at


def _errors(at: AppTest) -> list[str]:
    return [read_markdown(str(e.value)) for e in at.error]


def test_a_lone_surrogate_key_is_one_line_and_the_page_keeps_working() -> None:
    """Before: the page stopped with a UnicodeEncodeError traceback on every rerun."""
    at = _upload("fakta.json", b'{"\\ud800": 1}')
    assert not at.exception, at.exception
    [error] = _errors(at)
    assert error.startswith("Filen kunde inte läsas: \\ud800: unknown fact"), error
    at.run()
    assert not at.exception, at.exception


def test_an_upload_with_a_long_name_is_named_cut(tmp_path: Path) -> None:
    name = "ö" * 200 + ".json"
    at = _upload(name, b"{")
    assert not at.exception, at.exception
    [error] = _errors(at)
    assert "ö" * FIELD_LIMIT + "…" in error and name not in error
    assert str(ROOT) not in error and "/tmp" not in error


def test_the_app_refuses_a_duplicate_key_naming_it() -> None:
    at = _upload("fakta.json", b'{"contract_type": "services", "contract_type": "works"}')
    assert not at.exception, at.exception
    [error] = _errors(at)
    assert "nyckeln 'contract_type' förekommer två gånger" in error
    assert at.session_state["route_answers"].facts.get("contract_type") is None


def test_an_error_no_page_caught_is_one_line_and_logged_without_its_message(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from procurement.ui.pages import route

    def broken() -> None:
        raise ValueError("Hemlig uppgift från användaren\nrad två")

    monkeypatch.setattr(route, "page", broken)
    caplog.set_level(logging.ERROR, logger="procurement.ui.app")
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert not at.exception, at.exception
    [error] = _errors(at)
    assert error.startswith("Något gick fel på den här sidan")
    assert "Hemlig" not in caplog.text and "ValueError" in caplog.text


def test_a_huge_or_multi_line_argument_is_one_bounded_usage_line() -> None:
    proc = run_cli("--lang", "x" * 5000 + "\nerror: forged", "assess", "case.json")
    assert proc.returncode == 2 and proc.stdout == ""
    [line] = proc.stderr.splitlines()
    assert "invalid choice" in line and len(line) <= LINE_LIMIT + 40
