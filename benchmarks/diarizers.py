"""Both embedded diarisers on the same real and synthetic sets, in one run: DER and its parts, the share of
the output that is overlapped speech, and the real-time factor (2 threads); per file in the JSON rows.
Then the group table: the default diariser on composites of 2 to 12 real voices (group_composite.py),
with the count as a maximum and estimated.

    python benchmarks/diarizers.py            # prints a table per set, then the pooled rows as JSON

Scoring: pyannote.metrics, collar 0.25 (0.125 s each side), overlap scored; AMI inside reference.uem.
The shared AMI clips are training meetings of segmentation-3.0: they flatter the overlap-aware diariser.
"""

from __future__ import annotations

import json
import os
import sys
import time
import warnings
from pathlib import Path

from balint.analysis.evaluation import diarization_error_rate, read_rttm, read_uem
from balint.analysis.pipeline import AnalysisSettings, diarize_audio
from balint.analysis.speech.audio import Audio, load_audio
from balint.analysis.speech.diarize import DiarizeOptions

sys.path.insert(0, str(Path(__file__).resolve().parent))
from group_composite import compose  # noqa: E402

warnings.filterwarnings("ignore", module="pyannote")
ROOT = Path(__file__).resolve().parents[1]
DATA = Path(os.environ.get("BALINT_DATA", ROOT.parent / "shared" / "data")) / "audio"
PARTS = ("missed detection", "false alarm", "confusion")
GROUP_SIZES = range(2, 13)


def composite(voices: int, seed: int = 0) -> tuple[str, Audio, object, None]:
    samples, reference = compose(DATA / "ami_clips", voices, seed)
    return f"group{voices}", Audio(samples, f"group{voices}"), reference, None


def sets() -> list[tuple[str, list[tuple[str, Path, object, object]]]]:
    ami = DATA / "ami_clips"
    references, regions = read_rttm(ami / "reference.rttm"), read_uem(ami / "reference.uem")
    sample = DATA / "pyannote_sample"
    return [
        ("AMI clips", [(uri, ami / f"{uri}.wav", ref, regions.get(uri)) for uri, ref in sorted(references.items())]),
        ("pyannote sample", [("sample", sample / "sample.wav", read_rttm(sample / "sample.rttm")["sample"], None)]),
        ("nine real voices (AMI composite)", [composite(9)]),
        ("demo (espeak voices)", [("session", ROOT / "examples" / "demo" / "session.flac",
                                   read_rttm(ROOT / "examples" / "demo" / "reference.rttm")["session"], None)]),
    ]


def run(backend: str, count_as: str, files) -> dict:
    totals = dict.fromkeys(("total", *PARTS), 0.0)
    overlapped = speech = audio_s = seconds = 0.0
    per_file = {}
    for uri, path, reference, region in files:
        n = len(reference.labels())
        options = {"exact": DiarizeOptions(speakers=n), "max": DiarizeOptions(max_speakers=n),
                   "auto": DiarizeOptions()}[count_as]
        audio = path if isinstance(path, Audio) else load_audio(path)
        began = time.perf_counter()
        hypothesis = diarize_audio(audio, AnalysisSettings(backend=backend, diarize=options))
        seconds += time.perf_counter() - began
        audio_s += audio.duration_s
        result = diarization_error_rate(reference, hypothesis, region)
        for key in totals:
            totals[key] += result[key]
        spoken, over = hypothesis.get_timeline().support().duration(), hypothesis.get_overlap().duration()
        per_file[uri] = {"der": round(result["diarization error rate"], 3),
                         **{p.split()[0]: round(result[p] / max(result["total"], 1e-9), 3) for p in PARTS},
                         "overlapped_output": round(over / max(spoken, 1e-9), 3)}
        speech += spoken
        overlapped += over
    return {"backend": backend, "count": count_as,
            "der": round(sum(totals[p] for p in PARTS) / totals["total"], 3),
            **{p.split()[0]: round(totals[p] / totals["total"], 3) for p in PARTS},
            "overlapped_output": round(overlapped / max(speech, 1e-9), 3), "rtf": round(seconds / audio_s, 4),
            "per_file": per_file}


def main() -> None:
    rows = []
    for name, files in sets():
        print(f"\n{name}\n{'backend':<10}{'count':<7}{'DER':>7}{'miss':>7}{'FA':>7}{'conf':>7}{'overlap':>9}{'RTF':>8}")
        for backend in ("embedded", "overlap"):
            for count_as in ("exact", "max", "auto"):
                row = {"set": name, **run(backend, count_as, files)}
                rows.append(row)
                print(f"{backend:<10}{count_as:<7}{row['der']:>7.3f}{row['missed']:>7.3f}{row['false']:>7.3f}"
                      f"{row['confusion']:>7.3f}{row['overlapped_output']:>9.3f}{row['rtf']:>8.3f}")
    print("\ngroup size (default diariser; two composites per size, pooled)\nvoices  DER max  DER auto  conf max  conf auto")
    for voices in GROUP_SIZES:
        files = [composite(voices, seed) for seed in (0, 1)]
        by_count = {count_as: run("overlap", count_as, files) for count_as in ("max", "auto")}
        rows.extend({"set": f"group of {voices}", **row} for row in by_count.values())
        print(f"{voices:>6}{by_count['max']['der']:>9.3f}{by_count['auto']['der']:>10.3f}"
              f"{by_count['max']['confusion']:>10.3f}{by_count['auto']['confusion']:>11.3f}")
    print()
    for row in rows:
        print(json.dumps(row))


if __name__ == "__main__":
    main()
