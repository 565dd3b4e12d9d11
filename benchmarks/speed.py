"""Real-time factor and peak memory of each stage, each in a fresh process.

    python benchmarks/speed.py [--minutes 10] [--long-minutes 90] [--threads 2]

Audio: the demo session repeated to the requested length (in memory). RTF = processing
seconds / audio seconds. Peak memory = the stage process's maximum resident set size.
The long run times diarisation alone on a 90-minute session, to show that clustering
memory stays bounded. Numbers depend on the machine and its load: compare ratios
measured in one run.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import resource
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _audio(minutes: float):
    import numpy as np

    from balint.analysis.speech.audio import Audio, load_audio

    demo = load_audio(ROOT / "examples" / "demo" / "session.flac").samples
    repeats = int(np.ceil(minutes * 60 * 16000 / len(demo)))
    return Audio(np.tile(demo, repeats)[: int(minutes * 60 * 16000)], f"demo x{repeats}")


def _stage(stage: str, minutes: float, threads: int, speakers: int, queue) -> None:
    from balint.analysis.pipeline import AnalysisSettings, analyse_audio, diarize_audio
    from balint.analysis.speech.asr import TranscribeOptions, transcribe
    from balint.analysis.speech.diarize import DiarizeOptions
    from balint.models.catalog import resolve_speech_model

    audio = _audio(minutes)
    began = time.perf_counter()
    if stage == "transcribe":
        transcribe(audio, resolve_speech_model("tiny.en"), TranscribeOptions(threads=threads))
    elif stage == "diarize":
        diarize_audio(audio, AnalysisSettings(diarize=DiarizeOptions(speakers=speakers, threads=threads)))
    else:
        analyse_audio(audio, AnalysisSettings(transcribe=TranscribeOptions(threads=threads),
                                              diarize=DiarizeOptions(speakers=speakers, threads=threads)))
    seconds = time.perf_counter() - began
    queue.put({"stage": stage, "audio_min": round(minutes, 2), "seconds": round(seconds, 2),
               "rtf": round(seconds / (minutes * 60), 4),
               "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)})


def measure(stage: str, minutes: float, threads: int, speakers: int = 7) -> dict:
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    process = context.Process(target=_stage, args=(stage, minutes, threads, speakers, queue))
    process.start()
    result = queue.get()
    process.join()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--long-minutes", type=float, default=90)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    rows = [measure(stage, args.minutes, args.threads) for stage in ("transcribe", "diarize", "pipeline")]
    if args.long_minutes:
        rows.append(measure("diarize", args.long_minutes, args.threads))
    for row in rows:
        print(json.dumps(row))


if __name__ == "__main__":
    main()
