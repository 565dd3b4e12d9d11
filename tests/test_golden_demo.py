"""Behaviour kept: the bundled demo, analysed from audio, gives the same analysis as the committed golden file.

The golden file was written by the version before the code-shape change; timings and model paths
are left out (they vary by machine), everything a supervisor reads is compared.
"""

import json
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow
GOLDEN = Path(__file__).parent / "fixtures" / "demo_golden_session.json"
UNIT_FIELDS = ("id", "speaker", "start", "end", "text", "role", "label", "flags", "confidence", "cues")


def test_the_demo_analysis_is_unchanged(demo_audio_report):
    golden = json.loads(GOLDEN.read_text())
    session = json.loads((demo_audio_report / "session.json").read_text())
    assert session["duration_s"] == golden["duration_s"]
    assert session["speakers"] == golden["speakers"] and session["turns"] == golden["turns"]
    assert len(session["units"]) == len(golden["units"]) == 81
    for now, before in zip(session["units"], golden["units"]):
        assert {k: now[k] for k in UNIT_FIELDS} == {k: before[k] for k in UNIT_FIELDS}
    for key in ("roles", "phases", "episodes", "observations"):
        assert session[key] == golden[key], key
