"""Fit the voice's question mark (models/intonation.json): how much a measured rising end weighs against the words.

    python tools/fit_intonation.py          (needs espeak-ng, scikit-learn and $BALINT_DATA/audio)

Labelled units with audio, two kinds:
- real speech: benchmarks/data/real_speech_units.jsonl, every unit the recogniser found in the shared AMI
  clips and the pyannote sample, labelled question or not by the codebook; its statements show how often
  real people's statements "rise" (the rise's false alarms);
- declaratives read both ways: lines 1–20 of benchmarks/data/intonation_pairs.txt, each by three espeak-ng
  voices once with "?" (espeak rises) and once with ".", always judged as the recogniser writes them, with a
  full stop. Lines 21–40 are the frozen test part: this script never reads them.
One logistic regression, four weights (bias, words, rise, rise where the words make a question implausible),
over units without "?" and without a question's form, as the classifier uses it.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import wave
from pathlib import Path

import numpy as np
from faster_whisper.audio import decode_audio

from balint.analysis.dynamics.classify import head_probabilities, rise_implausible
from balint.analysis.speech.audio import SAMPLE_RATE
from balint.analysis.speech.prosody import pitch_track, rising_pitch
from balint.models.utterance_model import STATEMENT_END, read_unit

ROOT = Path(__file__).resolve().parents[1]
AUDIO = Path(os.environ.get("BALINT_DATA", ROOT.parent / "shared" / "data")) / "audio"
REAL_UNITS = ROOT / "benchmarks" / "data" / "real_speech_units.jsonl"
PAIRS = ROOT / "benchmarks" / "data" / "intonation_pairs.txt"
INTONATION_PATH = ROOT / "models" / "intonation.json"  # the source tree's, not the installed copy
VOICES = ("en", "en+f3", "en-us")
FIT_LINES = 20


def espeak(text: str, voice: str) -> np.ndarray:
    """espeak-ng's rendering at 16 kHz mono float."""
    rendered = subprocess.run(["espeak-ng", "-v", voice, "--stdout", text], capture_output=True, check=True).stdout
    with wave.open(io.BytesIO(rendered)) as file:
        rate = file.getframerate()
        samples = np.frombuffer(file.readframes(file.getnframes()), np.int16).astype(np.float32) / 32768
    times = np.arange(0, len(samples) / rate, 1 / SAMPLE_RATE)
    return np.interp(times, np.arange(len(samples)) / rate, samples).astype(np.float32)


def clip_path(clip: str) -> Path:
    return AUDIO / ("pyannote_sample" if clip == "sample" else "ami_clips") / f"{clip}.wav"


def pair_lines() -> list[str]:
    return [line.strip() for line in PAIRS.read_text().splitlines() if line.strip() and not line.startswith("#")]


def real_units() -> list[tuple[str, bool | None, bool]]:
    """(text, rising, is_question) for every labelled real unit."""
    rows = [json.loads(line) for line in REAL_UNITS.read_text().splitlines()]
    tracks = {clip: pitch_track(decode_audio(str(clip_path(clip)), sampling_rate=SAMPLE_RATE))
              for clip in sorted({r["clip"] for r in rows})}
    return [(r["text"], rising_pitch(tracks[r["clip"]], [(r["start"], r["end"])])[0], r["is_question"]) for r in rows]


def spoken_pairs(lines: list[str]) -> list[tuple[str, bool | None, bool]]:
    units = []
    for line in lines:
        for voice in VOICES:
            for mark, is_question in (("?", True), (".", False)):
                audio = espeak(line + mark, voice)
                units.append((line + ".", rising_pitch(pitch_track(audio), [(0.0, len(audio) / SAMPLE_RATE)])[0],
                              is_question))
    return units


def features(units: list[tuple[str, bool | None, bool]]) -> tuple[np.ndarray, np.ndarray]:
    """Rows of (logit p(question) of the words without their full stop, rise, rise × implausible); the labels."""
    units = [u for u in units if u[1] is not None]
    bare = [read_unit(STATEMENT_END.sub("", text)) for text, _, _ in units]
    p = np.clip(head_probabilities(bare, [None] * len(bare))[:, 0], 1e-3, 1 - 1e-3)
    rising = np.array([float(r) for _, r, _ in units])
    implausible = np.array([float(rise_implausible(reading)) for reading in bare])
    return np.column_stack([np.log(p / (1 - p)), rising, rising * implausible]), np.array([q for *_, q in units])


def main() -> None:
    from sklearn.linear_model import LogisticRegression  # fitting only: the benchmark reuses this module without it

    real = [u for u in real_units() if not u[0].rstrip().endswith("?")]  # the classifier never asks the voice then
    x_real, y_real = features(real)
    x_pairs, y_pairs = features(spoken_pairs(pair_lines()[:FIT_LINES]))
    x, y = np.vstack([x_real, x_pairs]), np.concatenate([y_real, y_pairs])
    model = LogisticRegression(C=1.0).fit(x, y)
    words, rise, rise_where_implausible = (round(float(w), 4) for w in model.coef_[0])
    card = {
        "weights": {"bias": round(float(model.intercept_[0]), 4), "words": words, "rise": rise,
                    "rise_where_implausible": rise_where_implausible},
        "fitted_on": {"real_units_without_question_mark": len(y_real), "real_questions": int(y_real.sum()),
                      "espeak_units": len(y_pairs), "espeak_lines": FIT_LINES, "voices": list(VOICES)},
        "real_statements_rising": f"{int(x_real[~y_real, 1].sum())} of {int((~y_real).sum())}",
    }
    INTONATION_PATH.write_text(json.dumps(card, indent=1) + "\n")
    print(json.dumps(card, indent=1))


if __name__ == "__main__":
    main()
