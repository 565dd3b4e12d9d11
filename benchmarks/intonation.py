"""The voice's question mark, measured: declaratives told by intonation alone, and the rise's false alarms.

    python benchmarks/intonation.py        (needs espeak-ng and $BALINT_DATA/audio)

1. The frozen test lines (21–40) of benchmarks/data/intonation_pairs.txt, each read by espeak-ng once as a
   question ("?", espeak rises) and once as a statement ("."), placed in one recording with two voices taking
   turns, through `balint analyse` (recogniser, pitch, diariser, classifier): how many questions come out
   QUESTION, how many statements do not. The recogniser writes a full stop on nearly all of them.
2. Every unit of the shared real clips (benchmarks/data/real_speech_units.jsonl, labelled by the codebook):
   how often a real statement's end "rises", and how many statements the classifier then calls QUESTION.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import wave
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))
from fit_intonation import FIT_LINES, espeak, pair_lines, real_units  # noqa: E402

from balint.analysis.dynamics.classify import classify_batch  # noqa: E402
from balint.analysis.speech.audio import SAMPLE_RATE  # noqa: E402

GAP_S = 1.2


def spoken_session(lines: list[str]) -> tuple[np.ndarray, list[tuple[float, float, bool]]]:
    """One recording: each line as question and statement, in a fixed shuffled order, two voices alternating."""
    order = [(line, mark) for line in lines for mark in ("?", ".")]
    order = [order[i] for i in np.random.default_rng(7).permutation(len(order))]
    pieces, spans, now = [], [], 0.0
    for k, (line, mark) in enumerate(order):
        audio = espeak(line + mark, ("en", "en+f3")[k % 2])
        pieces += [audio, np.zeros(int(GAP_S * SAMPLE_RATE), np.float32)]
        spans.append((now, now + len(audio) / SAMPLE_RATE, mark == "?"))
        now += len(audio) / SAMPLE_RATE + GAP_S
    return np.concatenate(pieces), spans


def through_analyse(lines: list[str]) -> dict:
    audio, spans = spoken_session(lines)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "pairs.wav"
        with wave.open(str(path), "wb") as file:
            file.setnchannels(1), file.setsampwidth(2), file.setframerate(SAMPLE_RATE)
            file.writeframes((np.clip(audio, -1, 1) * 32767).astype(np.int16).tobytes())
        done = subprocess.run([str(Path(sys.executable).parent / "balint"), "analyse", str(path), "--speakers", "2",
                               "--backend", "embedded", "--no-quotes", "--out", str(Path(folder) / "out")],
                              capture_output=True, text=True)
        if done.returncode:
            sys.exit(done.stderr.strip())
        units = json.loads((Path(folder) / "out" / "session.json").read_text())["units"]
    said = {True: [0, 0, 0], False: [0, 0, 0]}  # per kind: sentences, called QUESTION, measured rising
    for start, end, is_question in spans:
        mine = [u for u in units if min(u["end"], end) - max(u["start"], start) > 0.5 * (u["end"] - u["start"])]
        said[is_question][0] += 1
        said[is_question][1] += any(u["label"] == "QUESTION" for u in mine)
        said[is_question][2] += any(u.get("rising_pitch") for u in mine)
    return {"declarative_questions_called_question": f"{said[True][1]} of {said[True][0]}",
            "questions_measured_rising": f"{said[True][2]} of {said[True][0]}",
            "statements_kept_apart": f"{said[False][0] - said[False][1]} of {said[False][0]}",
            "statements_measured_rising": f"{said[False][2]} of {said[False][0]}"}


def real_speech() -> dict:
    units = real_units()
    results = classify_batch([text for text, _, _ in units], None, [rising for _, rising, _ in units])
    statements = [(rising, r) for (_, rising, q), r in zip(units, results) if not q]
    questions = [(rising, r) for (_, rising, q), r in zip(units, results) if q]
    return {"statements": len(statements),
            "statements_rising": f"{sum(bool(s) for s, _ in statements)} of {sum(s is not None for s, _ in statements)} "
                                 "with a measured end",
            "statements_called_question": sum(r.label == "QUESTION" for _, r in statements),
            "questions_found": f"{sum(r.label == 'QUESTION' for _, r in questions)} of {len(questions)}"}


def main() -> None:
    lines = pair_lines()
    report = {"frozen_test_lines_through_balint_analyse": through_analyse(lines[FIT_LINES:]),
              "real_speech_units": real_speech()}
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    if not (Path(os.environ.get("BALINT_DATA", Path(__file__).resolve().parents[2] / "shared" / "data")) / "audio").is_dir():
        sys.exit("error: no shared audio: set BALINT_DATA")
    main()
