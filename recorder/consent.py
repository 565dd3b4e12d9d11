"""Consent: recording does not start until the leader confirms that everyone present agreed."""

from __future__ import annotations

import sys

from balint.analysis.types import MAX_SPEAKERS, BalintError


def confirm_consent(participants: int | None, confirmed: bool) -> int:
    """The number of people present, all of whom agreed; asked in the terminal unless confirmed for scripts."""
    if participants and confirmed:
        return participants
    if not sys.stdin.isatty():
        raise BalintError("consent not confirmed: run balint record in a terminal, or pass "
                          "--participants N --consent-confirmed once everyone present has agreed")
    count = participants
    while not count:
        answer = input("How many people are present, you included? ").strip()
        count = int(answer) if answer.isdigit() and 0 < int(answer) <= MAX_SPEAKERS else None
    answer = input(f"Have all {count} agreed to this session being recorded and analysed? [y/N] ").strip().lower()
    if answer not in ("y", "yes"):
        raise BalintError("not recording: consent was not confirmed")
    return count
