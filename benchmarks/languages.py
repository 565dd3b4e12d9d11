"""Which language is heard, and how well each speech model transcribes it, on real speech.

    python benchmarks/languages.py [--languages de en fr] [--compare]

Each FLEURS clip (`benchmarks/data/fleurs`, real read speech, CC BY 4.0) goes through what `balint analyse`
does with no language given: the multilingual model hears the language in the first speech, then English is
transcribed by tiny.en and every other language by the multilingual base. Printed per language: how often the
language was heard right (and the lowest probability), pooled WER with the model used, and the real-time factor
of transcription. `--compare` also runs the model the routing did not choose (tiny.en on German, base on English),
the evidence for the routing. The pyannote sample (English, real far-field speech with a reference transcript)
is added for English where `$BALINT_DATA` has it.
"""

from __future__ import annotations

import argparse
import os
import resource
import time
from collections import defaultdict
from dataclasses import replace
from pathlib import Path

from balint.analysis.evaluation import read_stm_text, word_errors
from balint.analysis.pipeline import AnalysisSettings, settle_language, speech_model
from balint.analysis.speech.asr import release_speech_model, transcribe
from balint.analysis.speech.audio import load_audio
from balint.analysis.types import StageClock

ROOT = Path(__file__).resolve().parents[1]
FLEURS = ROOT / "benchmarks" / "data" / "fleurs"
SAMPLE = Path(os.environ.get("BALINT_DATA", ROOT.parent / "shared" / "data")) / "audio" / "pyannote_sample"


def clips(languages: list[str]) -> list[tuple[str, Path, str]]:
    """(language, audio, reference words)."""
    found = [(path.stem.split("-")[1], path, path.with_suffix(".txt").read_text())
             for path in sorted(FLEURS.glob("fleurs-*.ogg")) if path.stem.split("-")[1] in languages]
    if "en" in languages and (SAMPLE / "sample.wav").is_file():
        found.append(("en", SAMPLE / "sample.wav", read_stm_text(SAMPLE / "sample.stm")))
    return found


def run(languages: list[str], compare: bool) -> None:
    rows: dict[tuple[str, str], list[float]] = defaultdict(lambda: [0, 0, 0.0, 0.0])  # errors, words, seconds, audio s
    heard: dict[str, list[tuple[str, float]]] = defaultdict(list)
    for language, path, reference in clips(languages):
        audio = load_audio(path)
        settings, detected = settle_language(audio, AnalysisSettings(), StageClock())
        heard[language].append((detected.language, detected.probability) if detected else ("-", 0.0))
        choices = [settings]
        if compare:
            other = "base" if settings.transcribe.language == "en" else "tiny.en"
            choices.append(replace(settings, model=other, transcribe=replace(settings.transcribe, language="en"))
                           if other == "tiny.en" else replace(settings, model=other))
        for choice in choices:
            model = speech_model(choice)
            started = time.perf_counter()
            words = transcribe(audio, model, choice.transcribe).words
            seconds = time.perf_counter() - started
            errors, count = word_errors(reference, " ".join(w.text for w in words), language)
            row = rows[(language, f"{model.name}{'' if choice is settings else ' (not chosen)'}")]
            row[0] += errors
            row[1] += count
            row[2] += seconds
            row[3] += audio.duration_s
            if choice is not settings:
                release_speech_model()
    print(f"{'language':8s} {'heard right':>11s} {'lowest p':>8s}  {'model':22s} {'WER':>6s} {'words':>6s} {'RTF':>6s}")
    for language in languages:
        found = heard[language]
        right = sum(code == language for code, _ in found)
        lowest = min((p for code, p in found if code == language), default=0.0)
        for (lang, model), (errors, count, seconds, audio_s) in sorted(rows.items()):
            if lang == language:
                print(f"{language:8s} {right:>5d} of {len(found):<3d} {lowest:8.2f}  {model:22s} {errors / count:6.3f} "
                      f"{count:6d} {seconds / audio_s:6.3f}")
    print(f"peak memory {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--languages", nargs="+", default=["de", "en", "fr"])
    parser.add_argument("--compare", action="store_true", help="also run the model the routing did not choose")
    args = parser.parse_args()
    run(args.languages, args.compare)


if __name__ == "__main__":
    main()
