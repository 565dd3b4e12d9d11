"""`balint classify`: JSON Lines or text in, labelled JSON Lines out; a bad line never costs the others."""

import json
import subprocess
import sys

from tests.conftest import ROOT


def run(stdin: bytes, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "balint.recorder.cli", "classify", *args], input=stdin,
                          capture_output=True, cwd=ROOT, timeout=120)


def test_json_lines_keep_their_fields_and_gain_labels():
    result = run(b'{"id": "u1", "text": "Did you check her thyroid?", "speaker": "B"}\n'
                 b'{"id": "u2", "text": "I feel really sad listening to this."}\n')
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(r["id"], r["label"]) for r in records] == [("u1", "QUESTION"), ("u2", "FEELING")]
    assert records[0]["speaker"] == "B" and "closed" in records[0]["flags"]
    assert all({"flags", "confidence", "cues"} <= set(r) for r in records)


def test_plain_text_lines_are_numbered():
    result = run(b"You should refer her.\nMaybe she is lonely.\n")
    assert [json.loads(line)["label"] for line in result.stdout.splitlines()] == ["ADVICE", "SPECULATION"]
    assert json.loads(result.stdout.splitlines()[1])["id"] == 2


def test_bad_lines_are_reported_and_skipped_and_the_rest_survive():
    stdin = (b"Did you check her thyroid?\n"
             b"\n"
             b"\xff\xfe\x00 not text\n"
             b'{"id": 4, "text": \n'
             b'["not", "an", "object"]\n'
             b'{"id": 6}\n'
             + b"x" * 1_048_576 + b"\n"
             b"I'm angry with her.\n")
    result = run(stdin)
    labels = [json.loads(line)["label"] for line in result.stdout.splitlines()]
    assert labels == ["QUESTION", "OTHER", "FEELING"]  # line 5 is a plain-text line that happens to look like JSON
    errors = result.stderr.decode().splitlines()
    assert any("line 3: not UTF-8" in e for e in errors)
    assert any("line 4: invalid JSON" in e for e in errors)
    assert any("line 6:" in e and '"text"' in e for e in errors)
    assert any("line 7:" in e and "limit" in e for e in errors)
    assert result.returncode == 1 and "Traceback" not in result.stderr.decode()


def test_a_missing_file_is_one_line():
    result = run(b"", "/nonexistent/units.jsonl")
    assert result.returncode == 1 and len(result.stderr.decode().strip().splitlines()) == 1


def test_a_measured_rising_pitch_makes_a_question_of_a_declarative():
    lines = [{"id": 1, "text": "so he came back the same afternoon", "rising_pitch": True},
             {"id": 2, "text": "so he came back the same afternoon", "rising_pitch": False},
             {"id": 3, "text": "so he came back the same afternoon", "rising_pitch": "yes"}]  # not a boolean: ignored
    result = run("".join(json.dumps(line) + "\n" for line in lines).encode())
    assert [json.loads(line)["label"] for line in result.stdout.splitlines()] == ["QUESTION", "OTHER", "OTHER"]
