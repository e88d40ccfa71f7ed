"""Every limit on what Vägval reads is written once, in procurement/core/limits.py: the
command line, the batches, the app and Streamlit's own upload limit agree with it."""

from __future__ import annotations

import ast
import re
import tomllib
from pathlib import Path
from typing import Any

import pytest

from procurement.batch import tables
from procurement.core import limits
from procurement.core.limits import JSON_BYTES, MB, TABLE_BYTES, UPLOAD_MB, larger_than, shown_size
from procurement.ui.texts import t
from tests.conftest import ROOT

PACKAGE = ROOT / "procurement"


def test_the_limits() -> None:
    assert JSON_BYTES == 1 * MB
    assert TABLE_BYTES == 20 * MB
    assert UPLOAD_MB == 20
    assert max(JSON_BYTES, TABLE_BYTES) <= UPLOAD_MB * MB


def test_the_messages_are_derived_from_the_values() -> None:
    assert shown_size(JSON_BYTES) == "1 MB"
    assert shown_size(TABLE_BYTES) == "20 MB"
    assert shown_size(MB // 2) == "512 KB"
    assert shown_size(1000) == "1000 bytes"
    assert larger_than(TABLE_BYTES) == "the file is larger than 20 MB"
    assert t("upload_too_large", "sv", limit=shown_size(JSON_BYTES)) == "filen är större än 1 MB"
    assert t("upload_too_large", "en", limit="3 MB") == "the file is larger than 3 MB"
    assert t("batch_help", "en", limit=shown_size(TABLE_BYTES)).endswith("At most 20 MB.")
    assert tables.MAX_TABLE_BYTES == TABLE_BYTES


def test_streamlit_config_upload_limit_is_the_table_limit() -> None:
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["maxUploadSize"] == UPLOAD_MB == TABLE_BYTES // MB


def test_the_launcher_passes_the_upload_limit_and_an_argument_wins(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    pytest.importorskip("streamlit")
    from streamlit.web import cli as streamlit_cli

    from procurement.ui import launch

    assert ("--server.maxUploadSize", str(UPLOAD_MB)) == launch.UPLOAD_OPTIONS
    seen: list[dict[str, Any]] = []

    def run(_script: str, _args: Any = None, flag_options: dict[str, Any] | None = None) -> None:
        seen.append(dict(flag_options or {}))

    monkeypatch.setattr(streamlit_cli, "_main_run", run)
    for args, expected in (([], UPLOAD_MB), (["--server.maxUploadSize", "50"], 50)):
        with pytest.raises(SystemExit) as done:
            launch.serve(args)
        assert done.value.code in (0, None)
        assert seen.pop()["server_maxUploadSize"] == expected


def _numbers(tree: ast.AST) -> list[tuple[int, str]]:
    """Where a size in bytes is written as a product with 1024."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mult):
            for side in (node.left, node.right):
                if isinstance(side, ast.Constant) and side.value == 1024:
                    found.append((node.lineno, ast.unparse(node)))
    return found


def test_no_other_module_writes_a_size_limit() -> None:
    written = {
        f"{path.relative_to(ROOT)}:{line}: {text}"
        for path in PACKAGE.rglob("*.py")
        if path != Path(limits.__file__)
        for line, text in _numbers(ast.parse(path.read_text(encoding="utf-8")))
    }
    assert written == set()


def test_no_text_writes_a_size_by_hand() -> None:
    size = re.compile(r"\b\d+\s?(MB|KB|MiB|kB)\b")
    found = [
        f"{path.relative_to(ROOT)}:{i}"
        for path in [*PACKAGE.rglob("*.py"), *(ROOT / "data" / "texts").glob("*.yaml")]
        if path != Path(limits.__file__)
        for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if size.search(line)
    ]
    assert found == []
