"""--no-quotes: no utterance text in any output file or on the terminal."""

import json
import re

from tests.conftest import DEMO


def spoken_phrases():
    """Every reference unit's text, and each distinctive word of the case."""
    rows = [json.loads(line) for line in (DEMO / "reference.jsonl").read_text().splitlines()]
    return [r["text"] for r in rows if len(r["text"].split()) >= 3] + ["thyroid", "antidepressants", "biscuits", "Harper"]


def assert_quote_free(text: str, where: str) -> None:
    lowered = text.lower()
    for phrase in spoken_phrases():
        assert phrase.lower() not in lowered, f"{phrase!r} in {where}"
    assert not re.search(r"did you check|you should set", lowered), where


def test_no_utterance_text_anywhere(balint, tmp_path, demo_transcript):
    out = tmp_path / "private"
    result = balint("analyse", "--transcript", str(demo_transcript), "--out", str(out), "--no-quotes")
    assert result.returncode == 0, result.stderr
    files = sorted(out.iterdir())
    assert {f.name for f in files} == {"session.json", "report.html"}
    for path in files:
        assert_quote_free(path.read_text(), path.name)
    assert_quote_free(result.stdout, "stdout")
    session = json.loads((out / "session.json").read_text())
    assert session["episodes"] and all(u["label"] for u in session["units"])  # the analysis itself is kept

    rerendered = tmp_path / "again"
    result = balint("report", str(out / "session.json"), "--out", str(rerendered))
    assert result.returncode == 0
    for path in rerendered.iterdir():
        assert_quote_free(path.read_text(), f"re-rendered {path.name}")
    assert json.loads((rerendered / "session.json").read_text())["episodes"] == session["episodes"]


def test_quotes_are_there_by_default(balint, tmp_path, demo_transcript):
    out = tmp_path / "r"
    assert balint("analyse", "--transcript", str(demo_transcript), "--out", str(out)).returncode == 0
    assert "Did you check her thyroid?" in (out / "report.html").read_text()
