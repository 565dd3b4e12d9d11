"""Real-time factor and peak memory of each stage, each in a fresh process.

    python benchmarks/speed.py [--audio ami|demo] [--minutes 10] [--long-minutes 90] [--threads 2]

Audio: the shared AMI meeting clips (real far-field speech; `BALINT_DATA`, default ../shared/data), or
the demo session, repeated to the requested length in memory. Stages: tiny.en transcription, each
diariser (the default overlap-aware one and the fast GE2E one), the whole pipeline. RTF = processing
seconds / audio seconds. Peak memory = the stage process's maximum resident set size. The long run
times the default diariser alone on a 90-minute session, to show that memory stays bounded. Numbers
depend on the machine and its load: compare ratios measured in one run.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import resource
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


AMI = Path(os.environ.get("BALINT_DATA", ROOT.parent / "shared" / "data")) / "audio" / "ami_clips"


def _audio(source: str, minutes: float):
    import numpy as np

    from balint.analysis.speech.audio import Audio, load_audio

    paths = sorted(AMI.glob("*.wav")) if source == "ami" else [ROOT / "examples" / "demo" / "session.flac"]
    samples = np.concatenate([load_audio(path).samples for path in paths])
    repeats = int(np.ceil(minutes * 60 * 16000 / len(samples)))
    return Audio(np.tile(samples, repeats)[: int(minutes * 60 * 16000)], f"{source} x{repeats}")


def _stage(stage: str, source: str, minutes: float, threads: int, queue) -> None:
    from balint.analysis.pipeline import AnalysisSettings, analyse_audio, diarize_audio
    from balint.analysis.speech.asr import TranscribeOptions, transcribe
    from balint.analysis.speech.diarize import DiarizeOptions
    from balint.models.catalog import resolve_speech_model

    audio = _audio(source, minutes)
    diarize = DiarizeOptions(speakers=7 if source == "demo" else None, threads=threads)
    began = time.perf_counter()
    if stage == "transcribe tiny.en":
        transcribe(audio, resolve_speech_model("tiny.en"), TranscribeOptions(threads=threads))
    elif stage.startswith("diarize"):
        backend = stage.split()[-1]
        diarize_audio(audio, AnalysisSettings(backend=backend, diarize=diarize))  # type: ignore[arg-type]
    else:
        analyse_audio(audio, AnalysisSettings(transcribe=TranscribeOptions(threads=threads), diarize=diarize))
    seconds = time.perf_counter() - began
    queue.put({"stage": stage, "audio": source, "audio_min": round(minutes, 2), "seconds": round(seconds, 2),
               "rtf": round(seconds / (minutes * 60), 4),
               "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)})


def measure(stage: str, source: str, minutes: float, threads: int) -> dict:
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    process = context.Process(target=_stage, args=(stage, source, minutes, threads, queue))
    process.start()
    result = queue.get()
    process.join()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--audio", choices=("ami", "demo"), default="ami")
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--long-minutes", type=float, default=90)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    stages = ("transcribe tiny.en", "diarize overlap", "diarize embedded", "pipeline")
    rows = [measure(stage, args.audio, args.minutes, args.threads) for stage in stages]
    if args.long_minutes:
        rows.append(measure("diarize overlap", args.audio, args.long_minutes, args.threads))
    for row in rows:
        print(json.dumps(row))
    tiny = rows[0]["seconds"]
    print(json.dumps({"diarisation time / tiny.en transcription time": {
        row["stage"]: round(row["seconds"] / tiny, 2) for row in rows[1:3]}}))


if __name__ == "__main__":
    main()
