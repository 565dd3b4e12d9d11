"""Supervision exports: the session as subtitles (WebVTT, SRT) and as annotation tiers (ELAN .eaf, Praat TextGrid).

What a supervisor's own tools open: who spoke when, what was said (not with quotes off), what the codebook called
it, the phases, the interrogation episodes and the leader's moves. Never audio: the recording is gone, and an export carries only
times and text. One entry point, `render_export`; each format is one function of the same analysis.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime, timezone
from itertools import count
from xml.sax.saxutils import escape, quoteattr

from balint.analysis.dynamics.leader_moves import MOVE_WORDS
from balint.analysis.types import SessionAnalysis, Unit

EAF_SCHEMA = "http://www.mpi.nl/tools/elan/EAFv3.0.xsd"


def render_export(analysis: SessionAnalysis, fmt: str, quotes: bool = True) -> str:
    """The session in one of the formats of `EXPORT_FILES`; with `quotes` off, no word that was said is in it."""
    renderers: dict[str, Callable[[SessionAnalysis, bool], str]] = {
        "vtt": _webvtt, "srt": _srt, "eaf": _eaf, "textgrid": _textgrid}
    return renderers[fmt](analysis, quotes)


def coding(unit: Unit) -> str:
    """The codebook's call on a unit as a supervisor reads it: "question · closed · why challenge"."""
    return " · ".join([(unit.label or "unlabelled").lower(), *(flag.replace("_", " ") for flag in unit.flags)])


def _said(unit: Unit, quotes: bool) -> str:
    return " ".join(unit.text.split()) if quotes else ""


def _clock(seconds: float, decimal: str) -> str:
    millis = round(seconds * 1000)
    hours, rest = divmod(millis, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    return f"{hours:02d}:{minutes:02d}:{rest // 1000:02d}{decimal}{rest % 1000:03d}"


def _in_time_order(analysis: SessionAnalysis) -> list[Unit]:
    return sorted(analysis.units, key=lambda u: (u.start, u.end, u.id))


def _webvtt(analysis: SessionAnalysis, quotes: bool) -> str:
    """WebVTT: one cue a unit, the speaker as the cue's voice, the coding on its own line."""
    cues = ["WEBVTT", ""]
    for unit in _in_time_order(analysis):
        voice = analysis.speaker_name(unit.speaker).replace(">", "").replace("&", "and")
        said = escape(_said(unit, quotes))
        cues += [f"{unit.id}", f"{_clock(unit.start, '.')} --> {_clock(max(unit.end, unit.start + 0.001), '.')}",
                 f"<v {voice}>{said}" if said else f"<v {voice}>[{escape(coding(unit))}]"]
        cues += [f"[{escape(coding(unit))}]", ""] if said else [""]
    return "\n".join(cues)


def _srt(analysis: SessionAnalysis, quotes: bool) -> str:
    """SubRip: numbered cues, "Speaker: words" and the coding beneath."""
    cues = []
    for number, unit in enumerate(_in_time_order(analysis), start=1):
        said = _said(unit, quotes)
        cues += [str(number), f"{_clock(unit.start, ',')} --> {_clock(max(unit.end, unit.start + 0.001), ',')}",
                 f"{analysis.speaker_name(unit.speaker)}: {said}" if said else analysis.speaker_name(unit.speaker),
                 f"[{coding(unit)}]", ""]
    return "\n".join(cues)


def _tiers(analysis: SessionAnalysis) -> Iterator[tuple[str, str, list[tuple[float, float, Unit]]]]:
    """Per speaker (in order of first speech): its name, and its units as non-overlapping (start, end, unit).

    Annotation tools keep one speaker's intervals apart; a recogniser's unit may end a few milliseconds after the
    same speaker's next one starts, so each starts no earlier than the one before it ended."""
    by_speaker: dict[str, list[tuple[float, float, Unit]]] = {}  # speakers in order of first speech
    for unit in _in_time_order(analysis):
        spans = by_speaker.setdefault(unit.speaker, [])
        start = max(unit.start, spans[-1][1] if spans else 0.0)
        spans.append((start, max(unit.end, start + 0.001), unit))
    for speaker, spans in by_speaker.items():
        yield speaker, analysis.speaker_name(speaker), spans


def _move_spans(analysis: SessionAnalysis) -> list[tuple[float, float, str]]:
    """The leader's moves at their units' times (one speaker's units never overlap: see `_tiers`)."""
    at = {u.id: (s, e) for _, _, spans in _tiers(analysis) for s, e, u in spans}
    return [(*at[m.unit_id], MOVE_WORDS[m.move]) for m in analysis.leader_moves if m.unit_id in at]


def _episode_text(analysis: SessionAnalysis, index: int) -> str:
    episode = analysis.episodes[index]
    return f"interrogation {index + 1}{' (flagged)' if episode.flagged else ''}: {episode.reason}".rstrip(": ")


def _eaf(analysis: SessionAnalysis, quotes: bool) -> str:
    """ELAN 3.0: a tier per speaker with the words, under each a symbolic "coding" tier, and the phases, the
    interrogation episodes and the leader's moves on tiers of their own. Valid by ELAN's published schema
    (EAF_SCHEMA)."""
    slots: dict[int, str] = {}
    numbers = count(1)

    def alignable_tier(tier_id: str, kind: str, spans: list[tuple[float, float, str]],
                       participant: str = "") -> tuple[list[str], list[str]]:
        """The tier's lines and its annotations' ids."""
        lines = [f"  <TIER TIER_ID={quoteattr(tier_id)} LINGUISTIC_TYPE_REF={quoteattr(kind)}"
                 + (f" PARTICIPANT={quoteattr(participant)}" if participant else "") + ">"]
        ids = []
        for start, end, value in spans:
            ids.append(f"a{next(numbers)}")
            first, last = (slots.setdefault(round(t * 1000), f"ts{len(slots) + 1}") for t in (start, end))
            lines.append(f'    <ANNOTATION><ALIGNABLE_ANNOTATION ANNOTATION_ID="{ids[-1]}" TIME_SLOT_REF1="{first}" '
                         f'TIME_SLOT_REF2="{last}"><ANNOTATION_VALUE>{escape(value)}</ANNOTATION_VALUE>'
                         "</ALIGNABLE_ANNOTATION></ANNOTATION>")
        return lines + ["  </TIER>"], ids

    tiers: list[str] = []
    for _, name, spans in _tiers(analysis):
        lines, ids = alignable_tier(name, "utterance", [(s, e, _said(u, quotes)) for s, e, u in spans], name)
        tiers += lines + [f'  <TIER TIER_ID={quoteattr(f"coding ({name})")} LINGUISTIC_TYPE_REF="coding" '
                          f"PARENT_REF={quoteattr(name)}>"]
        tiers += [f'    <ANNOTATION><REF_ANNOTATION ANNOTATION_ID="r{parent[1:]}" ANNOTATION_REF="{parent}">'
                  f"<ANNOTATION_VALUE>{escape(coding(unit))}</ANNOTATION_VALUE></REF_ANNOTATION></ANNOTATION>"
                  for parent, (_, _, unit) in zip(ids, spans)] + ["  </TIER>"]
    tiers += alignable_tier("phase", "phase", [(p.start, max(p.end, p.start + 0.001), p.name.replace("_", " "))
                                               for p in analysis.phases])[0]
    tiers += alignable_tier("interrogation", "episode", [(e.start, max(e.end, e.start + 0.001), _episode_text(analysis, i))
                                                         for i, e in enumerate(analysis.episodes)])[0]
    tiers += alignable_tier("leader moves", "move", _move_spans(analysis))[0]
    made = (f"{analysis.meta.date}T00:00:00" if analysis.meta.date else
            datetime.now(timezone.utc).replace(microsecond=0).isoformat())
    return "\n".join([
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<ANNOTATION_DOCUMENT AUTHOR="balint" DATE="{made}" FORMAT="3.0" VERSION="3.0" '
        f'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="{EAF_SCHEMA}">',
        '  <HEADER MEDIA_FILE="" TIME_UNITS="milliseconds">',
        f'    <PROPERTY NAME="balint:source">{escape(str(analysis.source.get("name", "session")))}</PROPERTY>',
        f'    <PROPERTY NAME="balint:quotes">{"yes" if quotes else "no"}</PROPERTY>',
        "  </HEADER>",
        "  <TIME_ORDER>",
        *(f'    <TIME_SLOT TIME_SLOT_ID="{slot_id}" TIME_VALUE="{millis}"/>' for millis, slot_id in slots.items()),
        "  </TIME_ORDER>",
        *tiers,
        '  <LINGUISTIC_TYPE LINGUISTIC_TYPE_ID="utterance" TIME_ALIGNABLE="true" GRAPHIC_REFERENCES="false"/>',
        '  <LINGUISTIC_TYPE LINGUISTIC_TYPE_ID="coding" TIME_ALIGNABLE="false" GRAPHIC_REFERENCES="false" '
        'CONSTRAINTS="Symbolic_Association"/>',
        '  <LINGUISTIC_TYPE LINGUISTIC_TYPE_ID="phase" TIME_ALIGNABLE="true" GRAPHIC_REFERENCES="false"/>',
        '  <LINGUISTIC_TYPE LINGUISTIC_TYPE_ID="episode" TIME_ALIGNABLE="true" GRAPHIC_REFERENCES="false"/>',
        '  <LINGUISTIC_TYPE LINGUISTIC_TYPE_ID="move" TIME_ALIGNABLE="true" GRAPHIC_REFERENCES="false"/>',
        '  <CONSTRAINT STEREOTYPE="Symbolic_Association" DESCRIPTION="1-1 association with a parent annotation"/>',
        "</ANNOTATION_DOCUMENT>", ""])


def _textgrid(analysis: SessionAnalysis, quotes: bool) -> str:
    """Praat's long TextGrid: interval tiers (words and coding per speaker, phases, episodes, the leader's moves),
    each covering the
    whole session, its silences as empty intervals."""
    end = max([analysis.duration_s, *(u.end for u in analysis.units), *(p.end for p in analysis.phases)])
    tiers: list[tuple[str, list[tuple[float, float, str]]]] = []
    for _, name, spans in _tiers(analysis):
        tiers.append((name, [(s, e, _said(u, quotes)) for s, e, u in spans]))
        tiers.append((f"coding ({name})", [(s, e, coding(u)) for s, e, u in spans]))
    tiers.append(("phase", [(p.start, p.end, p.name.replace("_", " ")) for p in analysis.phases]))
    tiers.append(("interrogation", [(e.start, e.end, _episode_text(analysis, i)) for i, e in enumerate(analysis.episodes)]))
    tiers.append(("leader moves", _move_spans(analysis)))

    def number(seconds: float) -> str:
        return f"{seconds:.3f}".rstrip("0").rstrip(".") or "0"

    def text(value: str) -> str:
        return '"' + value.replace('"', '""') + '"'

    lines = ['File type = "ooTextFile"', 'Object class = "TextGrid"', "", "xmin = 0", f"xmax = {number(end)}",
             "tiers? <exists>", f"size = {len(tiers)}", "item []:"]
    for index, (tier_name, labelled) in enumerate(tiers, start=1):
        intervals: list[tuple[float, float, str]] = []
        cursor = 0.0
        for start, stop, value in labelled:
            start, stop = round(max(start, cursor), 3), round(min(stop, end), 3)
            if stop <= start:
                continue
            if start > cursor:
                intervals.append((cursor, start, ""))
            intervals.append((start, stop, value))
            cursor = stop
        if cursor < end:
            intervals.append((cursor, end, ""))
        lines += [f"    item [{index}]:", '        class = "IntervalTier"', f"        name = {text(tier_name)}",
                  "        xmin = 0", f"        xmax = {number(end)}", f"        intervals: size = {len(intervals)}"]
        for position, (start, stop, value) in enumerate(intervals, start=1):
            lines += [f"        intervals [{position}]:", f"            xmin = {number(start)}",
                      f"            xmax = {number(stop)}", f"            text = {text(value)}"]
    return "\n".join(lines) + "\n"
