"""Render script.txt to a FLAC with one espeak-ng voice per person, plus its references.

    python examples/demo/render.py      # needs espeak-ng and flac (Debian packages)

Writes, beside this file: session.flac (16 kHz mono), reference.rttm (who spoke when),
reference.jsonl (one line per unit: speaker, role, start, end, text, label, flags) and
phases.json. The output is deterministic for a given espeak-ng version.
"""

from __future__ import annotations

import io
import json
import subprocess
import wave
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy.signal import resample_poly

HERE = Path(__file__).resolve().parent
RATE = 16_000
# voice, pitch (0–99), words per minute: chosen to sound like seven different people
VOICES = {
    "Leader": ("en-gb-x-rp+f2", 55, 160),
    "Presenter": ("en-us+m3", 38, 165),
    "Member A": ("en-gb-scotland+m1", 30, 170),
    "Member B": ("en-us+f4", 72, 175),
    "Member C": ("en-029+m7", 50, 185),
    "Member D": ("en-gb-x-gbcwmd+f1", 62, 165),
    "Member E": ("en-us-nyc+m2", 22, 160),
}
GAP_SAME_SPEAKER, GAP_NEW_SPEAKER, GAP_NEW_PHASE = 0.35, 0.7, 1.8


@dataclass
class Line:
    speaker: str
    label: str
    flags: list[str]
    text: str


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


def speak(line: Line) -> np.ndarray:
    voice, pitch, speed = VOICES[line.speaker]
    result = subprocess.run(["espeak-ng", "-v", voice, "-p", str(pitch), "-s", str(speed), "--stdout", line.text],
                            check=True, capture_output=True)
    with wave.open(io.BytesIO(result.stdout)) as wav:
        rate = wav.getframerate()
        pcm = np.frombuffer(wav.readframes(wav.getnframes()), dtype=np.int16).astype(np.float32) / 32768
    pcm = resample_poly(pcm, RATE, rate).astype(np.float32)
    voiced = np.flatnonzero(np.abs(pcm) > 1e-3)  # espeak pads with silence: keep the voiced span
    return pcm[voiced[0] : voiced[-1] + 1] if len(voiced) else pcm


def main() -> None:
    events = parse(HERE / "script.txt")
    pieces: list[np.ndarray] = []
    clock = 1.0
    pieces.append(np.zeros(int(clock * RATE), np.float32))
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
        pieces.append(np.zeros(int(gap * RATE), np.float32))
        clock += int(gap * RATE) / RATE
        audio = speak(line) * 0.5
        start, clock = clock, clock + len(audio) / RATE
        pieces.append(audio)
        role = line.speaker.lower() if line.speaker in ("Leader", "Presenter") else "member"
        units.append({"id": len(units), "speaker": line.speaker, "role": role, "start": round(start, 3),
                      "end": round(clock, 3), "text": line.text, "label": line.label, "flags": line.flags,
                      "phase": phases[-1]["name"]})
        previous_speaker, gap = line.speaker, 0.0
    pieces.append(np.zeros(RATE, np.float32))
    phases[-1]["end"] = round(clock, 3)
    pcm16 = (np.clip(np.concatenate(pieces), -1, 1) * 32767).astype(np.int16)
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as wav:
        wav.setnchannels(1), wav.setsampwidth(2), wav.setframerate(RATE)
        wav.writeframes(pcm16.tobytes())
    subprocess.run(["flac", "--silent", "--best", "-f", "-", "-o", str(HERE / "session.flac")],
                   input=buffer.getvalue(), check=True)
    with open(HERE / "reference.jsonl", "w") as out:
        out.writelines(json.dumps(unit) + "\n" for unit in units)
    with open(HERE / "reference.rttm", "w") as out:
        for unit in units:
            name = unit["speaker"].replace(" ", "_")
            out.write(f"SPEAKER session 1 {unit['start']:.3f} {unit['end'] - unit['start']:.3f} <NA> <NA> {name} <NA> <NA>\n")
    (HERE / "phases.json").write_text(json.dumps(phases, indent=1) + "\n")
    print(f"{len(units)} units, {len(pcm16) / RATE:.0f} s, {len(VOICES)} speakers → {HERE / 'session.flac'}")


if __name__ == "__main__":
    main()
