"""Vägval as a municipality's IT department installs it: a wheel, in a venv of its own.

The slow test builds the wheel from this working tree (``pip wheel --no-deps``, on a copy of
the files the build reads, so no build/ or egg-info is left in the checkout), makes a fresh
venv outside the repository, installs the wheel with the core only and then with the ``app``
extra (which brings ``memo``, ``storage`` and ``batch``), and from another directory runs the
commands and the app as installed. pip takes the dependencies from the package index as
configured on the machine; nothing of the project's own .venv is visible to the new venv.

The fast tests check what the wheel is made from: every package listed in pyproject.toml, the
checkout read in place, the one-line message of a missing extra.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tomllib
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from procurement.core import extras, resources
from tests.conftest import EXAMPLES, ROOT
from tests.devserver import CHROMIUM, free_port, healthy, stop

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
SETUPTOOLS = PYPROJECT["tool"]["setuptools"]
BUNDLED = SETUPTOOLS["package-dir"]  # procurement._bundled.rules = "rules", …
# What the build reads: the packages, the three folders mapped into the wheel, the metadata.
BUILD_INPUTS = ("pyproject.toml", "README.md", "procurement", "rules", "data", "schemas")
CASE = EXAMPLES / "stadning-kommunhus.json"
SUPPLIER = ROOT / "data" / "suppliers" / "exempel" / "stenbacka-verkstader-ab.json"
STEP_TIMEOUT_S = 300  # one pip install or one command


# --- what the wheel is made from ----------------------------------------------------------------


def test_every_package_is_listed_in_pyproject() -> None:
    """A folder of procurement/ with an __init__.py that pyproject.toml does not list would be
    missing from the wheel (the list is explicit because of the mapped folders)."""
    found = {
        ".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "procurement").rglob("*.py")
    }
    found = {name for name in found if (ROOT / name.replace(".", "/") / "__init__.py").exists()}
    listed = set(SETUPTOOLS["packages"]) - set(BUNDLED)
    assert found == listed, (
        f"add to [tool.setuptools] packages: {sorted(found - listed)}; "
        f"remove: {sorted(listed - found)}"
    )
    assert {BUNDLED[name] for name in BUNDLED} == set(resources.FOLDERS)
    assert all(name.startswith(f"procurement.{resources.BUNDLED}.") for name in BUNDLED)


def test_a_checkout_is_read_in_place() -> None:
    """Tests, scripts/run.sh and an editable install read rules/, data/ and schemas/ of the
    checkout, so that an edited rule takes effect without reinstalling."""
    assert resources.IN_CHECKOUT
    assert resources.PROJECT_ROOT == ROOT
    assert resources.RULES_DIR == ROOT / "rules"
    assert resources.DATA_DIR == ROOT / "data"
    assert resources.SCHEMAS_DIR == ROOT / "schemas"
    assert resources.data_path("ui", "texts.yaml") == ROOT / "data" / "ui" / "texts.yaml"


def test_an_installed_package_is_no_checkout(tmp_path: Path) -> None:
    site = tmp_path / "site-packages"
    (site / "procurement").mkdir(parents=True)
    assert resources.checkout_root(site / "procurement") is None
    # Folders named like ours beside an installed package are still no checkout.
    for folder in resources.FOLDERS:
        (site / folder).mkdir()
    assert resources.checkout_root(site / "procurement") is None
    (site / "pyproject.toml").write_text("[project]\n", encoding="utf-8")
    assert resources.checkout_root(site / "procurement") == site


def test_version_in_a_checkout() -> None:
    import procurement

    assert procurement.__version__ == PYPROJECT["project"]["version"]


def test_a_missing_extra_is_one_line_naming_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from procurement.cli import main

    real = extras.importlib.util.find_spec
    monkeypatch.setattr(
        extras.importlib.util,
        "find_spec",
        lambda name, *a: None if name == "reportlab" else real(name, *a),
    )
    assert main(["memo", str(CASE), "-o", str(tmp_path / "memo.pdf")]) == 2
    err = capsys.readouterr().err.strip()
    assert err == (
        "error: Vägval's 'memo' extra is not installed (no module 'reportlab'): "
        'pip install "vagval[memo]"'
    )
    assert not (tmp_path / "memo.pdf").exists()


def test_the_installed_app_has_the_checkouts_streamlit_settings() -> None:
    """``streamlit run app.py`` reads .streamlit/config.toml; ``vagval-app``, run from any
    directory, passes the same settings as options."""
    from procurement.ui.launch import OPTIONS

    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    settings = {
        f"--{section}.{key}": str(value).lower() if isinstance(value, bool) else str(value)
        for section, values in config.items()
        for key, value in values.items()
    }
    assert dict(zip(OPTIONS[::2], OPTIONS[1::2], strict=True)) == settings


def test_every_optional_library_belongs_to_an_extra() -> None:
    optional = PYPROJECT["project"]["optional-dependencies"]
    for module, extra in extras.EXTRAS.items():
        assert extra in optional, module


# --- the wheel, installed -----------------------------------------------------------------------

# Builds and installs (about a minute); deselect with -m "not install" while working on other
# things. scripts/test.sh runs it.
install = pytest.mark.install


@dataclass
class Installed:
    """A venv outside the repository with the wheel installed, and a directory to work in."""

    venv: Path
    wheel: Path
    source: Path  # the copy of the working tree the wheel was built from
    work: Path
    env: dict[str, str]

    def bin(self, name: str) -> Path:
        return self.venv / "bin" / name

    def run(
        self, *args: str | Path, timeout: float = STEP_TIMEOUT_S
    ) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(a) for a in args],
            cwd=self.work,
            env=self.env,
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
            timeout=timeout,
            check=False,
        )

    def ok(self, *args: str | Path) -> subprocess.CompletedProcess[str]:
        proc = self.run(*args)
        assert proc.returncode == 0, (args, proc.stdout[-2000:], proc.stderr[-3000:])
        return proc

    def pip_install(self, requirement: str) -> None:
        self.ok(self.bin("python"), "-m", "pip", "install", "--quiet", requirement)


def _clean_env(data_dir: Path) -> dict[str, str]:
    """This process's environment without anything that points into the repository or its
    venv, and with a database of the test's own."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME", "VAGVAL_LOCAL_AMOUNTS")
        and k != "DATABASE_URL"
    }
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    env["VAGVAL_DATA_DIR"] = str(data_dir)
    env["VAGVAL_BASE_URL"] = ""
    return env


def _build_wheel(tmp: Path, source: Path) -> Path:
    source.mkdir()
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info")
    for name in BUILD_INPUTS:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, source / name, ignore=ignore)
        else:
            shutil.copy2(ROOT / name, source / name)
    dist = tmp / "dist"
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--quiet",
            "-w",
            str(dist),
            str(source),
        ],
        capture_output=True,
        text=True,
        timeout=STEP_TIMEOUT_S,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    (wheel,) = dist.glob("vagval-*.whl")
    return wheel


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Installed]:
    """The wheel installed with the core only (the extras are added by a later test)."""
    tmp = tmp_path_factory.mktemp("install")
    assert not tmp.resolve().is_relative_to(ROOT), "the test venv must be outside the repository"
    source = tmp / "source"
    wheel = _build_wheel(tmp, source)
    venv = tmp / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=STEP_TIMEOUT_S)
    work = tmp / "elsewhere"
    work.mkdir()
    shutil.copy2(CASE, work / "case.json")
    shutil.copy2(SUPPLIER, work / "supplier.json")
    shutil.copy2(EXAMPLES / "exempelfall.csv", work / "cases.csv")
    inst = Installed(venv, wheel, source, work, _clean_env(tmp / "data"))
    inst.pip_install(str(wheel))
    yield inst


@install
def test_the_wheel_holds_the_rules_data_schemas_and_migrations(installed: Installed) -> None:
    names = set(zipfile.ZipFile(installed.wheel).namelist())
    source = installed.source
    for package, folder in BUNDLED.items():
        inside = package.replace(".", "/")
        for path in (source / folder).rglob("*"):
            if path.is_file() and path.suffix != ".py":
                shipped = f"{inside}/{path.relative_to(source / folder).as_posix()}"
                assert shipped in names, f"{path.relative_to(source)} is not in the wheel"
    assert "procurement/_bundled/rules/tests/smoke.yaml" in names
    assert "procurement/_bundled/rules/supplier/tests/smoke.yaml" in names
    migrations = source / "procurement" / "storage" / "migrations"
    for path in migrations.rglob("*"):
        if path.is_file():
            assert f"procurement/storage/migrations/{path.relative_to(migrations).as_posix()}" in (
                names
            )
    assert "procurement/py.typed" in names


@install
def test_core_only(installed: Installed) -> None:
    """pydantic, PyYAML and Babel alone: assess, check-supplier and lint work; a command that
    needs an extra says which, in one line."""
    py = installed.bin("python")
    where = installed.ok(
        py,
        "-c",
        "import procurement, procurement.core.resources as r;"
        "print(procurement.__name__, r.IN_CHECKOUT, r.RULES_DIR, type(r.RULES_DIR).__name__)",
    ).stdout.split()
    assert where[:2] == ["procurement", "False"]
    assert Path(where[2]).is_relative_to(installed.venv), where
    assert where[3] in ("PosixPath", "WindowsPath")
    for library in extras.EXTRAS:
        found = installed.run(py, "-c", f"import {library}")
        assert found.returncode != 0, f"{library} is installed with the core only"

    result = json.loads(installed.ok(installed.bin("vagval"), "assess", "case.json").stdout)
    assert result["recommended_route"] and result["routes"]
    supplier = json.loads(
        installed.ok(installed.bin("vagval"), "check-supplier", "supplier.json").stdout
    )
    assert {"asf_definition", "reserved_4_18"} <= set(supplier["checks"])
    lint = installed.ok(py, "-m", "procurement", "lint")
    assert "_bundled/rules" in lint.stdout and "no findings" in lint.stdout
    # Usage names the command as typed.
    assert installed.ok(installed.bin("vagval"), "--help").stdout.startswith("usage: vagval ")
    usage = installed.ok(py, "-m", "procurement", "--help").stdout
    assert usage.startswith("usage: python -m procurement ")

    for args, extra in [
        (("memo", "case.json", "-o", "memo.pdf"), "memo"),
        (("assess-batch", "cases.csv", "-o", "out.csv"), "batch"),
        (("saved", "list"), "storage"),
    ]:
        proc = installed.run(installed.bin("vagval"), *args)
        assert proc.returncode == 2, (args, proc.stderr)
        assert proc.stderr.strip().endswith(f'pip install "vagval[{extra}]"'), proc.stderr
        assert "Traceback" not in proc.stderr and len(proc.stderr.strip().splitlines()) == 1
    app = installed.run(installed.bin("vagval-app"))
    assert app.returncode == 2 and 'pip install "vagval[app]"' in app.stderr, app.stderr


@pytest.fixture(scope="module")
def with_app(installed: Installed) -> Installed:
    """The same venv with the ``app`` extra (and so memo, storage, batch)."""
    installed.pip_install(f"vagval[app] @ {installed.wheel.as_uri()}")
    return installed


@install
def test_commands_with_the_extras(with_app: Installed) -> None:
    vagval, work = with_app.bin("vagval"), with_app.work
    version = with_app.ok(
        with_app.bin("python"), "-c", "import procurement; print(procurement.__version__)"
    ).stdout.strip()
    assert version == PYPROJECT["project"]["version"]
    assert json.loads(with_app.ok(vagval, "assess", "case.json").stdout)["recommended_route"]
    with_app.ok(vagval, "lint")
    # The scenario tests shipped in rules/tests/ and rules/supplier/tests/ exercise every rule.
    with_app.ok(vagval, "coverage", "-o", "coverage.md")
    assert (work / "coverage.md").stat().st_size > 0
    with_app.ok(vagval, "check-supplier", "supplier.json")
    with_app.ok(vagval, "memo", "case.json", "-o", "memo.pdf")
    assert (work / "memo.pdf").read_bytes().startswith(b"%PDF")
    with_app.ok(vagval, "memo", "case.json", "-o", "memo.docx")
    assert zipfile.is_zipfile(work / "memo.docx")
    with_app.ok(vagval, "assess-batch", "cases.csv", "-o", "out.xlsx")
    assert zipfile.is_zipfile(work / "out.xlsx")
    # Saved assessments: the Alembic migrations shipped in the wheel make the schema.
    with_app.ok(vagval, "saved", "save", "case.json", "--title", "Städning")
    listed = json.loads(with_app.ok(vagval, "saved", "list", "--json").stdout)
    assert [s["title"] for s in listed] == ["Städning"]


@install
def test_the_installed_app_serves_its_pages(with_app: Installed) -> None:
    """``vagval-app`` from another directory: the health check answers ok, the page loads and
    its script runs (the questionnaire's button is shown, in Chromium when it is there, else
    by Streamlit's AppTest in the installed venv)."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    log = with_app.work / "app.log"
    with log.open("wb") as out:
        server = subprocess.Popen(
            [
                str(with_app.bin("vagval-app")),
                "--server.port",
                str(port),
                "--server.headless",
                "true",
            ],
            cwd=with_app.work,
            env=with_app.env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        try:
            _wait_healthy(server, url, log)
            import urllib.request

            opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
            with opener.open(url, timeout=10) as page:
                assert page.status == 200 and b'<div id="root">' in page.read()
            if CHROMIUM.exists() or os.environ.get("CI"):
                _questionnaire_in_chromium(url)
            else:
                _questionnaire_in_apptest(with_app)
        finally:
            stop(server)
    assert b"Traceback" not in log.read_bytes(), log.read_text(encoding="utf-8", errors="replace")


def _wait_healthy(server: subprocess.Popen[bytes], url: str, log: Path) -> None:
    import time

    deadline = time.monotonic() + 60
    while not healthy(url):
        if server.poll() is not None or time.monotonic() > deadline:
            pytest.fail(f"vagval-app did not start:\n{log.read_text(errors='replace')[-3000:]}")
        time.sleep(0.25)


def _questionnaire_in_chromium(url: str) -> None:
    from tests.browser_support import launch_chromium, open_questionnaire

    for browser in launch_chromium():
        for page in open_questionnaire(browser, url):  # "Nästa →" is shown
            assert page.url.startswith(url)


def _questionnaire_in_apptest(inst: Installed) -> None:
    script = (
        "from streamlit.testing.v1 import AppTest\n"
        "from procurement.ui.launch import SCRIPT\n"
        "at = AppTest.from_file(str(SCRIPT), default_timeout=60).run()\n"
        "assert not at.exception, at.exception\n"
        "print([b.label for b in at.button])\n"
    )
    proc = inst.ok(inst.bin("python"), "-c", script)
    assert "Nästa →" in proc.stdout, proc.stdout
