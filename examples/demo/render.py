"""Render a written session to a FLAC with one espeak-ng voice per person, each heard from their own seat in
one room by one table microphone, plus its references.

    python examples/demo/render.py            # the English demo: examples/demo/script.txt
    python examples/demo/render.py --german   # the German session: examples/german/session.txt

needs espeak-ng and flac (Debian packages). Writes, beside the script: session.flac (16 kHz mono), reference.rttm
(who spoke when), reference.jsonl (one line per unit: speaker, start, end, text; the English demo adds role, label,
flags and phase) and, for the English demo, phases.json. The output is deterministic for a given espeak-ng version.

Why these voices and a room: espeak-ng is one synthesiser, and a diariser trained on real people
(segmentation-3.0 and CAM++) heard its classic variants, dry, as two to four voices. So the voices are
chosen for CAM++ to tell apart (see VOICES), and each reaches the microphone from its own seat, as in
a real group: its own distance, level and room response. `room_response` builds that: a direct path
falling with distance, early reflections at seat-specific delays, and a late tail of decaying noise
(reverberation time 0.25 s: a small, furnished seminar room) of one level for every seat, so the far
voices sound further away; then a quiet noise floor.
"""

from __future__ import annotations

import argparse
import io
import json
import subprocess
import wave
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy.signal import fftconvolve, lfilter, resample_poly

HERE = Path(__file__).resolve().parent
GERMAN = HERE.parent / "german"
RATE = 16_000
# voice, pitch (0–99), words per minute, and a playback rate: 0.88 plays the voice 12 % faster and
# higher, formants included (a shorter vocal tract), 1.12 slower and lower. Chosen among espeak-ng's
# variants so that tiny.en understands each (WER ≤ 0.16 on four test sentences) and CAM++, a speaker
# encoder trained on real people, hears every pair at least 0.63 apart in cosine distance (real
# speakers in the shared AMI clips: 0.6–1.0); the variants alone left pairs 0.2 apart.
VOICES = {
    "Leader": ("en-gb-x-rp+f2", 55, 160, 1.0),
    "Presenter": ("en-us+Gene", 40, 165, 1.0),
    "Member A": ("en-us+Michael", 40, 170, 1.12),
    "Member B": ("en-us+f4", 72, 175, 0.88),
    "Member C": ("en-us+klatt", 45, 175, 0.88),
    "Member D": ("en-us+grandma", 62, 160, 0.88),
    "Member E": ("en-us+steph", 60, 165, 1.12),
}
# The German session's six people on espeak-ng's one German voice, with the English demo's variants, pitches and
# playback rates (CAM++ hears each pair 0.53–0.71 apart through a seat). Measured before choosing: the multilingual
# base understands these German variants poorly (WER 0.29–0.66 per voice, dry), and the variants it understands
# best (klatt, Gene or Mr_Serious played slower and lower: 0.20–0.24) sound alike to CAM++ (0.07–0.45), so the
# default diariser heard two to five people. Telling the six apart won: the German demo shows the chain, not WER.
VOICES_DE = {
    "Ruth": ("de+f2", 55, 160, 1.0),
    "Jonas": ("de+Gene", 40, 165, 1.0),
    "Ben": ("de+Michael", 40, 170, 1.12),
    "Anna": ("de+f4", 72, 175, 0.88),
    "David": ("de+klatt", 45, 175, 0.88),
    "Clara": ("de+grandma", 62, 160, 0.88),
}
GAP_SAME_SPEAKER, GAP_NEW_SPEAKER, GAP_NEW_PHASE = 0.35, 0.7, 1.8
# each voice's seat: distance from the microphone in metres, and the frequency above which it is heard
# dulled (turned away from the microphone, or off its axis)
SEATS = {"Leader": (0.9, 7000), "Presenter": (1.2, 6500), "Member A": (1.6, 5500), "Member B": (1.1, 6000),
         "Member C": (1.8, 7000), "Member D": (1.4, 6000), "Member E": (0.8, 8000)}
SEATS_DE = {"Ruth": SEATS["Leader"], "Jonas": SEATS["Presenter"], "Ben": SEATS["Member A"], "Anna": SEATS["Member B"],
            "David": SEATS["Member C"], "Clara": SEATS["Member D"]}
REVERBERATION_S = 0.25
SPEED_OF_SOUND = 343.0


def room_response(distance_m: float, dulled_above_hz: float, seed: int) -> np.ndarray:
    """One seat's impulse response to the microphone (0.6 s): direct path, eight early reflections, a late
    tail whose level is the room's, not the seat's (so the direct-to-reverberant ratio falls with distance),
    the whole heard through a gentle low-pass (one pole) for the seat's angle to the microphone."""
    rng = np.random.default_rng(seed)
    length = int(0.6 * RATE)
    response = np.zeros(length)
    direct = int(distance_m / SPEED_OF_SOUND * RATE)
    response[direct] = 1.0 / distance_m
    for _ in range(8):
        extra_s = rng.uniform(0.002, 0.04)
        response[direct + int(extra_s * RATE)] += rng.choice([-1, 1]) * rng.uniform(0.2, 0.5) / (
            distance_m + SPEED_OF_SOUND * extra_s)
    t = np.arange(length) / RATE
    tail = 0.021 * rng.standard_normal(length) * np.exp(-6.9 * t / REVERBERATION_S)
    tail[:direct + int(0.02 * RATE)] = 0.0
    pole = np.exp(-2 * np.pi * dulled_above_hz / RATE)
    return lfilter([1 - pole], [1, -pole], response + tail)


@dataclass
class Line:
    speaker: str
    label: str | None
    flags: list[str]
    text: str


def parse_written(path: Path) -> list[tuple[str, object]]:
    """A written session ("Name: words || leader's move", as examples/german/session.txt): lines only, unlabelled."""
    events: list[tuple[str, object]] = []
    for raw in path.read_text().splitlines():
        if raw.strip() and not raw.startswith("#"):
            speaker, text = raw.split(" || ")[0].split(":", 1)
            events.append(("line", Line(speaker.strip(), None, [], text.strip())))
    return events


def parse(path: Path) -> list[tuple[str, object]]:
    """('phase', name) | ('silence', seconds) | ('line', Line), in script order."""
    events: list[tuple[str, object]] = []
    for raw in path.read_text().splitlines():
        raw = raw.strip()
        if not raw or raw.startswith("#"):
            continue
        if raw.startswith("@"):
            _, kind, value = raw.split(maxsplit=2)
            events.append((kind, float(value) if kind == "silence" else value))
            continue
        speaker, label, flags, text = (part.strip() for part in raw.split("|", 3))
        events.append(("line", Line(speaker, label, [f for f in flags.split(",") if f], text)))
    return events


def speak(line: Line, voices: dict[str, tuple[str, int, int, float]]) -> np.ndarray:
    voice, pitch, speed, playback = voices[line.speaker]
    result = subprocess.run(["espeak-ng", "-v", voice, "-p", str(pitch), "-s", str(speed), "--stdout", line.text],
                            check=True, capture_output=True)
    with wave.open(io.BytesIO(result.stdout)) as wav:
        rate = wav.getframerate()
        pcm = np.frombuffer(wav.readframes(wav.getnframes()), dtype=np.int16).astype(np.float32) / 32768
    pcm = resample_poly(pcm, int(RATE * playback * 100), rate * 100).astype(np.float32)
    voiced = np.flatnonzero(np.abs(pcm) > 1e-3)  # espeak pads with silence: keep the voiced span
    return pcm[voiced[0] : voiced[-1] + 1] if len(voiced) else pcm


def render(events: list[tuple[str, object]], voices: dict[str, tuple[str, int, int, float]],
           seats: dict[str, tuple[float, float]], folder: Path) -> None:
    placed: list[tuple[str, int, np.ndarray]] = []
    clock = 1.0
    units, phases, previous_speaker, gap = [], [], None, 0.0
    for kind, value in events:
        if kind == "phase":
            if phases:
                phases[-1]["end"] = round(clock, 3)
            gap = GAP_NEW_PHASE if phases else 0.0
            phases.append({"name": value, "start": round(clock + gap, 3), "end": None})
            continue
        if kind == "silence":
            gap = float(value)
            continue
        line: Line = value
        if not gap:
            gap = GAP_SAME_SPEAKER if line.speaker == previous_speaker else GAP_NEW_SPEAKER
        clock += int(gap * RATE) / RATE
        audio = speak(line, voices) * 0.5
        placed.append((line.speaker, int(round(clock * RATE)), audio))
        start, clock = clock, clock + len(audio) / RATE
        unit = {"id": len(units), "speaker": line.speaker, "start": round(start, 3), "end": round(clock, 3),
                "text": line.text}
        if line.label is not None:
            role = line.speaker.lower() if line.speaker in ("Leader", "Presenter") else "member"
            unit = {"id": unit["id"], "speaker": line.speaker, "role": role} | unit | {
                "label": line.label, "flags": line.flags, "phase": phases[-1]["name"]}
        units.append(unit)
        previous_speaker, gap = line.speaker, 0.0
    if phases:
        phases[-1]["end"] = round(clock, 3)
    mix = np.zeros(int((clock + 1.0) * RATE))
    for seat, speaker in enumerate(voices):
        dry = np.zeros_like(mix)
        for who, at, audio in placed:
            if who == speaker:
                dry[at:at + len(audio)] += audio
        mix += fftconvolve(dry, room_response(*seats[speaker], seat))[:len(mix)]
    mix *= 0.5 / np.abs(mix).max()
    mix += 10 ** (-60 / 20) * np.random.default_rng(len(voices)).standard_normal(len(mix))
    pcm16 = (np.clip(mix, -1, 1) * 32767).astype(np.int16)
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as wav:
        wav.setnchannels(1), wav.setsampwidth(2), wav.setframerate(RATE)
        wav.writeframes(pcm16.tobytes())
    subprocess.run(["flac", "--silent", "--best", "-f", "-", "-o", str(folder / "session.flac")],
                   input=buffer.getvalue(), check=True)
    with open(folder / "reference.jsonl", "w") as out:
        out.writelines(json.dumps(unit, ensure_ascii=False) + "\n" for unit in units)
    with open(folder / "reference.rttm", "w") as out:
        for unit in units:
            name = unit["speaker"].replace(" ", "_")
            out.write(f"SPEAKER session 1 {unit['start']:.3f} {unit['end'] - unit['start']:.3f} <NA> <NA> {name} <NA> <NA>\n")
    if phases:
        (folder / "phases.json").write_text(json.dumps(phases, indent=1) + "\n")
    print(f"{len(units)} units, {len(pcm16) / RATE:.0f} s, {len(voices)} speakers → {folder / 'session.flac'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--german", action="store_true", help="render examples/german/session.txt instead")
    if parser.parse_args().german:
        render(parse_written(GERMAN / "session.txt"), VOICES_DE, SEATS_DE, GERMAN)
    else:
        render(parse(HERE / "script.txt"), VOICES, SEATS, HERE)


if __name__ == "__main__":
    main()
