"""Accuracy of the backbone on every reference set: WER and DER, per file and overall.

    python benchmarks/accuracy.py [--model tiny.en]

Data: $BALINT_DATA (default ../shared/data) and the demo session in examples/demo.
DER uses pyannote.metrics with collar=0.25 (pyannote's convention: 0.125 s each side)
and also collar=0.5 (±0.25 s, the md-eval convention), overlap scored.
"""

from __future__ import annotations

import argparse
import json
import os
import warnings
from pathlib import Path

from balint.analysis.evaluation import diarization_error_rate, read_rttm, read_stm_text, read_uem, word_error_rate
from balint.analysis.pipeline import AnalysisSettings, diarize_audio
from balint.analysis.speech.asr import TranscribeOptions, transcribe
from balint.analysis.speech.audio import load_audio
from balint.analysis.speech.diarize import DiarizeOptions
from balint.models.catalog import resolve_speech_model

warnings.filterwarnings("ignore", module="pyannote")
ROOT = Path(__file__).resolve().parents[1]

DATA = Path(os.environ.get("BALINT_DATA", ROOT.parent / "shared" / "data"))
DEMO = ROOT / "examples" / "demo"


def der_row(reference, hypothesis, uem=None) -> dict[str, float]:
    return {f"collar {c}": diarization_error_rate(reference, hypothesis, uem, collar=c) for c in (0.25, 0.5)}


def pooled(rows: list[dict]) -> float:
    parts = ("missed detection", "false alarm", "confusion")
    return sum(r[p] for r in rows for p in parts) / max(1e-9, sum(r["total"] for r in rows))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", default="tiny.en")
    args = parser.parse_args()
    model = resolve_speech_model(args.model)
    results: dict[str, object] = {"model": model.name}

    sample = DATA / "audio" / "pyannote_sample"
    audio = load_audio(sample / "sample.wav")
    words = transcribe(audio, model, TranscribeOptions()).words
    reference = read_rttm(sample / "sample.rttm")["sample"]
    results["pyannote_sample"] = {
        "wer": round(word_error_rate(read_stm_text(sample / "sample.stm"), " ".join(w.text for w in words)), 4),
        "der_k2": der_row(reference, diarize_audio(audio, AnalysisSettings(diarize=DiarizeOptions(speakers=2)))),
    }

    ami = DATA / "audio" / "ami_clips"
    references, uems = read_rttm(ami / "reference.rttm"), read_uem(ami / "reference.uem")
    for known in (True, False):
        rows = {}
        for uri in sorted(references):
            ref = references[uri]
            count = DiarizeOptions(speakers=len(ref.labels()) if known else None)
            hyp = diarize_audio(load_audio(ami / f"{uri}.wav"), AnalysisSettings(diarize=count))
            rows[uri] = {**der_row(ref, hyp, uems[uri]), "speakers": [len(ref.labels()), len(hyp.labels())]}
        key = "ami_known_count" if known else "ami_estimated_count"
        results[key] = {
            "per_clip_der_collar_0.25": {u: round(r["collar 0.25"]["diarization error rate"], 3) for u, r in rows.items()},
            "speakers_ref_hyp": {u: r["speakers"] for u, r in rows.items()},
            "overall_der_collar_0.25": round(pooled([r["collar 0.25"] for r in rows.values()]), 4),
            "overall_der_collar_0.5": round(pooled([r["collar 0.5"] for r in rows.values()]), 4),
            "overall_missed_share": round(sum(r["collar 0.25"]["missed detection"] for r in rows.values())
                                          / sum(r["collar 0.25"]["total"] for r in rows.values()), 4),
        }

    audio = load_audio(DEMO / "session.flac")
    reference_units = [json.loads(line) for line in (DEMO / "reference.jsonl").read_text().splitlines()]
    words = transcribe(audio, model, TranscribeOptions()).words
    reference = read_rttm(DEMO / "reference.rttm")["session"]
    results["demo"] = {
        "wer": round(word_error_rate(" ".join(u["text"] for u in reference_units), " ".join(w.text for w in words)), 4),
        "der_known_count": der_row(reference, diarize_audio(
            audio, AnalysisSettings(diarize=DiarizeOptions(speakers=len(reference.labels()))))),
        "der_estimated_count": der_row(reference, diarize_audio(audio, AnalysisSettings(diarize=DiarizeOptions()))),
    }
    print(json.dumps(results, indent=1, default=lambda v: round(v, 4)))


if __name__ == "__main__":
    main()
