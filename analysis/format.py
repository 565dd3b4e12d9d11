"""How times and text are shown to a person: used by the feedback sentences and by every report view."""

from __future__ import annotations

import re

# C0 and C1 controls (ANSI escapes start with one), DEL, and the bidirectional overrides that can
# reorder what a terminal or browser shows ("Trojan source"). Text from a session is shown without them.
_HIDDEN = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]+")


def displayable(text: object) -> str:
    """`text` as one line with no control characters: safe to print to a terminal, and to escape into HTML."""
    return _HIDDEN.sub(" ", str(text)).strip()


def clock(seconds: float) -> str:
    minutes, secs = divmod(int(round(seconds)), 60)
    return f"{minutes // 60}:{minutes % 60:02d}:{secs:02d}" if minutes >= 60 else f"{minutes}:{secs:02d}"


def duration(seconds: float) -> str:
    seconds = int(round(seconds))
    if seconds < 60:
        return f"{seconds} s"
    return f"{seconds // 60} min {seconds % 60} s" if seconds % 60 else f"{seconds // 60} min"
