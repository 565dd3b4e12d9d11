"""The benchmark scripts still run against today's code (numbers are theirs to print, not ours to assert):
the recorder's stop-to-report path on a short replay, so that a change to the recorder cannot silently
break the benchmark that measures it."""

import json
import subprocess
import sys

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.slow


def test_the_stop_to_report_benchmark_runs_the_recorders_own_path():
    result = subprocess.run([sys.executable, "benchmarks/recording.py", "--minutes", "0.5", "--speed", "4",
                             "--participants", "3"], capture_output=True, text=True, timeout=600, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    printed = json.loads(result.stdout)
    assert printed["backend"] == "overlap" and printed["chunks"] >= 3 and printed["units"] > 0
    assert printed["stop_to_report_s"] > 0


def test_the_history_benchmark_reads_every_session_it_wrote():
    result = subprocess.run([sys.executable, "benchmarks/history.py", "--sessions", "20"], capture_output=True,
                            text=True, timeout=300, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    printed = json.loads(result.stdout)
    assert printed["rows_read"] == printed["sessions"] == 20 and printed["table_s"] > 0 and printed["csv_s"] > 0


def test_the_leader_move_benchmark_scores_the_development_sessions():
    result = subprocess.run([sys.executable, "benchmarks/leader_moves.py", "--part", "dev"], capture_output=True,
                            text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("move accuracy") == 2 and "interrogation episodes" in result.stdout
