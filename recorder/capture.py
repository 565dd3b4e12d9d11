"""Microphone capture with sounddevice: the callback only copies blocks into a queue.

The rate is probed with `check_input_settings`: 16 kHz when the device takes it, else its
own default rate (ALSA hw and JACK devices take only the hardware rate), resampled to
16 kHz later. Dropped audio is counted two ways. PortAudio's `input_overflow` flag is one.
Frames received are also compared with the monotonic time elapsed, because PulseAudio drops
audio silently. A stream that ends on its own (the device went away) sets `ended`.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from dataclasses import dataclass

import numpy as np

from balint.analysis.types import BalintError

TARGET_RATE = 16_000
log = logging.getLogger(__name__)
BLOCK_S = 0.1


def _sounddevice():
    try:
        import sounddevice
    except OSError:
        raise BalintError("the PortAudio library is missing: install it (Debian/Ubuntu: apt install libportaudio2)") from None
    return sounddevice


@dataclass(frozen=True)
class InputDevice:
    index: int
    name: str
    channels: int
    default_rate: float
    is_default: bool


def input_devices() -> list[InputDevice]:
    sd = _sounddevice()
    try:
        default = sd.default.device[0]
        found = sd.query_devices()
    except sd.PortAudioError as error:
        raise BalintError(f"cannot list audio devices: {error}") from None
    return [InputDevice(i, d["name"], d["max_input_channels"], d["default_samplerate"], i == default)
            for i, d in enumerate(found) if d["max_input_channels"] > 0]


def find_device(wanted: str | int | None) -> InputDevice:
    """The device named (by index or part of its name), or the default input."""
    devices = input_devices()
    if not devices:
        raise BalintError("no microphone found: connect one (or check the sound server) and run 'balint devices'")
    if wanted is None:
        return next((d for d in devices if d.is_default), devices[0])
    if str(wanted).isdigit():
        match = [d for d in devices if d.index == int(wanted)]
    else:
        match = [d for d in devices if str(wanted).lower() in d.name.lower()]
    if not match:
        raise BalintError(f"no input device {wanted!r}; 'balint devices' lists them")
    return match[0]


def probe_rate(device: InputDevice) -> int:
    """16 kHz if the device accepts it, else its default rate."""
    sd = _sounddevice()
    for rate in (TARGET_RATE, int(device.default_rate), 48_000, 44_100):
        try:
            sd.check_input_settings(device=device.index, channels=1, dtype="float32", samplerate=rate)
            return rate
        except (sd.PortAudioError, ValueError):
            continue
    raise BalintError(f"device {device.name!r} accepts none of 16, 44.1 or 48 kHz mono")


@dataclass
class CaptureStats:
    rate: int
    frames: int = 0
    overflows: int = 0
    started: float = 0.0
    stopped: float = 0.0

    @property
    def elapsed_s(self) -> float:
        return max(0.0, (self.stopped or time.monotonic()) - self.started) if self.started else 0.0

    @property
    def dropped_s(self) -> float:
        """Audio the clock says should have arrived but did not (a block of latency is tolerated)."""
        return max(0.0, self.elapsed_s - self.frames / self.rate - 2 * BLOCK_S)


class Capture:
    """An open input stream; `blocks` yields float32 mono arrays at `stats.rate`."""

    def __init__(self, device: InputDevice):
        self.device = device
        self.stats = CaptureStats(rate=probe_rate(device))
        self.blocks: queue.Queue[np.ndarray] = queue.Queue()
        self.ended = threading.Event()
        self.failure: BaseException | None = None  # an error inside the callback, kept for the recorder to report
        self._stream = None

    def _callback(self, indata, frames, _time, status) -> None:
        """PortAudio's audio thread calls this for every block.

        The contract, as sounddevice documents it: return quickly, never block, and never let an exception
        out (it would end the stream as if the device had gone). So it only counts and copies; should that
        fail, the error is kept in `failure` and the stream is ended with `CallbackAbort`, and the recorder
        reports the error itself rather than a lost microphone.
        """
        try:
            if status.input_overflow:
                self.stats.overflows += 1
            self.stats.frames += frames
            self.blocks.put_nowait(indata[:, 0].copy())
        except Exception as error:  # noqa: BLE001 - carried to the recorder's thread, which reports it
            self.failure = error
            raise _sounddevice().CallbackAbort from None

    def start(self) -> None:
        sd = _sounddevice()
        try:
            stream = sd.InputStream(device=self.device.index, channels=1, dtype="float32",
                                    samplerate=self.stats.rate, blocksize=int(self.stats.rate * BLOCK_S),
                                    callback=self._callback, finished_callback=self.ended.set)
            stream.start()
            self._stream = stream
        except sd.PortAudioError as error:
            raise BalintError(f"cannot open {self.device.name!r}: {error}") from None
        self.stats.started = time.monotonic()

    @property
    def alive(self) -> bool:
        return self._stream is not None and self._stream.active and not self.ended.is_set()

    def stop(self) -> None:
        if self._stream is not None:
            try:
                self._stream.stop()
                self._stream.close()
            except _sounddevice().PortAudioError as error:  # a vanished device can fail to close; capture is over
                log.warning("the input stream did not close cleanly: %s", error)
            self._stream = None
        if not self.stats.stopped:
            self.stats.stopped = time.monotonic()
