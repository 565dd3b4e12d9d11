"""Does a unit end on a rising pitch? The evidence for questions that words alone cannot show.

"So she lives alone" is a statement or a question depending on the voice; speech recognisers
often drop the "?". We track the fundamental frequency (f0) with a normalised autocorrelation
(Boersma's method, in numpy) at 8 kHz, 10 ms steps, and compare the end of each unit with the
stretch just before it. The track is a few bytes per 10 ms of pitch values, never audio, and
lives only in memory.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np

from balint.analysis.speech.audio import SAMPLE_RATE

RATE = 8_000  # f0 of speech lies far below 4 kHz
HOP_S, FRAME_S = 0.01, 0.04
F0_MIN, F0_MAX = 70.0, 400.0
VOICING = 0.5  # the normalised autocorrelation peak a voiced frame reaches
FINAL_S = 0.8  # the stretch of a unit whose melody is read
END_FRAMES = 6  # its very end: the last 60 ms of voicing
RISE_SEMITONES = 2.5  # the end this far above the stretch's low is a rise
MIN_VOICED_FRAMES = 12
OCTAVE_TOLERANCE = 0.85
QUIET = 3e-3  # RMS (full scale 1) below which a frame is silence, whatever its periodicity
LOUD_SHARE = 0.2  # and below this share of the loud frames' RMS: breath, room noise, and a room's echo of the last
# vowel, whose pitch read as a final rise (the demo in its room: statements rising 7 → 2 of 65; real clips 19 → 18 of 47)


@dataclass(frozen=True)
class PitchTrack:
    """f0 in Hz every 10 ms from `start_s` (NaN where unvoiced)."""

    f0: np.ndarray
    start_s: float = 0.0

    def between(self, start_s: float, end_s: float) -> np.ndarray:
        first = max(0, int(round((start_s - self.start_s) / HOP_S)))
        last = max(first, int(round((end_s - self.start_s) / HOP_S)))
        return self.f0[first:last]

    @staticmethod
    def joined(parts: list[PitchTrack]) -> PitchTrack:
        """Tracks of consecutive pieces (the recorder's) as one, each placed at its own start time."""
        if not parts:
            return PitchTrack(np.zeros(0, np.float32))
        origin = parts[0].start_s
        places = [int(round((part.start_s - origin) / HOP_S)) for part in parts]
        f0 = np.full(max(place + len(part.f0) for place, part in zip(places, parts)), np.nan, dtype=np.float32)
        for place, part in zip(places, parts):
            f0[place : place + len(part.f0)] = part.f0
        return PitchTrack(f0, origin)


def pitch_track(samples: np.ndarray, start_s: float = 0.0, block_frames: int = 4096) -> PitchTrack:
    """f0 every 10 ms of 16 kHz mono audio, block by block, so memory stays flat on a long recording."""
    hop, frame = int(HOP_S * SAMPLE_RATE), int(FRAME_S * SAMPLE_RATE)
    frames = max(0, (len(samples) - frame) // hop + 1)
    f0 = np.full(frames, np.nan, dtype=np.float32)
    for first in range(0, frames, block_frames):
        count = min(block_frames, frames - first)
        piece = np.asarray(samples[first * hop : (first + count - 1) * hop + frame], dtype=np.float32)
        f0[first : first + count] = _block_f0(piece, count)
    return PitchTrack(_without_octave_jumps(f0), start_s)


def _block_f0(piece: np.ndarray, count: int) -> np.ndarray:
    """f0 of `count` consecutive frames of a piece of 16 kHz audio (NaN where unvoiced)."""
    step = SAMPLE_RATE // RATE
    audio = piece[: len(piece) // step * step].reshape(-1, step).mean(axis=1)  # 16 → 8 kHz: f0 lies far below 4 kHz
    hop, frame = int(HOP_S * RATE), int(FRAME_S * RATE)
    size = 1 << int(np.ceil(np.log2(2 * frame)))
    window = np.hanning(frame).astype(np.float32)
    window_ac = np.fft.irfft(np.abs(np.fft.rfft(window, size)) ** 2, size)[:frame]
    low, high = int(RATE / F0_MAX), int(RATE / F0_MIN)
    chunk = audio[np.arange(count)[:, None] * hop + np.arange(frame)[None, :]]
    chunk = (chunk - chunk.mean(axis=1, keepdims=True)) * window
    ac = np.fft.irfft(np.abs(np.fft.rfft(chunk, size, axis=1)) ** 2, size, axis=1)[:, :frame]
    energy = ac[:, 0].copy()
    ac = ac / np.maximum(energy[:, None], 1e-12) / np.maximum(window_ac / window_ac[0], 1e-3)[None, :]
    lags = ac[:, low : high + 1]
    rows = np.arange(count)
    # the shortest lag that nearly matches the strongest peak: a period's multiples peak too (octave errors)
    local_peak = np.zeros_like(lags, dtype=bool)
    local_peak[:, 1:-1] = (lags[:, 1:-1] > lags[:, :-2]) & (lags[:, 1:-1] >= lags[:, 2:])
    best = np.argmax(local_peak & (lags >= OCTAVE_TOLERANCE * lags.max(axis=1, keepdims=True)), axis=1)
    peak = lags[rows, best]
    # parabolic interpolation between neighbouring lags, for sub-sample precision
    left, right = lags[rows, np.maximum(best - 1, 0)], lags[rows, np.minimum(best + 1, lags.shape[1] - 1)]
    curvature = left - 2 * peak + right
    shift = np.where(np.abs(curvature) > 1e-9, 0.5 * (left - right) / np.where(curvature == 0, 1, curvature), 0.0)
    lag = low + best + np.clip(shift, -0.5, 0.5)
    rms = np.sqrt(energy / np.sum(window**2))
    loud_enough = max(QUIET, LOUD_SHARE * float(np.percentile(rms, 95)))
    voiced = (peak >= VOICING) & (rms >= loud_enough) & (best > 0) & (best < lags.shape[1] - 1)
    return np.where(voiced, RATE / lag, np.nan)


def _without_octave_jumps(f0: np.ndarray, half_width: int = 10) -> np.ndarray:
    """Frames an octave away from their voiced neighbourhood's median are tracking errors: unvoiced."""
    if len(f0) == 0:
        return f0
    semitones = 12 * np.log2(f0 / 100.0)
    padded = np.pad(semitones, half_width, constant_values=np.nan)
    around = np.lib.stride_tricks.sliding_window_view(padded, 2 * half_width + 1)
    enough = np.sum(~np.isnan(around), axis=1) >= 5
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN neighbourhoods: silence
        median = np.nanmedian(around, axis=1)
    jump = enough & (np.abs(semitones - median) > 7)
    return np.where(jump, np.nan, f0).astype(np.float32)


def final_rise(track: PitchTrack, start_s: float, end_s: float) -> float | None:
    """Semitones from the low point of the unit's last stretch up to its very end (a fall gives ≤ 0).

    Questions' rises come last, often after a dip (measured on espeak and on people): so the end,
    the last 60 ms of voicing, is set against the low of what came before. The stretch read ends at the
    unit's last voiced frame, not at its end time: a recogniser's segment often runs on past the voice.
    None with too little voicing.
    """
    f0 = track.between(start_s, end_s + 0.05)
    voiced_at = np.flatnonzero(~np.isnan(f0))
    if len(voiced_at) == 0:
        return None
    last = int(voiced_at[-1]) + 1
    f0 = f0[max(0, last - int(round(FINAL_S / HOP_S))) : last]
    voiced = f0[~np.isnan(f0)]
    if len(voiced) < MIN_VOICED_FRAMES:
        return None
    semitones = 12 * np.log2(voiced / 100.0)
    end, before = semitones[-END_FRAMES:], semitones[:-END_FRAMES]
    return float(np.median(end) - np.percentile(before, 10))


def rising_pitch(track: PitchTrack | None, spans: list[tuple[float, float]]) -> list[bool | None]:
    """For each (start, end): True if the pitch rises at the end, False if not, None where it cannot tell."""
    if track is None:
        return [None] * len(spans)
    rises = [final_rise(track, start, end) for start, end in spans]
    return [None if rise is None else rise >= RISE_SEMITONES for rise in rises]
