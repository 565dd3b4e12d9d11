"""Shared fixtures: where the reference data lives, and a way to run the real `balint` command."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "examples" / "demo"


@pytest.fixture(scope="session")
def data_dir() -> Path:
    """$BALINT_DATA, default ../shared/data beside the checkout: must exist (CI has it)."""
    path = Path(os.environ.get("BALINT_DATA", ROOT.parent / "shared" / "data"))
    assert (path / "audio").is_dir(), f"reference data not found at {path}: set BALINT_DATA"
    return path


def run_balint(*args: str, env: dict | None = None, timeout: float = 600) -> subprocess.CompletedProcess:
    """The installed command line, as a user runs it."""
    return subprocess.run([sys.executable, "-m", "recorder.cli", *args], capture_output=True, text=True,
                          timeout=timeout, cwd=ROOT, env={**os.environ, **(env or {})})


@pytest.fixture
def balint():
    return run_balint
