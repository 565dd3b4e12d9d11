"""The live recording screen (rich) and single-key phase marks read from the terminal."""

from __future__ import annotations

import os
import select
import sys
import termios
import threading
import tty
from contextlib import contextmanager

from balint.analysis.format import clock
from balint.recorder.session import PHASE_KEYS, Recording

HELP = "  ".join(f"[{k}] {v.replace('_', ' ')}" for k, v in PHASE_KEYS.items()) + "  [s] stop"


@contextmanager
def single_keys(recording: Recording):
    """While recording, read keys without Enter (when stdin is a terminal): phase marks and stop."""
    if not sys.stdin.isatty():
        yield
        return
    descriptor = sys.stdin.fileno()
    saved = termios.tcgetattr(descriptor)
    done = threading.Event()

    def read_keys() -> None:
        while not done.is_set() and not recording.stopped.is_set():
            ready, _, _ = select.select([descriptor], [], [], 0.2)
            if ready:
                key = os.read(descriptor, 1).decode(errors="ignore").lower()
                if key == "s":
                    recording.stop("stopped by the leader")
                else:
                    recording.mark(key)

    tty.setcbreak(descriptor)
    reader = threading.Thread(target=read_keys, daemon=True)
    reader.start()
    try:
        yield
    finally:
        done.set()
        reader.join(timeout=1)
        termios.tcsetattr(descriptor, termios.TCSADRAIN, saved)


def screen(recording: Recording):
    """A renderable for rich.live: time, level, phase, warnings, keys."""
    from rich.panel import Panel
    from rich.text import Text

    level = recording.level.dbfs
    bar = "█" * max(0, min(30, int((level + 60) / 2)))
    phase = recording.marks[-1][0].replace("_", " ") if recording.marks else "—"
    status = recording.analyser.status
    text = Text()
    text.append(f"● REC  {clock(recording.elapsed_s)}", style="bold red")
    text.append(f"   phase: {phase}   analysed: {clock(status.analysed_s)} ({status.words} words)\n")
    text.append(f"level {level:5.0f} dBFS  {bar}\n", style="green" if level > -50 else "yellow")
    for warning in recording.warnings():
        text.append(f"⚠ {warning}\n", style="yellow")
    text.append(HELP, style="dim")
    return Panel(text, title="balint — recording (audio encrypted, deleted after the report)")
