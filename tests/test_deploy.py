"""The container recipe in deploy/ fits together, and its nginx configuration is the one the
two-process test runs (tests/test_scaleout.py renders deploy/nginx.conf for loopback); the
README's backup of PostgreSQL restores what was saved.

Docker need not be here: these tests read the files. Where a Docker daemon exists,
`docker build -f deploy/Dockerfile .` and `docker compose -f deploy/compose.yaml up` run them.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import pytest
import yaml

from procurement.core.limits import UPLOAD_MB
from tests.conftest import EXAMPLES
from tests.pgserver import PgServer, find_bindir
from tests.proxy import COOKIE, DEPLOY, NGINX_CONF, render_site, upstream_servers
from tests.test_install import BUILD_INPUTS

DOCKERFILE = DEPLOY / "Dockerfile"
DOCKERIGNORE = DEPLOY / "Dockerfile.dockerignore"
COMPOSE = DEPLOY / "compose.yaml"
SITE = NGINX_CONF.read_text(encoding="utf-8")
CASE = EXAMPLES / "stadning-kommunhus.json"


def _instructions() -> list[tuple[str, str]]:
    """The Dockerfile's instructions (continuation lines joined, comments left out)."""
    joined = re.sub(r"\\\n\s*", " ", DOCKERFILE.read_text(encoding="utf-8"))
    found = []
    for line in joined.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            word, _, rest = line.partition(" ")
            found.append((word.upper(), rest.strip()))
    return found


def _stages() -> list[list[tuple[str, str]]]:
    stages: list[list[tuple[str, str]]] = []
    for word, rest in _instructions():
        if word == "FROM":
            stages.append([])
        stages[-1].append((word, rest))
    return stages


def _compose() -> dict[str, Any]:
    loaded = yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))
    assert isinstance(loaded, dict)
    return loaded


def _app_port() -> int:
    """The port vagval-app listens on in the image (its CMD)."""
    (cmd,) = [rest for word, rest in _instructions() if word == "CMD"]
    args = yaml.safe_load(cmd)  # the exec form is a JSON array
    assert args[0] == "vagval-app", args
    return int(args[args.index("--server.port") + 1])


def test_the_image_is_built_from_the_wheel_with_the_app_extra() -> None:
    build, run = _stages()
    assert build[0] == ("FROM", "python:3.11-slim AS wheel")
    assert run[0] == ("FROM", "python:3.11-slim")
    copy_lines = [shlex.split(rest)[:-1] for word, rest in build if word == "COPY"]
    sources = [s for line in copy_lines for s in line]
    assert sorted(sources) == sorted(BUILD_INPUTS), "the Dockerfile copies what the wheel reads"
    assert any("pip wheel" in rest and "--no-deps" in rest for word, rest in build if word == "RUN")
    installs = [rest for word, rest in run if word == "RUN" and "pip install" in rest]
    assert installs and '"${wheel}[app]"' in installs[0], installs
    # The build context holds only what the wheel is built from.
    kept = [
        line[1:].rstrip("/")
        for line in DOCKERIGNORE.read_text(encoding="utf-8").splitlines()
        if line.startswith("!")
    ]
    assert sorted(kept) == sorted(BUILD_INPUTS)


def test_the_app_runs_as_an_unprivileged_user_with_a_health_check() -> None:
    run = _stages()[-1]
    (user,) = [rest for word, rest in run if word == "USER"]
    assert user not in ("root", "0"), user
    # The user is switched to after installing, before the command.
    words = [word for word, _ in run]
    assert words.index("USER") > max(i for i, (w, r) in enumerate(run) if "pip install" in r)
    (check,) = [rest for word, rest in run if word == "HEALTHCHECK"]
    assert f"http://127.0.0.1:{_app_port()}/_stcore/health" in check, check
    assert f"EXPOSE {_app_port()}" in [f"{w} {r}" for w, r in run]


def test_compose_runs_two_app_replicas_on_postgresql_behind_nginx() -> None:
    services = _compose()["services"]
    app, db, proxy = services["app"], services["db"], services["proxy"]
    assert app["build"] == {"context": "..", "dockerfile": "deploy/Dockerfile"}
    context = (COMPOSE.parent / app["build"]["context"]).resolve()
    assert context / app["build"]["dockerfile"] == DOCKERFILE
    assert app["deploy"]["replicas"] >= 2
    environment = app["environment"]
    assert environment["DATABASE_URL"].startswith("postgresql://vagval:")
    assert "@db:5432/vagval" in environment["DATABASE_URL"]
    # Every replica signs cookies with the same secret (a user moved to another keeps them).
    assert "STREAMLIT_SERVER_COOKIE_SECRET" in environment
    assert db["image"].startswith("postgres:")
    volumes = {v.split(":")[0]: v.split(":")[1] for v in db["volumes"]}
    assert volumes.get("pgdata") == "/var/lib/postgresql/data"
    assert "pgdata" in _compose()["volumes"]
    assert app["depends_on"]["db"]["condition"] == "service_healthy"
    assert proxy["depends_on"]["app"]["condition"] == "service_healthy"
    mounts = [m.split(":") for m in proxy["volumes"]]
    assert ["./nginx.conf", "/etc/nginx/conf.d/default.conf", "ro"] in mounts
    assert (COMPOSE.parent / "nginx.conf") == NGINX_CONF


def test_nginx_sends_every_request_to_the_app_service_on_its_port() -> None:
    (server,) = upstream_servers(SITE)
    assert server == f"app:{_app_port()}"
    listen = re.search(r"^\s*listen\s+(\d+);", SITE, re.M)
    assert listen is not None
    published = [p.split(":") for p in _compose()["services"]["proxy"]["ports"]]
    assert [p[-1] for p in published] == [listen.group(1)]


def test_nginx_is_sticky_by_a_cookie_and_passes_the_websocket_upgrade() -> None:
    assert re.search(r"^\s*hash \$vagval_route consistent;", SITE, re.M)
    assert f"map $cookie_{COOKIE} $vagval_route" in SITE
    assert f'"{COOKIE}=$request_id;' in SITE
    assert "proxy_set_header Upgrade $http_upgrade;" in SITE
    assert "proxy_set_header Connection $connection_upgrade;" in SITE
    assert "proxy_http_version 1.1;" in SITE


def test_nginx_takes_uploads_as_large_as_the_app_does() -> None:
    found = re.search(r"client_max_body_size\s+(\d+)m;", SITE)
    assert found is not None
    assert int(found.group(1)) > UPLOAD_MB


@pytest.mark.parametrize("backends", [["127.0.0.1:1"], ["127.0.0.1:1", "127.0.0.1:2"]])
def test_the_tested_configuration_is_the_documented_one_with_other_addresses(
    backends: list[str], tmp_path: Path
) -> None:
    rendered = render_site(SITE, backends, "127.0.0.1:9", tmp_path)
    assert upstream_servers(rendered) == backends
    # Apart from the addresses, every line is the documented file's.
    address = re.compile(r"^\s*(server \S+:\d+ |listen )|/var/log/nginx/")
    kept = [line for line in SITE.splitlines() if not address.search(line)]
    assert [line for line in rendered.splitlines() if line in kept] == kept
    assert "listen 127.0.0.1:9;" in rendered
    assert f"access_log {tmp_path}/access.log vagval;" in rendered
    extra = set(rendered.splitlines()) - set(SITE.splitlines())
    assert all("127.0.0.1:" in line or str(tmp_path) in line for line in extra), extra


@pytest.mark.postgres
def test_the_documented_backup_restores_the_saved_assessments(postgres_server: PgServer) -> None:
    """The README's `pg_dump -Fc -t 'vagval_*'` and `pg_restore --clean --if-exists`."""
    bindir = find_bindir()
    if bindir is None or not (bindir / "pg_dump").is_file():
        pytest.skip("no pg_dump beside the PostgreSQL server binaries")
    source, target = postgres_server.create_database(), postgres_server.create_database()

    def saved(url: str, *args: str) -> subprocess.CompletedProcess[str]:
        env = {**os.environ, "DATABASE_URL": url}
        command = [sys.executable, "-m", "procurement", "saved", *args]
        done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        return done

    saved(source, "save", str(CASE), "--title", "Säkerhetskopia")
    dump = Path(tempfile.mkdtemp(prefix="vagval-dump-")) / "vagval.dump"
    try:
        for command in (
            [str(bindir / "pg_dump"), "-Fc", "-t", "vagval_*", "-f", str(dump), source],
            [str(bindir / "pg_restore"), "-d", target, "--clean", "--if-exists", str(dump)],
            # restored over the database it came from, as after a bad day
            [str(bindir / "pg_restore"), "-d", source, "--clean", "--if-exists", str(dump)],
        ):
            done = subprocess.run(command, capture_output=True, text=True, timeout=120)
            assert done.returncode == 0, done.stderr
    finally:
        shutil.rmtree(dump.parent, ignore_errors=True)
    for url in (target, source):
        listed = json.loads(saved(url, "list", "--json").stdout)
        assert [item["title"] for item in listed] == ["Säkerhetskopia"], listed
