"""The `balint` command: where the stages are composed for the user.

Every expected failure becomes one line on stderr and a non-zero exit;
the network is off for every command except `balint models fetch`.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

EXIT_ERROR, EXIT_USAGE, EXIT_INTERRUPTED, EXIT_INTERNAL = 1, 2, 130, 70

EPILOG = """examples:
  balint analyse examples/demo/session.flac --speakers 7
  balint report ~/.local/share/balint/sessions/…/session.json --presenter SPEAKER_02
  balint transcribe interview.m4a --json words.json
  balint diarize session.wav --speakers 8 --rttm who.rttm
  echo "Did you check her thyroid?" | balint classify
  balint record                  # consent, live screen, encrypted capture, report, audio destroyed
  balint models                  # what is available offline

Nothing is sent over the network. Reports are written readable by you alone."""


class _OneLineParser(argparse.ArgumentParser):
    """Usage errors in one line, pointing at --help, instead of the whole usage block."""

    def error(self, message: str):  # type: ignore[override]
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message} (see '{self.prog} --help')\n")


def _speaker_count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number of speakers, got {text!r}") from None
    from analysis.types import MAX_SPEAKERS

    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1 (got {value}); leave it out to estimate the count")
    if value > MAX_SPEAKERS:
        raise argparse.ArgumentTypeError(f"balint tells apart at most {MAX_SPEAKERS} speakers (got {value})")
    return value


def _add_model(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--model", default="tiny.en", metavar="M",
                        help="speech model: tiny.en (embedded, default), a name fetched with "
                             "'balint models fetch', or a faster-whisper model directory")


def _add_speakers(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--speakers", type=_speaker_count, metavar="N",
                        help="how many people spoke (the leader included); strongly improves who-spoke-when. "
                             "Leave out to estimate")


def _add_backend(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--backend", choices=("embedded", "pyannote"), default="embedded",
                        help="diariser: embedded (default, no download) or pyannote (optional extra, your own weights)")
    parser.add_argument("--pyannote", metavar="DIR|ID",
                        help="pyannote pipeline: a local directory with config.yaml, or a hub id fetched before "
                             "with 'balint models fetch ID --token …'")


def _add_roles(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--leader", metavar="SPEAKER", help="the leader's speaker id (e.g. SPEAKER_00); default: inferred")
    parser.add_argument("--presenter", metavar="SPEAKER", help="the presenter's speaker id; default: inferred")


def _add_no_quotes(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--no-quotes", action="store_true",
                        help="leave every word that was said out of every output (JSON, HTML, terminal)")


def _reassignment(text: str) -> tuple[str, str]:
    old, sep, new = text.partition("=")
    if not sep or not old or not new:
        raise argparse.ArgumentTypeError(f"expected OLD=NEW, got {text!r}")
    return old.strip(), new.strip()


def _add_threads(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--threads", type=int, default=min(4, os.cpu_count() or 2), metavar="T",
                        help="CPU threads per stage (default: %(default)s)")


def build_parser() -> argparse.ArgumentParser:
    parser = _OneLineParser(prog="balint", description="Private recorder and analyser for Balint groups: "
                            "who spoke when, what kind of utterance, and where the presenter was questioned.",
                            epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--debug", action="store_true", help="show tracebacks for internal errors")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_OneLineParser)

    analyse = commands.add_parser(
        "analyse", aliases=["analyze"], help="analyse a recording (or a transcript) end to end",
        description="Transcribe, diarise, label and interpret a session: roles, phases, questions to the presenter, "
                    "interrogation episodes. Writes DIR/session.json and DIR/report.html (private to you) and prints "
                    "what stood out.", formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="examples:\n  balint analyse session.flac --speakers 8\n"
               "  balint analyse --transcript corrected.jsonl --presenter SPEAKER_03\n"
               "transcript lines: {\"speaker\": \"SPEAKER_01\", \"start\": 12.3, \"end\": 15.0, \"text\": \"…\"} "
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
                         help="delete the recording file after a successful analysis (never otherwise)")
    _add_no_quotes(analyse)
    _add_threads(analyse)

    commands.add_parser("devices", help="list microphones", description="List the audio input devices balint can record from.")

    record = commands.add_parser(
        "record", help="record a session (consented, encrypted), analyse it, destroy the audio",
        description="Record a session from a microphone. Audio is sealed in AES-256-GCM chunks under a key held only "
                    "in memory, transcribed and embedded while you record, and destroyed when the report is written "
                    "(also on Ctrl-C, SIGTERM, a lost device or a full disk). Keys while recording: p presentation, "
                    "q clarifying questions, d discussion, r presenter returns, c closing, s stop.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="examples:\n  balint record                                 # asks for consent, default microphone\n"
               "  balint record --participants 9 --consent-confirmed --device USB --duration 5400")
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
    _add_threads(record)

    report = commands.add_parser(
        "report", help="re-render a session.json: correct roles or speakers, hide quotes",
        description="Re-render session.json as report.html, session.json and a terminal summary. Correct who is who "
                    "(--leader, --presenter), merge or re-assign speakers the diariser split (--speaker OLD=NEW); "
                    "roles, phases, episodes and feedback are recomputed.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="examples:\n  balint report ~/.local/share/balint/sessions/x/session.json --presenter SPEAKER_02\n"
               "  balint report session.json --speaker SPEAKER_05=SPEAKER_01 --no-quotes --out shareable/")
    report.add_argument("session", type=Path, help="a session.json written by balint analyse")
    _add_roles(report)
    report.add_argument("--speaker", action="append", default=[], metavar="OLD=NEW", type=_reassignment,
                        help="give OLD's talk to NEW (merge a split speaker or fix a mix-up); repeatable")
    report.add_argument("--out", type=Path, metavar="DIR", help="where to write (default: beside session.json)")
    _add_no_quotes(report)

    transcribe = commands.add_parser("transcribe", help="speech to timed words (faster-whisper)",
                                     description="Transcribe a recording; print timed text, or write words as JSON.")
    transcribe.add_argument("audio", type=Path)
    _add_model(transcribe)
    transcribe.add_argument("--json", type=Path, metavar="OUT", help="write the words with times to OUT")
    _add_threads(transcribe)

    diarize = commands.add_parser("diarize", aliases=["diarise"], help="who spoke when (embedded diariser)",
                                  description="Find who spoke when; print RTTM, or write it to a file.")
    diarize.add_argument("audio", type=Path)
    _add_speakers(diarize)
    _add_backend(diarize)
    diarize.add_argument("--rttm", type=Path, metavar="OUT", help="write the speaker turns as RTTM to OUT")
    _add_threads(diarize)

    classify = commands.add_parser(
        "classify", help="label utterances: QUESTION, SPECULATION, FEELING, ADVICE, OTHER",
        description="Label each line by the Balint codebook. Input: JSON Lines ({\"id\":…, \"text\":…}; speaker, "
                    "start and end, when present, let neighbouring turns inform the label) or plain text, one "
                    "utterance per line. Output: the same records as JSON Lines with label, flags, confidence "
                    "and cues added. Unreadable lines are reported on stderr and skipped; the exit status is 1 "
                    "if any line was skipped.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="examples:\n  echo 'Did you check her thyroid?' | balint classify\n"
               "  balint classify units.jsonl > labelled.jsonl")
    classify.add_argument("input", nargs="?", default="-", help="file to read, or - for standard input (default)")

    models = commands.add_parser("models", help="list models available offline; fetch upgrades",
                                 description="List what balint can use offline, or fetch an upgrade (needs network).")
    models_commands = models.add_subparsers(dest="models_command", metavar="ACTION", parser_class=_OneLineParser)
    models_commands.add_parser("list", help="list models (default)")
    fetch = models_commands.add_parser("fetch", help="download a model, e.g. base.en or a pyannote pipeline (network)")
    fetch.add_argument("name", help="faster-whisper name (base.en, small.en, large-v3) or a pyannote hub id "
                                    "(pyannote/speaker-diarization-community-1)")
    fetch.add_argument("--token", help="your Hugging Face token, for gated pyannote pipelines")
    return parser


def _default_out_dir(audio: Path) -> Path:
    base = Path(os.environ.get("XDG_DATA_HOME", Path.home() / ".local" / "share")) / "balint" / "sessions"
    return base / f"{audio.stem}-{time.strftime('%Y%m%d-%H%M%S')}"


class _Bars:
    """Turns the stages' progress calls into one rich bar per stage, on stderr."""

    LABELS = {"load": "decoding audio", "transcribe": "transcribing", "diarize": "who spoke when",
              "align": "building units", "classify": "labelling units", "patterns": "finding patterns"}

    def __init__(self) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeElapsedColumn

        self._progress = Progress(TextColumn("{task.description:<16}"), BarColumn(), TaskProgressColumn(),
                                  TimeElapsedColumn(), console=Console(stderr=True), transient=True)
        self._tasks: dict[str, int] = {}

    def __enter__(self) -> "_Bars":
        self._progress.__enter__()
        return self

    def __exit__(self, *exc) -> None:
        self._progress.__exit__(*exc)

    def __call__(self, stage: str, completed: float, total: float) -> None:
        if stage not in self._tasks:
            self._tasks[stage] = self._progress.add_task(self.LABELS.get(stage, stage), total=total or 1)
        self._progress.update(self._tasks[stage], completed=completed, total=total or 1)


def _settings(args: argparse.Namespace):
    from analysis.asr import TranscribeOptions
    from analysis.diarize import DiarizeOptions
    from analysis.pipeline import AnalysisSettings

    threads = max(1, args.threads)
    return AnalysisSettings(
        model=getattr(args, "model", "tiny.en"),
        backend=getattr(args, "backend", "embedded"),
        pyannote=getattr(args, "pyannote", None),
        transcribe=TranscribeOptions(threads=threads),
        diarize=DiarizeOptions(speakers=getattr(args, "speakers", None), threads=threads),
    )


def check_input_path(path: Path) -> None:
    """Cheap checks on an input file before any progress bar is drawn, so a wrong path is one clean line."""
    from analysis.types import BalintError

    if not path.exists():
        raise BalintError(f"{path}: no such file")
    if path.is_file() and path.stat().st_size == 0:
        raise BalintError(f"{path} is empty (0 bytes): nothing to analyse")


def cmd_analyse(args: argparse.Namespace) -> int:
    from analysis.files import check_writable_dir
    from analysis.pipeline import Known, analyse_file, analyse_transcript
    from analysis.report import write_reports
    from analysis.types import BalintError

    if (args.audio is None) == (args.transcript is None):
        raise BalintError("give a recording or --transcript T.jsonl (one of them)")
    source = args.audio or args.transcript
    out_dir = args.out or _default_out_dir(source)
    check_input_path(source)
    check_writable_dir(out_dir)
    deletable = None
    if args.delete_source:
        from recorder.deletion import check_deletable

        if args.transcript:
            raise BalintError("--delete-source deletes a recording; it does not apply to --transcript")
        deletable = check_deletable(args.audio)
    known = Known(leader=args.leader, presenter=args.presenter)
    with _Bars() as bars:
        if args.transcript:
            analysis = analyse_transcript(args.transcript, _settings(args), known, bars)
        else:
            analysis = analyse_file(args.audio, _settings(args), bars, known)
    if deletable is not None:
        from recorder.deletion import delete_source

        write_reports(analysis, out_dir, quotes=not args.no_quotes)  # the report exists before the file goes
        analysis.deletion_receipt = delete_source(args.audio, deletable)
    return _publish(analysis, out_dir, quotes=not args.no_quotes)


def cmd_devices(args: argparse.Namespace) -> int:
    from recorder.capture import input_devices

    devices = input_devices()
    if not devices:
        print("no input devices found: connect a microphone, or check that the sound server runs")
        return 1
    for device in devices:
        print(f"{'*' if device.is_default else ' '} {device.index:>3}  {device.name}  "
              f"({device.channels} ch, {device.default_rate:.0f} Hz)")
    return 0


def _consent(args: argparse.Namespace) -> int:
    """Recording starts only after the leader confirms that everyone present agreed."""
    from analysis.types import BalintError

    if args.participants and args.consent_confirmed:
        return args.participants
    if not sys.stdin.isatty():
        raise BalintError("consent not confirmed: run balint record in a terminal, or pass "
                          "--participants N --consent-confirmed once everyone present has agreed")
    count = args.participants
    while not count:
        answer = input("How many people are present, you included? ").strip()
        count = int(answer) if answer.isdigit() and int(answer) > 0 else None
    answer = input(f"Have all {count} agreed to this session being recorded and analysed? [y/N] ").strip().lower()
    if answer not in ("y", "yes"):
        raise BalintError("not recording: consent was not confirmed")
    return count


def cmd_record(args: argparse.Namespace) -> int:
    from dataclasses import replace

    from recorder.capture import find_device
    from recorder.live import screen, single_keys
    from recorder.session import Recording, RecordOptions

    participants = _consent(args)
    device = find_device(args.device)
    settings = _settings(args)
    settings = replace(settings, diarize=replace(settings.diarize, speakers=participants))
    recording = Recording(device, RecordOptions(participants=participants, duration_s=args.duration,
                                                leader_first=args.leader_first, settings=settings))
    from rich.console import Console
    from rich.live import Live

    console = Console(stderr=True)
    console.print(f"recording from {device.name} at {recording.capture.stats.rate} Hz; "
                  f"{participants} participants consented")
    with single_keys(recording), Live(screen(recording), console=console, refresh_per_second=4,
                                      transient=True) as live:
        analysis = recording.run(on_tick=lambda r: live.update(screen(r)))
    receipt = analysis.deletion_receipt
    console.print(f"stopped ({recording.stop_reason}); audio destroyed: {receipt.chunks} chunks unlinked, key "
                  f"{'wiped' if receipt.key_wiped else 'NOT verified as wiped'} at {receipt.deleted_at}")
    return _publish(analysis, args.out or _default_out_dir(Path("recording")), quotes=not args.no_quotes)


def _publish(analysis, out_dir: Path, quotes: bool) -> int:
    from analysis.report import summary_lines, write_reports

    paths = write_reports(analysis, out_dir, quotes=quotes)
    print("\n".join(summary_lines(analysis, quotes=quotes)))
    print("report: " + "  ".join(str(p) for p in paths))
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    """Re-render a checked session.json; with corrections (or metrics from an older balint), re-derive roles,
    phases, episodes, metrics and feedback first."""
    from analysis.files import check_writable_dir
    from analysis.patterns import PatternSettings
    from analysis.pipeline import Known, interpret, reassign_speakers
    from analysis.report import read_session_json
    from analysis.types import BalintError, from_plain

    out_dir = args.out or args.session.parent
    if args.no_quotes and out_dir.resolve() == args.session.parent.resolve():
        raise BalintError("--no-quotes would overwrite the quoted session.json beside it: give --out FOLDER for "
                          "the copy without quotes")
    check_writable_dir(out_dir)
    analysis = read_session_json(args.session)
    stored = from_plain(Known, analysis.settings.get("known") or {}, f"{args.session}: settings.known")
    patterns = from_plain(PatternSettings, analysis.settings.get("patterns") or {}, f"{args.session}: settings.patterns")
    speakers = {u.speaker for u in analysis.units}
    for old, new in args.speaker:
        if old not in speakers:
            raise BalintError(f"--speaker {old}={new}: no speaker {old!r} in this session ({', '.join(sorted(speakers))})")
    for named in (args.leader, args.presenter):
        if named and named not in speakers | {new for _, new in args.speaker}:
            raise BalintError(f"no speaker {named!r} in this session ({', '.join(sorted(speakers))})")
    stale = analysis.units and not analysis.metrics.talk_time_s.per_person  # a 1.x file: metrics not readable
    if not (args.speaker or args.leader or args.presenter or stale):
        return _publish(analysis, out_dir, quotes=not args.no_quotes)
    mapping = dict(args.speaker)
    analysis = reassign_speakers(analysis, mapping)
    stored = stored.renamed(mapping)
    corrected = {args.leader, args.presenter} - {None}
    known = Known(leader=args.leader or (stored.leader if stored.leader not in corrected else None),
                  presenter=args.presenter or (stored.presenter if stored.presenter not in corrected else None),
                  roles={s: r for s, r in stored.roles.items() if s not in corrected}, marks=stored.marks)
    return _publish(interpret(analysis, patterns, known), out_dir, quotes=not args.no_quotes)


def cmd_transcribe(args: argparse.Namespace) -> int:
    from dataclasses import asdict

    from analysis.align import ends_sentence
    from analysis.asr import transcribe
    from analysis.audio import check_has_sound, load_audio
    from analysis.files import write_private
    from analysis.format import clock
    from analysis.types import BalintError
    from models.catalog import resolve_speech_model

    settings = _settings(args)
    audio = load_audio(args.audio)
    check_has_sound(audio)
    model = resolve_speech_model(args.model)
    with _Bars() as bars:
        transcript = transcribe(audio, model, settings.transcribe, bars)
    if not transcript.words:
        raise BalintError(f"{args.audio}: no speech found in {audio.duration_s:.0f} s of audio")
    if args.json:
        write_private(args.json, json.dumps({"language": transcript.language, "model": asdict(model),
                                             "words": [asdict(w) for w in transcript.words]}, indent=1) + "\n")
        print(f"{len(transcript.words)} words → {args.json}")
    else:
        line: list[str] = []
        for word in transcript.words:
            if not line:
                start = word.start
            line.append(word.text)
            if ends_sentence(word.text):
                print(f"[{clock(start)}] {' '.join(line)}")
                line = []
        if line:
            print(f"[{clock(start)}] {' '.join(line)}")
    return 0


def cmd_diarize(args: argparse.Namespace) -> int:
    from analysis.audio import check_has_sound, load_audio
    from analysis.diarize import diarize

    settings = _settings(args)
    audio = load_audio(args.audio)
    check_has_sound(audio)
    with _Bars() as bars:
        if settings.backend == "pyannote":
            from analysis.pipeline import diarize_with_pyannote

            who_spoke = diarize_with_pyannote(audio, settings, bars)
        else:
            who_spoke = diarize(audio, settings.diarize, bars)
    if not who_spoke:
        from analysis.types import BalintError

        raise BalintError(f"{args.audio}: no speech found in {audio.duration_s:.0f} s of audio")
    if args.rttm:
        from io import StringIO

        from analysis.files import write_private

        buffer = StringIO()
        who_spoke.write_rttm(buffer)
        write_private(args.rttm, buffer.getvalue())
        print(f"{len(who_spoke.labels())} speakers, {len(who_spoke)} turns → {args.rttm}")
    else:
        who_spoke.write_rttm(sys.stdout)
    return 0


def cmd_classify(args: argparse.Namespace) -> int:
    from analysis.classify import classify_records, read_records

    if args.input == "-":
        source = sys.stdin.buffer
    else:
        check_input_path(Path(args.input))  # the same clear messages for a missing or empty file
        source = open(args.input, "rb")
    with source:
        records, problems = read_records(source)
    for problem in problems:
        print(f"balint classify: {problem}", file=sys.stderr)
    for record in classify_records(records):
        sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
    if problems:
        print(f"balint classify: labelled {len(records)} lines, skipped {len(problems)}", file=sys.stderr)
    return 1 if problems else 0


def cmd_models(args: argparse.Namespace) -> int:
    from models.catalog import fetch_speech_model, list_models

    if args.models_command == "fetch":
        if "/" in args.name:  # a hub pipeline id
            from analysis.diarize_pyannote import fetch_pipeline
            from models.catalog import models_dir

            path = fetch_pipeline(args.name, args.token, models_dir() / args.name.replace("/", "--"))
            print(f"{args.name} → {path}\nuse it with: --backend pyannote --pyannote {path}")
            return 0
        path = fetch_speech_model(args.name)
        print(f"{args.name} → {path}")
        return 0
    for info in list_models():
        state = "available" if info.available else "missing  "
        print(f"{state}  {info.name:<36} {info.role}")
        print(f"           {info.version}; licence {info.licence}")
        print(f"           {info.path if info.available else info.note}{'; ' + info.note if info.available and info.note else ''}")
    return 0


def _sweep_orphans() -> None:
    """A recording killed before it could clean up left chunks nobody can read: remove them, and say so."""
    from recorder.store import recordings_dir, sweep_orphans

    swept = sweep_orphans()
    if swept.folders:
        print(f"balint: deleted {swept.chunks} unreadable audio chunks left by {swept.folders} interrupted "
              "recording(s); their key died with the process", file=sys.stderr)
    if swept.left_alone:
        print(f"balint: left alone in {recordings_dir()}, not made by balint: {', '.join(swept.left_alone)}",
              file=sys.stderr)


COMMANDS = {"devices": cmd_devices, "record": cmd_record, "classify": cmd_classify, "report": cmd_report, "analyse": cmd_analyse, "analyze": cmd_analyse, "transcribe": cmd_transcribe,
            "diarize": cmd_diarize, "diarise": cmd_diarize, "models": cmd_models}


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help()
        return EXIT_USAGE
    from models.privacy import apply_private_environment

    apply_private_environment(allow_hub=args.command == "models" and args.models_command == "fetch")
    import logging

    logging.basicConfig(level=logging.WARNING, format="%(name)s: %(message)s")
    from analysis.types import BalintError
    from models.catalog import ModelNotFound

    try:
        _sweep_orphans()
        return COMMANDS[args.command](args)
    except (BalintError, ModelNotFound) as error:
        print(f"balint: error: {error}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("balint: interrupted; nothing was kept", file=sys.stderr)
        return EXIT_INTERRUPTED
    except MemoryError:
        print("balint: error: out of memory; try a shorter file or close other programs", file=sys.stderr)
        return EXIT_ERROR
    except OSError as error:
        print(f"balint: error: {error.strerror or error} ({error.filename or 'I/O'})", file=sys.stderr)
        return EXIT_ERROR
    except Exception as error:  # the last line of defence: one line, never a traceback, unless asked
        if args.debug:
            raise
        print(f"balint: internal error: {type(error).__name__}: {error} (rerun with --debug and report it)",
              file=sys.stderr)
        return EXIT_INTERNAL


if __name__ == "__main__":
    sys.exit(main())
