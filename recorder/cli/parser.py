"""The `balint` command line: arguments, help that teaches, and which function runs each command."""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import get_args

from balint.analysis.files import EXPORT_FILES
from balint.analysis.i18n import REPORT_LANGUAGES
from balint.analysis.types import BACKENDS, MAX_SPEAKERS, Audience, BalintError, check_date
from balint.models.catalog import EMBEDDED_SPEECH_MODEL
from balint.recorder.cli import EXIT_USAGE
from balint.recorder.cli import commands as cmd

#: The bundled demo: seven voices round one table, heard by the default diariser.
DEMO = "examples/demo/session.flac --speakers 7"

EPILOG = f"""examples:
  balint analyse {DEMO}
  balint report ~/.local/share/balint/sessions/…/session.json --presenter SPEAKER_02
  balint transcribe interview.m4a --json words.json
  balint analyse sitzung.m4a --language de     # any language Whisper knows; left out, it is heard
  balint diarize session.wav --speakers 8 --rttm who.rttm
  echo "Did you check her thyroid?" | balint classify
  balint record                  # consent, live screen, encrypted capture, report, audio destroyed
  balint history --html trends.html   # a leader's sessions over time, for supervision
  balint models                  # what is available offline

Nothing is sent over the network. Reports are written readable by you alone. -v says what each
stage decided."""


class _OneLineParser(argparse.ArgumentParser):
    """Usage errors in one line, pointing at --help, instead of the whole usage block."""

    def error(self, message: str):  # argparse calls it on a usage error; exit() never returns
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message} (see '{self.prog} --help')\n")


def _speaker_count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number of speakers, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1 (got {value}); leave it out to estimate the count")
    if value > MAX_SPEAKERS:
        raise argparse.ArgumentTypeError(f"balint tells apart at most {MAX_SPEAKERS} speakers (got {value})")
    return value


def _add_report_language(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--report-language", choices=REPORT_LANGUAGES, metavar="L",
                        help=f"write the reports in this language ({', '.join(REPORT_LANGUAGES)}) instead of the "
                             "session's own")


def _add_model(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--language", type=str.lower, default="auto", metavar="L",
                        help="the session's language: auto (default: heard in the first speech), or a code such as "
                             "en or de. English is transcribed by tiny.en, every other language by the embedded "
                             "multilingual model; utterance labels exist for English so far")
    _add_report_language(parser)
    parser.add_argument("--model", metavar="M",
                        help=f"speech model: by default {EMBEDDED_SPEECH_MODEL} for English and the embedded "
                             "multilingual base otherwise; or a name fetched with 'balint models fetch', or a "
                             "faster-whisper model directory")


def _add_speakers(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--speakers", type=_speaker_count, metavar="N",
                        help="how many people spoke (the leader included); strongly improves who-spoke-when. "
                             "Leave out to estimate")
    parser.add_argument("--min-speakers", type=_speaker_count, metavar="N",
                        help="at least N spoke (the default diariser never splits a voice to reach it)")
    parser.add_argument("--max-speakers", type=_speaker_count, metavar="N",
                        help="at most N spoke, e.g. the people present")


def _add_backend(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--backend", choices=BACKENDS, default=BACKENDS[0],
                        help="diariser: overlap (default, no download: segmentation-3.0 and CAM++; finds overlapping "
                             "speech; built for real rooms); embedded (no download: GE2E, about five times faster, no "
                             "overlap; weaker in real rooms); pyannote "
                             "(optional extra, your own weights)")
    parser.add_argument("--pyannote", metavar="DIR|ID",
                        help="pyannote pipeline: a local directory with config.yaml, or a hub id fetched before "
                             "with 'balint models fetch ID'")


def _add_roles(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--leader", metavar="SPEAKER", help="the leader's speaker id (e.g. SPEAKER_00); default: inferred")
    parser.add_argument("--presenter", metavar="SPEAKER", help="the presenter's speaker id; default: inferred")


def _add_no_quotes(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--no-quotes", action="store_true",
                        help="leave every word that was said out of every output (JSON, HTML, terminal, exports)")


def _date(text: str) -> str:
    try:
        return check_date(text, "the date")
    except BalintError:
        raise argparse.ArgumentTypeError(f"expected a calendar date written YYYY-MM-DD, got {text!r}") from None


def _add_meta(parser: argparse.ArgumentParser, date_default: str) -> None:
    """What the supervision history groups and orders sessions by; stored in session.json."""
    meta = parser.add_argument_group("about the session (for 'balint history')")
    meta.add_argument("--group", metavar="NAME", help="the Balint group, e.g. 'Tuesday GP group'")
    meta.add_argument("--leader-name", metavar="NAME", help="who led it (the leader in training, for supervision)")
    meta.add_argument("--date", type=_date, metavar="YYYY-MM-DD", help=f"when it took place (default: {date_default})")
    meta.add_argument("--case", metavar="TITLE", help="a short title for the case (never shown in the group's report)")


def _add_audience(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--audience", choices=get_args(Audience), default="leader",
                        help="leader (default): the full report, report.html; group: group-report.html, for the "
                             "group to read together: no names or speaker ids, no quotes, no per-person table")
    parser.add_argument("--group-quotes", action="store_true",
                        help="with --audience group: show the questions' words (never who asked them)")


def _add_deletion(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--dry-run", action="store_true", help="only say what would be deleted")
    parser.add_argument("-y", "--yes", action="store_true", help="do not ask before deleting (a terminal asks)")


def _reassignment(text: str) -> tuple[str, str]:
    old, sep, new = text.partition("=")
    if not sep or not old or not new:
        raise argparse.ArgumentTypeError(f"expected OLD=NEW, got {text!r}")
    return old.strip(), new.strip()


def _add_threads(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--threads", type=int, default=min(4, os.cpu_count() or 2), metavar="T",
                        help="CPU threads per stage (default: %(default)s)")


def _command(commands, name: str, run, summary: str, description: str, examples: tuple[str, ...] = (),
             aliases: tuple[str, ...] = (), note: str = "") -> argparse.ArgumentParser:
    """One subcommand: its help, a description, examples that teach, and the function that runs it."""
    epilog = "\n".join((["examples:"] + [f"  {e}" for e in examples] if examples else []) + ([note] if note else []))
    command = commands.add_parser(name, aliases=list(aliases), help=summary, description=description,
                                  epilog=epilog or None, formatter_class=argparse.RawDescriptionHelpFormatter)
    command.set_defaults(func=run)
    return command


def build_parser() -> argparse.ArgumentParser:
    parser = _OneLineParser(prog="balint", description="Private recorder and analyser for Balint groups: "
                            "who spoke when, what kind of utterance, and where the presenter was questioned.",
                            epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--debug", action="store_true", help="show tracebacks for internal errors")
    parser.add_argument("-v", "--verbose", action="count", default=0,
                        help="say what each stage decided (-vv: everything, for a bug report)")
    parser.set_defaults(func=None)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_OneLineParser)
    for add in (_analyse, _devices, _record, _report, _history, _forget, _transcribe, _diarize, _classify, _models):
        add(commands)
    return parser


def _analyse(commands) -> None:
    analyse = _command(
        commands, "analyse", cmd.cmd_analyse, "analyse a recording (or a transcript) end to end",
        "Transcribe, diarise, label and interpret a session: roles, phases, questions to the presenter, "
        "interrogation episodes. Writes DIR/session.json and DIR/report.html (private to you) and prints what "
        "stood out.",
        (f"balint analyse {DEMO}", "balint analyse session.flac --max-speakers 9",
         "balint analyse --transcript corrected.jsonl --presenter SPEAKER_03"),
        aliases=("analyze",),
        note="transcript lines: {\"speaker\": \"SPEAKER_01\", \"start\": 12.3, \"end\": 15.0, \"text\": \"…\"} "
             "(\"role\": leader/presenter/member optional)")
    analyse.add_argument("audio", type=Path, nargs="?", help="recording (wav, flac, mp3, m4a, ogg, …)")
    analyse.add_argument("--transcript", type=Path, metavar="T.jsonl",
                         help="start from a transcript instead of audio (corrected or from another tool)")
    _add_speakers(analyse)
    _add_model(analyse)
    _add_backend(analyse)
    _add_roles(analyse)
    analyse.add_argument("--out", type=Path, metavar="DIR",
                         help="report folder (default: a new folder under ~/.local/share/balint/sessions)")
    analyse.add_argument("--delete-source", action="store_true",
                         help="delete the recording file after a successful analysis (never otherwise; "
                              "refused for links and files with several names)")
    _add_no_quotes(analyse)
    _add_audience(analyse)
    _add_meta(analyse, "the recording file's date")
    _add_threads(analyse)


def _devices(commands) -> None:
    _command(commands, "devices", cmd.cmd_devices, "list microphones",
             "List the audio input devices balint can record from.")


def _record(commands) -> None:
    record = _command(
        commands, "record", cmd.cmd_record, "record a session (consented, encrypted), analyse it, destroy the audio",
        "Record a session from a microphone. Audio is sealed in AES-256-GCM chunks under a key held only in memory, "
        "analysed while you record, and destroyed when the report is written (also on Ctrl-C, SIGTERM, a lost "
        "device or a full disk). Keys while recording: p presentation, q clarifying questions, d discussion, "
        "r presenter returns, c closing, s stop.",
        ("balint record                                 # asks for consent, default microphone",
         "balint record --participants 9 --consent-confirmed --device USB --duration 5400"))
    record.add_argument("--device", metavar="NAME|INDEX", help="input device (default: the system's default input)")
    record.add_argument("--participants", type=_speaker_count, metavar="N",
                        help="people present, the leader included; all must have agreed to the recording")
    record.add_argument("--consent-confirmed", action="store_true",
                        help="for scripted use: confirms that all N participants consented (else you are asked)")
    record.add_argument("--duration", type=float, metavar="SECONDS", help="stop after this long (default: press s)")
    record.add_argument("--leader-first", action="store_true", help="the first person to speak is the leader")
    record.add_argument("--out", type=Path, metavar="DIR", help="report folder (default: under ~/.local/share/balint/sessions)")
    _add_model(record)
    _add_backend(record)
    _add_no_quotes(record)
    _add_audience(record)
    _add_meta(record, "today")
    _add_threads(record)


def _report(commands) -> None:
    report = _command(
        commands, "report", cmd.cmd_report, "re-render a session.json: correct roles or speakers, hide quotes",
        "Re-render session.json as report.html, session.json and a terminal summary. Correct who is who "
        "(--leader, --presenter), merge or re-assign speakers the diariser split (--speaker OLD=NEW); roles, "
        "phases, episodes and feedback are then recomputed. A session.json is checked field by field first. "
        "With --audience group, only group-report.html is written, into --out (the group's own folder). "
        "With --export, the session is written for a supervisor's own tools instead: subtitles to play beside a "
        "recording (vtt, srt) or annotation tiers per speaker, with the coding, phases and episodes (ELAN's eaf, "
        "Praat's textgrid). Exports carry no audio, and no words with --no-quotes.",
        ("balint report ~/.local/share/balint/sessions/x/session.json --presenter SPEAKER_02",
         "balint report session.json --speaker SPEAKER_05=SPEAKER_01 --no-quotes --out shareable/",
         "balint report ~/.local/share/balint/sessions/x --audience group --out for-the-group/",
         "balint report ~/.local/share/balint/sessions/x --export eaf --export textgrid --out for-supervision/"))
    report.add_argument("session", type=Path, help="a session.json written by balint analyse, or its folder")
    _add_roles(report)
    report.add_argument("--speaker", action="append", default=[], metavar="OLD=NEW", type=_reassignment,
                        help="give OLD's talk to NEW (merge a split speaker or fix a mix-up); repeatable")
    report.add_argument("--out", type=Path, metavar="DIR", help="where to write (default: beside session.json)")
    report.add_argument("--export", action="append", choices=tuple(EXPORT_FILES), metavar="FORMAT",
                        help=f"write the session as {', '.join(EXPORT_FILES)} for a supervisor's tools (repeatable); "
                             "the report itself is left as it is")
    _add_no_quotes(report)
    _add_report_language(report)
    _add_audience(report)
    _add_meta(report, "as stored")


def _history(commands) -> None:
    history = _command(
        commands, "history", cmd.cmd_history, "a leader's sessions side by side, over time (supervision)",
        "Find the analyses (session.json) in balint's sessions folder or the folders given, group them by group and "
        "leader, order them by date and print a table per leader: length, interrogation episodes, the leader's "
        "latency to redirect and talk share, the presenter's talk in the discussion, speculation and feeling in the "
        "discussion, advice, silences. Unreadable files are named on stderr and skipped.",
        ("balint history", "balint history reports/ --leader-name 'Dr Weiss' --since 2026-01-01",
         "balint history --html trends.html          # charts over time, each point linking to its report",
         "balint history --csv sessions.csv          # one flat row per session, for research",
         "balint history --purge --until 2025-12-31 --dry-run  # what deleting up to that date would remove"))
    history.add_argument("folders", type=Path, nargs="*", metavar="DIR",
                         help="folders to search (default: ~/.local/share/balint/sessions)")
    history.add_argument("--group", metavar="NAME", help="only this group")
    history.add_argument("--leader-name", metavar="NAME", help="only this leader")
    history.add_argument("--since", type=_date, metavar="YYYY-MM-DD", help="only sessions on or after this date")
    history.add_argument("--until", type=_date, metavar="YYYY-MM-DD", help="only sessions on or before this date")
    history.add_argument("--json", type=Path, metavar="OUT", help="write the history as a versioned JSON document (- for stdout)")
    history.add_argument("--csv", type=Path, metavar="OUT", help="write one flat row per session (- for stdout)")
    history.add_argument("--html", type=Path, metavar="OUT", help="write the trend report: one chart per measure")
    history.add_argument("--purge", action="store_true", help="delete the sessions found (needs --until), saying what went")
    _add_report_language(history)
    _add_deletion(history)


def _forget(commands) -> None:
    forget = _command(commands, "forget", cmd.cmd_forget, "delete one session's files",
                      "Delete a session's session.json and its reports, and its folder when nothing else is in it. "
                      "Other files in the folder are left alone; a path through a symbolic link is refused.",
                      ("balint forget ~/.local/share/balint/sessions/session-20260112-100000 --dry-run",
                       "balint forget ~/.local/share/balint/sessions/session-20260112-100000/session.json --yes"))
    forget.add_argument("session", type=Path, metavar="SESSION", help="the session's folder, or its session.json")
    _add_deletion(forget)


def _transcribe(commands) -> None:
    transcribe = _command(commands, "transcribe", cmd.cmd_transcribe, "speech to timed words (faster-whisper)",
                          "Transcribe a recording; print timed text, or write words as JSON.",
                          ("balint transcribe interview.m4a --json words.json",))
    transcribe.add_argument("audio", type=Path)
    _add_model(transcribe)
    transcribe.add_argument("--json", type=Path, metavar="OUT", help="write the words with times to OUT")
    _add_threads(transcribe)


def _diarize(commands) -> None:
    diarize = _command(commands, "diarize", cmd.cmd_diarize, "who spoke when (speaker turns as RTTM)",
                       "Find who spoke when; print RTTM, or write it to a file.",
                       ("balint diarize session.wav --speakers 8 --rttm who.rttm",), aliases=("diarise",))
    diarize.add_argument("audio", type=Path)
    _add_speakers(diarize)
    _add_backend(diarize)
    diarize.add_argument("--rttm", type=Path, metavar="OUT", help="write the speaker turns as RTTM to OUT")
    _add_threads(diarize)


def _classify(commands) -> None:
    classify = _command(
        commands, "classify", cmd.cmd_classify, "label utterances: QUESTION, SPECULATION, FEELING, ADVICE, OTHER",
        "Label each line by the Balint codebook. Input: JSON Lines ({\"id\":…, \"text\":…}; speaker, start and end, "
        "when present, let neighbouring turns inform the label; rising_pitch true/false, when measured, helps with "
        "questions that lack a \"?\") or plain text, one utterance per line. Output: the "
        "same records as JSON Lines with label, flags, confidence and cues added. Unreadable lines are reported on "
        "stderr and skipped; the exit status is 1 if any line was skipped.",
        ("echo 'Did you check her thyroid?' | balint classify", "balint classify units.jsonl > labelled.jsonl"))
    classify.add_argument("input", nargs="?", default="-", help="file to read, or - for standard input (default)")


def _models(commands) -> None:
    models = _command(commands, "models", cmd.cmd_models, "list models available offline; fetch upgrades",
                      "List what balint can use offline, join the multilingual model's halves into one file (less "
                      "memory), or fetch an upgrade (the one command that uses the network). "
                      "A Hugging Face token for gated pyannote pipelines is read from HF_TOKEN, or asked for unseen: "
                      "never give it on the command line, where the process list and shell history keep it.",
                      ("balint models", "balint models join", "balint models fetch base.en",
                       "balint models fetch pyannote/speaker-diarization-community-1   # asks for your token"))
    actions = models.add_subparsers(dest="models_command", metavar="ACTION", parser_class=_OneLineParser)
    actions.add_parser("list", help="list models (default)")
    actions.add_parser("join", help="write the embedded multilingual model's two halves as one file (no network; "
                                    "about 160 MB less memory for sessions in languages other than English)")
    fetch = actions.add_parser("fetch", help="download a model, e.g. base.en or a pyannote pipeline (network)")
    fetch.add_argument("name", help="faster-whisper name (base.en, small.en, large-v3) or a pyannote hub id "
                                    "(pyannote/speaker-diarization-community-1)")
