"""Shared fixtures: where the reference data lives, and a way to run the real `balint` command."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "examples" / "demo"


@pytest.fixture(scope="module")
def page():
    """A page in a real headless browser (Debian's chromium, driven by playwright), with no network of its own."""
    import shutil

    from playwright.sync_api import sync_playwright

    with sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=shutil.which("chromium") or "/usr/bin/chromium", args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run", "--disable-quic"])
        page = browser.new_page(viewport={"width": 1200, "height": 900})
        yield page
        browser.close()


@pytest.fixture(scope="session")
def data_dir() -> Path:
    """$BALINT_DATA, default ../shared/data beside the checkout: must exist (CI has it)."""
    path = Path(os.environ.get("BALINT_DATA", ROOT.parent / "shared" / "data"))
    assert (path / "audio").is_dir(), f"reference data not found at {path}: set BALINT_DATA"
    return path


def run_balint(*args: str, env: dict | None = None, timeout: float = 600) -> subprocess.CompletedProcess:
    """The installed command line, as a user runs it."""
    return subprocess.run([sys.executable, "-m", "balint.recorder.cli", *args], capture_output=True, text=True,
                          timeout=timeout, cwd=ROOT, env={**os.environ, **(env or {})})


@pytest.fixture
def balint():
    return run_balint


@pytest.fixture(scope="session")
def demo_transcript(tmp_path_factory) -> Path:
    """The demo's reference transcript with only speaker, start, end and text: roles and phases left to infer."""
    import json

    path = tmp_path_factory.mktemp("transcript") / "demo.jsonl"
    rows = [json.loads(line) for line in (DEMO / "reference.jsonl").read_text().splitlines()]
    path.write_text("".join(json.dumps({k: r[k] for k in ("speaker", "start", "end", "text")}) + "\n" for r in rows))
    return path


@pytest.fixture(scope="session")
def demo_audio_report(tmp_path_factory) -> Path:
    """The bundled demo analysed from audio through the real command line, once per test run.

    It runs under strace, with a fresh HOME, so that the privacy tests can read its system calls
    (`demo_audio_report.parent / "strace.log"`) without analysing the demo a second time. It runs the
    default diariser, as `make demo` and the README do: the demo's seven voices sit at their own seats
    in one room (examples/demo/render.py), and the default tells them apart (DER 0.012).
    """
    from tests.syscalls import traced_balint

    workdir = tmp_path_factory.mktemp("demo-audio")
    out = workdir / "report"
    result, _ = traced_balint(workdir, "analyse", str(DEMO / "session.flac"), "--speakers", "7",
                               "--out", str(out))
    assert result.returncode == 0, result.stderr
    (out / "stdout.txt").write_text(result.stdout)
    return out
