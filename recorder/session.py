"""One recording, end to end: capture → sealed chunks → analysis while recording → report → deletion.

Three threads besides PortAudio's own. The callback only queues blocks. A writer resamples
them to 16 kHz, seals 10 s chunks and hands the audio, in memory, to an analyser thread.
The main thread draws the live screen and watches for stop: a key, the duration, SIGTERM,
Ctrl-C, a vanished device or a full disk. Whatever ends the recording, `finally` wipes the
key and unlinks the chunks; the report carries the receipt.
"""

from __future__ import annotations

import queue
import signal
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np
from scipy.signal import resample_poly

from balint.analysis.pipeline import AnalysisSettings, Known
from balint.analysis.speech.audio import SAMPLE_RATE
from balint.analysis.streaming import StreamingAnalyser
from balint.analysis.types import BalintError, DeletionReceipt, PhaseName, RecordingStats, SessionAnalysis
from balint.recorder.capture import Capture, InputDevice
from balint.recorder.store import ChunkStore, StoreFull

PHASE_KEYS: dict[str, PhaseName] = {
    "p": "presentation", "q": "clarifying", "d": "discussion", "r": "presenter_returns", "c": "closing"}


@dataclass(frozen=True)
class LiveWarnings:
    """When the live screen warns; kept in session.json's settings and printed in the report."""

    no_sound_warning_s: float = 10.0  # warn after this long without sound
    sound_level_dbfs: float = -55.0  # a block louder than this counts as sound
    clip_level: float = 0.99  # a sample this close to full scale counts as clipping


@dataclass
class RecordOptions:
    participants: int
    duration_s: float | None = None
    chunk_s: float = 10.0
    leader_first: bool = False
    settings: AnalysisSettings = field(default_factory=AnalysisSettings)
    store_root: Path | None = None
    warnings: LiveWarnings = field(default_factory=LiveWarnings)


@dataclass
class Level:
    """What the live screen shows about the input."""

    dbfs: float = -120.0
    clipped_blocks: int = 0
    last_sound: float = field(default_factory=time.monotonic)


class Recording:
    def __init__(self, device: InputDevice, options: RecordOptions,
                 inspect_store: Callable[[ChunkStore], None] | None = None, capture: Capture | None = None):
        self.options = options
        self.capture = capture or Capture(device)
        self.store = ChunkStore(options.store_root)
        self.analyser = StreamingAnalyser(options.settings)
        self.level = Level()
        self.marks: list[tuple[PhaseName, float]] = []
        self.stop_reason: str | None = None
        self.stopped = threading.Event()
        self.receipt: DeletionReceipt | None = None
        self._to_analyse: queue.Queue = queue.Queue()
        self._failure: BaseException | None = None
        self._inspect_store = inspect_store  # a test seam: look at the sealed chunks before they are destroyed

    # -- threads -------------------------------------------------------------------------------------
    def _write(self) -> None:
        rate = self.capture.stats.rate
        chunk = int(self.options.chunk_s * rate)
        pending: list[np.ndarray] = []
        count = 0
        try:
            while True:
                try:
                    block = self.capture.blocks.get(timeout=0.2)
                except queue.Empty:
                    if self.stopped.is_set() and not self.capture.alive:
                        break
                    continue
                self._measure(block)
                pending.append(block)
                count += len(block)
                if count >= chunk:
                    self._seal(np.concatenate(pending), rate)
                    pending, count = [], 0
            if pending:
                self._seal(np.concatenate(pending), rate)
        except StoreFull as full:
            self.stop(f"{full}: recording stopped, and what was captured is analysed")
        except BaseException as error:  # noqa: BLE001 - carried to the main thread, which reports it
            self._failure = error
            self.stop("an error in the recorder")
        finally:
            self._to_analyse.put(None)

    def _seal(self, audio: np.ndarray, rate: int) -> None:
        if rate != SAMPLE_RATE:
            audio = resample_poly(audio, SAMPLE_RATE, rate).astype(np.float32)
        pcm16 = (np.clip(audio, -1, 1) * 32767).astype("<i2")
        self.store.seal(pcm16.tobytes())
        self._to_analyse.put(pcm16.astype(np.float32) / 32767)

    def _analyse(self) -> None:
        while (audio := self._to_analyse.get()) is not None:
            if self._failure is None:
                try:
                    self.analyser.feed(audio)
                except BaseException as error:  # noqa: BLE001
                    self._failure = error
                    self.stop("an error in the analysis")

    def _measure(self, block: np.ndarray) -> None:
        peak = float(np.max(np.abs(block))) if len(block) else 0.0
        rms = float(np.sqrt(np.mean(np.square(block)))) if len(block) else 0.0
        self.level.dbfs = 20 * np.log10(max(rms, 1e-6))
        self.level.clipped_blocks += peak >= self.options.warnings.clip_level
        if self.level.dbfs > self.options.warnings.sound_level_dbfs:
            self.level.last_sound = time.monotonic()

    # -- control -------------------------------------------------------------------------------------
    @property
    def elapsed_s(self) -> float:
        return self.capture.stats.elapsed_s

    def mark(self, key: str) -> str | None:
        phase = PHASE_KEYS.get(key)
        if phase:
            stats = self.capture.stats  # the audio position now, in session time
            self.marks.append((phase, round(stats.frames / stats.rate, 2)))
        return phase

    def stop(self, reason: str) -> None:
        if not self.stopped.is_set():
            self.stop_reason = reason
            self.stopped.set()

    def warnings(self) -> list[str]:
        notes = []
        quiet = time.monotonic() - self.level.last_sound
        if quiet >= self.options.warnings.no_sound_warning_s:
            notes.append(f"no sound for {quiet:.0f} s: is the microphone on?")
        if self.level.clipped_blocks:
            notes.append("the input is clipping: move the microphone back or lower its gain")
        if self.capture.stats.overflows or self.capture.stats.dropped_s > 0.5:
            notes.append(f"{self.capture.stats.dropped_s:.1f} s of audio dropped so far")
        return notes

    def run(self, on_tick: Callable[[Recording], None] = lambda r: None, tick_s: float = 0.25) -> SessionAnalysis:
        """Record until stopped, analyse, destroy the audio; the analysis carries the deletion receipt."""
        previous = signal.signal(signal.SIGTERM, lambda *_: self.stop("SIGTERM received"))
        threads = [threading.Thread(target=self._write, name="seal", daemon=True),
                   threading.Thread(target=self._analyse, name="analyse", daemon=True)]
        analysis = None
        try:
            self.capture.start()
            for thread in threads:
                thread.start()
            try:
                while not self.stopped.wait(tick_s):
                    if self.capture.failure is not None:
                        self._failure = BalintError(f"the recorder's audio callback failed "
                                                    f"({type(self.capture.failure).__name__}: {self.capture.failure})")
                        self.stop("an error in the audio callback")
                    elif not self.capture.alive:
                        self.stop("the microphone went away")
                    elif self.options.duration_s and self.elapsed_s >= self.options.duration_s:
                        self.stop("the set duration was reached")
                    on_tick(self)
            except KeyboardInterrupt:
                self.stop("Ctrl-C")
            self.capture.stop()
            stopped_at = time.monotonic()
            for thread in threads:
                thread.join()
            if self._failure is not None:
                raise self._failure
            analysis = self._finish(stopped_at)
        finally:
            signal.signal(signal.SIGTERM, previous)
            self.capture.stop()
            if self._inspect_store is not None and self.store.chunks:
                self._inspect_store(self.store)
            self.receipt = self.store.destroy()
        analysis.deletion_receipt = self.receipt
        return analysis

    def _finish(self, stopped_at: float) -> SessionAnalysis:
        if self.store.chunks == 0:
            raise BalintError(f"nothing was recorded ({self.stop_reason})")
        stats = self.capture.stats
        known = Known(marks=list(self.marks), leader_speaks_first=self.options.leader_first)
        analysis = self.analyser.finish({"name": "recording", "kind": "live recording",
                                         "device": self.capture.device.name, "device_rate": stats.rate}, known)
        analysis.settings["recording"] = asdict(self.options.warnings)
        analysis.metrics.recording = RecordingStats(
            participants_consented=self.options.participants,
            stop_reason=self.stop_reason or "",
            seconds_captured=round(stats.frames / stats.rate, 2),
            seconds_elapsed=round(stats.elapsed_s, 2),
            input_overflows=stats.overflows,
            dropped_s=round(stats.dropped_s, 2),
            chunks_sealed=self.store.chunks,
            stop_to_analysis_s=round(time.monotonic() - stopped_at, 2),
        )
        return analysis
