"""How the rule files are read (issue 16): every YAML entry of a directory is a regular file or
an error naming it, and every read is bounded. The route rules, the supplier checks, the clause
library and the amounts entered locally share the reader, so each is checked here.

The invalid-rules fixtures 53–55 (tests/test_loader_invalid.py) hold the same defects for the
route rules with their file and line; here they are made in temporary folders for the other
loaders, with what a fixture cannot hold (a named pipe, a file over the limit, /dev/zero).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from procurement.clauses.library import DEFAULT_CLAUSES_DIR, load_library
from procurement.core.errors import RuleLoadError
from procurement.core.limits import RULE_FILE_BYTES
from procurement.core.loader import DEFAULT_RULES_DIR, DEFAULT_SUPPLIER_RULES_DIR, load_ruleset
from procurement.core.ruleset import RuleSet
from procurement.core.yamlsource import read_source, read_yaml
from tests.conftest import FIXTURES, ROOT

MINIMAL = FIXTURES / "minimal_rules" / "rules.yaml"
LOCAL = FIXTURES / "local_amounts" / "troskelvarden-2026.yaml"


@pytest.fixture(scope="module")
def shipped() -> RuleSet:
    return load_ruleset(DEFAULT_RULES_DIR)


def _copy(source: Path, target: Path) -> Path:
    """The top-level YAML files of ``source`` (a folder or one file) copied into ``target``."""
    target.mkdir()
    files = [source] if source.is_file() else sorted(source.glob("*.yaml"))
    for path in files:
        shutil.copy(path, target / path.name)
    return target


def _loaders(shipped: RuleSet) -> dict[str, tuple[Path, Callable[[Path], object]]]:
    """Each loader that reads a directory of YAML files, with a valid directory for it."""
    return {
        "rules": (DEFAULT_RULES_DIR, load_ruleset),
        "supplier": (DEFAULT_SUPPLIER_RULES_DIR, load_ruleset),
        "clauses": (DEFAULT_CLAUSES_DIR, lambda d: load_library(shipped, d)),
        "local_amounts": (LOCAL, lambda d: load_ruleset(DEFAULT_RULES_DIR, d)),
    }


LOADERS = ["rules", "supplier", "clauses", "local_amounts"]


def _issue(call: Callable[[], object]) -> tuple[str, int, str]:
    with pytest.raises(RuleLoadError) as info:
        call()
    first = info.value.issues[0]
    return first.file, first.line, first.message


def _entries(folder: Path) -> dict[str, tuple[Callable[[Path], None], str]]:
    """Entries that are not regular files, each named like a rule file, and what they are."""
    return {
        "folder": (lambda p: p.mkdir(), "a directory"),
        "device": (lambda p: p.symlink_to("/dev/zero"), "a symbolic link to a character device"),
        "dangling": (lambda p: p.symlink_to(folder / "gone.yaml"), "a symbolic link to nothing"),
        "pipe": (lambda p: os.mkfifo(p), "a named pipe"),
        "link_to_folder": (
            lambda p: (folder / "sub").mkdir() or p.symlink_to(folder / "sub"),
            "a symbolic link to a directory",
        ),
    }


@pytest.mark.parametrize("loader", LOADERS)
@pytest.mark.parametrize("entry", ["folder", "device", "dangling", "pipe", "link_to_folder"])
def test_an_entry_that_is_not_a_regular_file_is_an_error_naming_it(
    shipped: RuleSet, tmp_path: Path, loader: str, entry: str
) -> None:
    """Before issue 16 a folder or a link to a device named like a rule file was skipped
    without a word, and the rules loaded without it."""
    source, load = _loaders(shipped)[loader]
    folder = _copy(source, tmp_path / "rules")
    load(folder)  # the copy itself is valid
    bad = folder / "zz_extra.yml"
    make, what = _entries(folder)[entry]
    make(bad)
    file, line, message = _issue(lambda: load(folder))
    assert (file, line) == (str(bad), 1)
    assert message == f"not a regular file: this is {what}"


@pytest.mark.parametrize("loader", LOADERS)
def test_a_symbolic_link_to_a_regular_file_is_read_like_the_file(
    shipped: RuleSet, tmp_path: Path, loader: str
) -> None:
    """The decision: a link to a regular file is followed (a Kubernetes ConfigMap mounts each
    file as such a link); the rule set is the same as read from the real files."""
    source, load = _loaders(shipped)[loader]
    real = _copy(source, tmp_path / "real")
    linked = tmp_path / "linked"
    linked.mkdir()
    for path in sorted(real.iterdir()):
        (linked / path.name).symlink_to(path)
    direct, through_links = load(real), load(linked)
    assert getattr(direct, "version") == getattr(through_links, "version")  # noqa: B009


@pytest.mark.parametrize("loader", LOADERS)
def test_a_file_over_the_limit_is_refused_and_one_at_the_limit_is_read(
    shipped: RuleSet, tmp_path: Path, loader: str
) -> None:
    source, load = _loaders(shipped)[loader]
    folder = _copy(source, tmp_path / "rules")
    first = sorted(folder.glob("*.yaml"))[0]
    text = first.read_bytes()
    padding = RULE_FILE_BYTES - len(text) - 1
    first.write_bytes(text + b"\n#" + b"x" * (padding - 1))
    assert first.stat().st_size == RULE_FILE_BYTES
    load(folder)
    first.write_bytes(first.read_bytes() + b"x")
    file, line, message = _issue(lambda: load(folder))
    assert (file, line, message) == (str(first), 1, "the file is larger than 1 MB")


def test_a_device_given_as_the_rule_file_is_refused_without_reading_it() -> None:
    """/dev/zero would be read until memory runs out; it is refused by what it is."""
    for call in (
        lambda: load_ruleset(Path("/dev/zero")),
        lambda: load_ruleset(DEFAULT_RULES_DIR, Path("/dev/zero")),
        lambda: read_yaml(Path("/dev/zero")),
    ):
        file, line, message = _issue(call)
        assert (file, line) == ("/dev/zero", 1)
        assert message == "not a regular file: this is a character device"


def test_the_read_is_bounded_even_for_a_regular_file(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    big.write_bytes(b"#" * 100)
    assert len(read_source(big, limit=100)) == 100
    with pytest.raises(RuleLoadError, match="larger than 99 bytes"):
        read_source(big, limit=99)


def test_lint_names_a_pipe_in_the_rules_directory_and_does_not_wait(tmp_path: Path) -> None:
    folder = _copy(MINIMAL, tmp_path / "rules")
    os.mkfifo(folder / "more.yaml")
    proc = subprocess.run(
        [sys.executable, "-m", "procurement", "lint", str(folder)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,  # a guard against hanging on the pipe, not a measurement
    )
    assert proc.returncode == 1, proc.stderr
    assert proc.stderr.splitlines() == [
        f"error: {folder / 'more.yaml'}:1: not a regular file: this is a named pipe",
        f"1 problem(s) in {folder}",
    ]


def test_the_version_digest_is_of_the_bytes_read(tmp_path: Path) -> None:
    """The digest and the parsed rules come from one read of each file."""
    folder = _copy(MINIMAL, tmp_path / "rules")
    before = load_ruleset(folder).version
    path = folder / "rules.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "# a comment\n", encoding="utf-8")
    assert load_ruleset(folder).version != before


def test_a_clause_condition_dividing_by_zero_is_refused(shipped: RuleSet, tmp_path: Path) -> None:
    """The clause library compiles its conditions with the rules' compiler: the same checks."""
    folder = _copy(DEFAULT_CLAUSES_DIR, tmp_path / "clauses")
    path = next(p for p in sorted(folder.glob("*.yaml")) if "\n    when: " in p.read_text())
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if line.startswith("    when: "))
    lines[at] = "    when: estimated_value_sek / (2 - 2) > 1\n"
    path.write_text("".join(lines), encoding="utf-8")
    file, line, message = _issue(lambda: load_library(shipped, folder))
    assert (file, line) == (str(path), at + 1)
    assert "division by zero: the divisor is always 0 (column 21)" in message
