"""Stop-to-report time of a long recording, through the recorder's own path.

    python benchmarks/recording.py [--minutes 90] [--speed 5] [--participants 7] [--backend overlap] [--german]

Audio (the demo session tiled, or with --german the ten real German FLEURS clips, tiled, heard with no language
given so that the multilingual model hears German and transcribes it) is replayed into the same queue the microphone callback
fills, `--speed` times faster than real time. From there the real writer seals AES-GCM
chunks, and the streaming analyser transcribes and embeds while "recording". Only the
microphone is replaced. At --speed 1 it is a real-time run. A higher speed is valid as long
as the analyser keeps up (its backlog is printed), because what remains after stop does not
depend on how fast the audio came. Prints the stop-to-report seconds, the backlog at stop,
the peak memory, and the per-stage times.
"""

from __future__ import annotations

import argparse
import json
import queue
import resource
import tempfile
import threading
import time
from pathlib import Path

import numpy as np

from balint.analysis.pipeline import AnalysisSettings
from balint.analysis.report.session_json import write_reports
from balint.analysis.speech.audio import load_audio
from balint.analysis.types import BACKENDS
from balint.recorder.capture import BLOCK_S, CaptureStats, InputDevice
from balint.recorder.session import Recording, RecordOptions

ROOT = Path(__file__).resolve().parents[1]


class ReplayCapture:
    """Stands in for the microphone only: pushes 0.1 s blocks into the queue at `speed` × real time."""

    def __init__(self, audio: np.ndarray, speed: float):
        self.device = InputDevice(-1, "replay", 1, 16000, False)
        self.stats = CaptureStats(rate=16000)
        self.blocks: queue.Queue = queue.Queue()
        self.ended = threading.Event()
        self.audio, self.speed = audio, speed
        self.failure: BaseException | None = None  # the microphone's callback errors: none in a replay

    def start(self) -> None:
        self.stats.started = time.monotonic()
        threading.Thread(target=self._feed, daemon=True).start()

    def _feed(self) -> None:
        block = int(16000 * BLOCK_S)
        begin = time.monotonic()
        for i, first in enumerate(range(0, len(self.audio), block)):
            self.blocks.put_nowait(self.audio[first : first + block])
            self.stats.frames += len(self.audio[first : first + block])
            delay = begin + (i + 1) * BLOCK_S / self.speed - time.monotonic()
            if delay > 0:
                time.sleep(delay)
        self.ended.set()

    @property
    def alive(self) -> bool:
        return not self.ended.is_set()

    def stop(self) -> None:
        self.stats.stopped = self.stats.stopped or time.monotonic()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--minutes", type=float, default=90)
    parser.add_argument("--speed", type=float, default=5)
    parser.add_argument("--participants", type=int, default=7)
    parser.add_argument("--backend", choices=BACKENDS, default=BACKENDS[0])
    parser.add_argument("--german", action="store_true", help="real German speech (FLEURS) instead of the demo")
    args = parser.parse_args()
    if args.german:
        gap = np.zeros(16000, np.float32)
        source = np.concatenate([part for path in sorted((ROOT / "benchmarks" / "data" / "fleurs").glob("fleurs-de-*.ogg"))
                                 for part in (load_audio(path).samples, gap)])
    else:
        source = load_audio(ROOT / "examples" / "demo" / "session.flac").samples
    total = int(args.minutes * 60 * 16000)
    audio = np.tile(source, total // len(source) + 1)[:total]
    settings = AnalysisSettings(backend=args.backend).with_participants(args.participants)
    with tempfile.TemporaryDirectory() as store, tempfile.TemporaryDirectory() as out:
        capture = ReplayCapture(audio, args.speed)
        recording = Recording(capture.device, RecordOptions(participants=args.participants, settings=settings,
                                                            store_root=Path(store)), capture=capture)
        backlog: list[float] = []
        began = time.monotonic()

        def tick(r: Recording) -> None:
            if capture.ended.is_set() and not backlog:
                captured_s = r.capture.stats.frames / r.capture.stats.rate  # queued for the analyser counts too
                backlog.append(captured_s - r.analyser.status.analysed_s)
                r.stop("end of the replayed audio")

        stop_clock = {}
        original_stop = recording.capture.stop
        recording.capture.stop = lambda: (stop_clock.setdefault("t", time.monotonic()), original_stop())[1]
        analysis = recording.run(on_tick=tick)
        write_reports(analysis, Path(out))
        report_ready = time.monotonic()
    print(json.dumps({
        "audio_min": args.minutes, "speed": args.speed, "participants": args.participants, "backend": args.backend,
        "wall_s": round(report_ready - began, 1),
        "stop_to_report_s": round(report_ready - stop_clock["t"], 2),
        "backlog_at_stop_s_of_audio": round(backlog[0], 1) if backlog else None,
        "language": analysis.language, "language_probability": analysis.language_probability,
        "units": len(analysis.units), "speakers": len(analysis.speakers),
        "chunks": analysis.deletion_receipt.chunks if analysis.deletion_receipt else 0,
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "timings_s": analysis.timings_s,
    }, indent=1))


if __name__ == "__main__":
    main()
