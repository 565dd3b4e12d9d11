"""One function per `balint` command: each turns arguments into a call of the pipeline and prints the result.

Heavy modules are imported inside the commands, so that `balint --help` and a bad argument answer at once.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from dataclasses import asdict
from io import StringIO
from pathlib import Path

from balint.analysis.files import check_input_file
from balint.analysis.format import displayable, plural
from balint.analysis.types import MAX_SPEAKERS, BalintError, SessionAnalysis, SessionMeta
from balint.recorder.cli.progress import Bars


def default_out_dir(name: str) -> Path:
    from balint.models.catalog import data_dir

    return data_dir() / "sessions" / f"{Path(name).stem}-{time.strftime('%Y%m%d-%H%M%S')}"


def settings_from(args: argparse.Namespace):
    from balint.analysis.pipeline import AnalysisSettings
    from balint.analysis.speech.asr import TranscribeOptions
    from balint.analysis.speech.diarize import DiarizeOptions

    defaults = AnalysisSettings()
    threads = max(1, getattr(args, "threads", 2))
    low, high, exact = (getattr(args, name, None) for name in ("min_speakers", "max_speakers", "speakers"))
    if low and high and low > high:
        raise BalintError(f"--min-speakers {low} is more than --max-speakers {high}: nothing could match")
    if exact and (low and exact < low or high and exact > high):
        raise BalintError(f"--speakers {exact} lies outside --min-speakers/--max-speakers: give one or the other")
    return AnalysisSettings(
        model=getattr(args, "model", None) or defaults.model,
        language=getattr(args, "language", defaults.language),
        report_language=getattr(args, "report_language", None),
        backend=getattr(args, "backend", defaults.backend),
        pyannote=getattr(args, "pyannote", None),
        transcribe=TranscribeOptions(threads=threads),
        diarize=DiarizeOptions(speakers=getattr(args, "speakers", None), min_speakers=getattr(args, "min_speakers", None),
                               max_speakers=getattr(args, "max_speakers", None) or MAX_SPEAKERS, threads=threads),
    )


def confirmed(question: str, assume_yes: bool) -> bool:
    """Ask before deleting, in a terminal; scripts (no terminal) and --yes go ahead."""
    if assume_yes or not sys.stdin.isatty():
        return True
    return input(f"{question} [y/N] ").strip().lower() in ("y", "yes")


def publish(analysis: SessionAnalysis, out_dir: Path, args: argparse.Namespace, fresh: bool = True) -> int:
    """Write the leader's pair (session.json and report.html) to the session's folder and, for the group, its
    report; print what stood out. `fresh`: the stage times were measured by this run (not a re-render)."""
    from balint.analysis.report.session_json import write_group_report, write_reports
    from balint.analysis.report.terminal import summary_lines

    quotes = not args.no_quotes
    paths = write_reports(analysis, out_dir, quotes=quotes)
    print("\n".join(summary_lines(analysis, quotes=quotes, timings=fresh)))
    if args.audience == "group":
        paths.append(write_group_report(analysis, out_dir, quotes and args.group_quotes))
    print("report: " + "  ".join(displayable(p) for p in paths))
    return 0


def publish_for_group(analysis: SessionAnalysis, group_dir: Path, args: argparse.Namespace) -> int:
    """The group's report alone into the group's folder; a short summary for the leader at the terminal."""
    from balint.analysis.report.session_json import write_group_report
    from balint.analysis.report.terminal import summary_lines

    path = write_group_report(analysis, group_dir, args.group_quotes)
    print("\n".join(summary_lines(analysis, quotes=not args.no_quotes, timings=False)))
    print("the group's report names no one" + (" and shows the questions' words, not who asked" if args.group_quotes
                                               else " and quotes no one"))
    print(f"group's report: {displayable(path)}")
    return 0


def export(analysis: SessionAnalysis, out_dir: Path, formats: list[str], quotes: bool) -> int:
    """The session in each format asked for (`analysis/report/exports.py`), private like every output."""
    from balint.analysis.files import EXPORT_FILES, check_writable_dir, write_private_files
    from balint.analysis.report.exports import render_export

    check_writable_dir(out_dir)
    rendered = {EXPORT_FILES[fmt]: render_export(analysis, fmt, quotes) for fmt in dict.fromkeys(formats)}
    paths = write_private_files(out_dir, rendered)
    print("export: " + "  ".join(displayable(p) for p in paths) + ("" if quotes else "  (no words: --no-quotes)"))
    return 0


def session_meta(args: argparse.Namespace, default_date: str | None, stored: SessionMeta | None = None) -> SessionMeta:
    """Group, leader name, date and case from the command line, over what the session already held."""
    kept = stored or SessionMeta()
    return SessionMeta(group=args.group or kept.group, leader_name=args.leader_name or kept.leader_name,
                       date=args.date or kept.date or default_date, case=args.case or kept.case)


def file_date(path: Path) -> str:
    """The day a file was last written (a recording's date, when nothing better is known)."""
    return time.strftime("%Y-%m-%d", time.localtime(path.stat().st_mtime))


def cmd_analyse(args: argparse.Namespace) -> int:
    from balint.analysis.files import check_writable_dir
    from balint.analysis.pipeline import Known, analyse_file, analyse_transcript
    from balint.analysis.report.session_json import write_reports

    if (args.audio is None) == (args.transcript is None):
        raise BalintError("give a recording or --transcript T.jsonl (one of them)")
    source = args.audio or args.transcript
    out_dir = args.out or default_out_dir(source.name)
    check_input_file(source)
    check_writable_dir(out_dir)
    deletable = None
    if args.delete_source:
        from balint.recorder.deletion import check_deletable

        if args.transcript:
            raise BalintError("--delete-source deletes a recording; it does not apply to --transcript")
        deletable = check_deletable(args.audio)
    known = Known(leader=args.leader, presenter=args.presenter)
    with Bars() as bars:
        if args.transcript:
            analysis = analyse_transcript(args.transcript, settings_from(args), known, bars)
        else:
            analysis = analyse_file(args.audio, settings_from(args), bars, known)
    analysis.meta = session_meta(args, file_date(source))
    if deletable is not None:
        from balint.recorder.deletion import delete_source

        write_reports(analysis, out_dir, quotes=not args.no_quotes)  # the report exists before the file goes
        analysis.deletion_receipt = delete_source(args.audio, deletable)
    return publish(analysis, out_dir, args)


def cmd_devices(args: argparse.Namespace) -> int:
    from balint.recorder.capture import input_devices

    devices = input_devices()
    if not devices:
        print("no input devices found: connect a microphone, or check that the sound server runs")
        return 1
    for device in devices:
        print(f"{'*' if device.is_default else ' '} {device.index:>3}  {device.name}  "
              f"({device.channels} ch, {device.default_rate:.0f} Hz)")
    return 0


def cmd_record(args: argparse.Namespace) -> int:
    from rich.console import Console
    from rich.live import Live

    from balint.analysis.files import check_writable_dir
    from balint.recorder.capture import find_device
    from balint.recorder.consent import confirm_consent
    from balint.recorder.live import screen, single_keys
    from balint.recorder.session import Recording, RecordOptions

    out_dir = args.out or default_out_dir("recording")
    check_writable_dir(out_dir)
    device = find_device(args.device)  # no microphone: say so before asking anyone for consent
    participants = confirm_consent(args.participants, args.consent_confirmed)
    settings = settings_from(args).with_participants(participants)
    recording = Recording(device, RecordOptions(participants=participants, duration_s=args.duration,
                                                leader_first=args.leader_first, settings=settings))
    console = Console(stderr=True)
    console.print(f"recording from {device.name} at {recording.capture.stats.rate} Hz; "
                  f"{participants} participants consented")
    with single_keys(recording), Live(screen(recording), console=console, refresh_per_second=4,
                                      transient=True) as live:
        analysis = recording.run(on_tick=lambda r: live.update(screen(r)))
    receipt = analysis.deletion_receipt
    assert receipt is not None  # Recording.run always destroys the store and attaches the receipt
    console.print(f"stopped ({recording.stop_reason}); audio destroyed: {receipt.chunks} chunks unlinked, key "
                  f"{'wiped' if receipt.key_wiped else 'NOT verified as wiped'} at {receipt.deleted_at}")
    analysis.meta = session_meta(args, time.strftime("%Y-%m-%d"))
    return publish(analysis, out_dir, args)


def cmd_report(args: argparse.Namespace) -> int:
    """Re-render a checked session.json; with corrections (or metrics from an older balint), re-derive roles,
    phases, episodes, metrics and feedback first. For the group, only its report, into its own folder."""
    from balint.analysis.dynamics.settings import PatternSettings
    from balint.analysis.files import check_writable_dir
    from balint.analysis.pipeline import Known, interpret, reassign_speakers, with_leader_metrics
    from balint.analysis.report.session_json import read_session_json, session_json_path
    from balint.analysis.types import from_plain

    session = session_json_path(args.session)
    corrections = args.speaker or args.leader or args.presenter or args.group or args.leader_name or args.date or args.case
    if args.audience == "group" and corrections:
        raise BalintError("--audience group shows the session as stored: correct it first (balint report SESSION "
                          "--presenter … or --group …), then render the group's report")
    if args.export:
        if corrections or args.audience == "group":
            raise BalintError("--export writes the session as stored, for the leader's supervisor: correct it first "
                              "(balint report SESSION --presenter …), then export")
        return export(read_session_json(session), args.out or session.parent, args.export, quotes=not args.no_quotes)
    out_dir = args.out or session.parent
    if args.audience == "leader" and args.no_quotes and out_dir.resolve() == session.parent.resolve():
        raise BalintError("--no-quotes would overwrite the quoted session.json beside it: give --out FOLDER for "
                          "the copy without quotes")
    check_writable_dir(out_dir)
    analysis = read_session_json(session)
    if args.audience == "group":
        return publish_for_group(analysis, out_dir, args)
    stored = from_plain(Known, analysis.settings.get("known") or {}, f"{session}: settings.known")
    patterns = from_plain(PatternSettings, analysis.settings.get("patterns") or {}, f"{session}: settings.patterns")
    speakers = {u.speaker for u in analysis.units}
    for old, new in args.speaker:
        if old not in speakers:
            raise BalintError(f"--speaker {old}={new}: no speaker {old!r} in this session ({', '.join(sorted(speakers))})")
    for named in (args.leader, args.presenter):
        if named and named not in speakers | {new for _, new in args.speaker}:
            raise BalintError(f"no speaker {named!r} in this session ({', '.join(sorted(speakers))})")
    analysis.meta = session_meta(args, None, analysis.meta)
    stale = analysis.units and not analysis.metrics.talk_time_s.per_person  # a 1.x file: metrics not readable
    if args.report_language:  # what the analysis said in words is said again, in that language
        analysis.report_language, stale = args.report_language, True
    if not (args.speaker or args.leader or args.presenter or stale):
        return publish(with_leader_metrics(analysis, patterns), out_dir, args, fresh=False)
    mapping = dict(args.speaker)
    analysis = reassign_speakers(analysis, mapping)
    stored = stored.renamed(mapping)
    corrected = {args.leader, args.presenter} - {None}
    known = Known(leader=args.leader or (stored.leader if stored.leader not in corrected else None),
                  presenter=args.presenter or (stored.presenter if stored.presenter not in corrected else None),
                  roles={s: r for s, r in stored.roles.items() if s not in corrected}, marks=stored.marks,
                  leader_speaks_first=stored.leader_speaks_first and not args.leader)
    return publish(interpret(analysis, patterns, known), out_dir, args, fresh=False)


def cmd_transcribe(args: argparse.Namespace) -> int:
    from balint.analysis.files import check_writable_dir, write_private
    from balint.analysis.format import clock, language_name
    from balint.analysis.pipeline import load_checked, settle_language, speech_model
    from balint.analysis.speech.align import ends_sentence
    from balint.analysis.speech.asr import transcribe
    from balint.analysis.types import StageClock

    check_input_file(args.audio)
    if args.json:
        check_writable_dir(args.json.parent)
    settings = settings_from(args)
    with Bars() as bars:
        stages = StageClock(bars)
        audio = load_checked(args.audio, stages)
        settings, detected = settle_language(audio, settings, stages)
        model = speech_model(settings)
        transcript = transcribe(audio, model, settings.transcribe, bars)
    if not transcript.words:
        raise BalintError(f"{args.audio}: no speech found in {audio.duration_s:.0f} s of audio")
    if detected:
        print(f"language: {language_name(detected.language)} ({detected.language}, heard with p {detected.probability:.2f})",
              file=sys.stderr)
    if args.json:
        write_private(args.json, json.dumps({"language": transcript.language,
                                             "language_probability": detected.probability if detected else None,
                                             "model": asdict(model),
                                             "options": asdict(transcript.options),
                                             "words": [asdict(w) for w in transcript.words]}, indent=1) + "\n")
        print(f"{len(transcript.words)} words → {args.json}")
        return 0
    line: list[str] = []
    start = 0.0
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
    from balint.analysis.files import check_writable_dir, write_private
    from balint.analysis.pipeline import diarize_file

    check_input_file(args.audio)
    if args.rttm:
        check_writable_dir(args.rttm.parent)
    with Bars() as bars:
        who_spoke = diarize_file(args.audio, settings_from(args), bars)
    if not who_spoke:
        raise BalintError(f"{args.audio}: no speech found")
    if not args.rttm:
        who_spoke.write_rttm(sys.stdout)
        return 0
    buffer = StringIO()
    who_spoke.write_rttm(buffer)
    write_private(args.rttm, buffer.getvalue())
    print(f"{len(who_spoke.labels())} speakers, {len(who_spoke)} turns → {args.rttm}")
    return 0


def cmd_classify(args: argparse.Namespace) -> int:
    from balint.analysis.dynamics.classify import classify_records, read_records

    if args.input == "-":
        source = sys.stdin.buffer
    else:
        check_input_file(Path(args.input))  # the same clear messages for a missing or empty file
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
    from balint.models.catalog import fetch_pipeline, fetch_speech_model, join_multilingual_model, list_models

    if args.models_command == "join":
        print(f"the multilingual model, its two halves joined → {join_multilingual_model()}")
        return 0
    if args.models_command == "fetch":
        if "/" in args.name:  # a hub pipeline id
            path = fetch_pipeline(args.name, _hub_token())
            print(f"{args.name} → {path}\nuse it with: --backend pyannote --pyannote {path}")
            return 0
        print(f"{args.name} → {fetch_speech_model(args.name)}")
        return 0
    for info in list_models():
        state = "available" if info.available else "missing  "
        print(f"{state}  {info.name:<36} {info.role}")
        print(f"           {info.version}; licence {info.licence}")
        where = info.path if info.available else info.note
        print(f"           {where}{'; ' + info.note if info.available and info.note else ''}")
    return 0


def _hub_token() -> str | None:
    """A Hugging Face token from HF_TOKEN, or typed unseen at a prompt: never on the command line, where the
    process list and the shell's history would keep it."""
    if os.environ.get("HF_TOKEN"):
        return os.environ["HF_TOKEN"]
    if not sys.stdin.isatty():
        return None  # a public pipeline needs none; a gated one fails with the hub's own message
    from getpass import getpass

    return getpass("Hugging Face token for gated pipelines (Enter for none): ").strip() or None


def cmd_history(args: argparse.Namespace) -> int:
    """A leader's sessions side by side: a table per leader, or the same as JSON, CSV or a trend report."""
    from balint.analysis.files import check_writable_dir, write_private
    from balint.analysis.history import collect, plan_forget, series
    from balint.analysis.report.history_text import history_csv, history_tables
    from balint.models.catalog import data_dir

    if args.since and args.until and args.since > args.until:
        raise BalintError(f"--since {args.since} is after --until {args.until}: nothing could match")
    if args.purge and not args.until:
        raise BalintError("--purge removes the sessions up to a date: give --until YYYY-MM-DD")
    folders = args.folders or [data_dir() / "sessions"]
    if not args.folders and not folders[0].is_dir():
        raise BalintError(f"no sessions yet: {folders[0]} does not exist (give folders to search, e.g. balint history reports/)")
    for out in (args.json, args.csv, args.html):
        if out and str(out) != "-":
            check_writable_dir(out.parent)
    with Bars() as bars:
        history = collect(folders, args.group, args.leader_name, args.since, args.until, bars)
    for skipped in history.skipped:
        print(f"balint: skipped {displayable(skipped.path)}: {displayable(skipped.reason)}", file=sys.stderr)
    if args.purge:
        plans = [plan_forget(Path(row.path).parent) for _, rows in series(history.rows) for row in rows]
        return _delete(plans, args, f"{plural(len(plans), 'session')} dated up to {args.until}")
    if not history.rows:
        where = ", ".join(displayable(f) for f in folders)
        print(f"no sessions found in {where}" + (" that match the filters" if args.group or args.leader_name or
                                                  args.since or args.until else ""))
        return 0 if not history.skipped else 1
    written, language = [], args.report_language or history.usual_language()
    for out, text in ((args.json, lambda: json.dumps(history.to_dict(), indent=1, ensure_ascii=False) + "\n"),
                      (args.csv, lambda: history_csv(history)),
                      (args.html, lambda: _trends(history, args.html, language))):
        if out and str(out) == "-":
            sys.stdout.write(text())
        elif out:
            written.append(write_private(out, text()))
    if not written and not any(str(o) == "-" for o in (args.json, args.csv, args.html) if o):
        print(history_tables(series(history.rows), language))
    for path in written:
        print(f"written: {displayable(path)}")
    return 1 if history.skipped else 0


def _trends(history, out: Path, language: str) -> str:
    from balint.analysis.report.trend_html import render_trends

    return render_trends(history, out, language)


def _delete(plans: list, args: argparse.Namespace, what: str) -> int:
    """Say what will go, ask in a terminal (unless --yes or --dry-run), then delete, naming each file as it goes:
    if something fails part-way, what was already deleted has been said."""
    from balint.analysis.history import carry_out

    if not plans:
        print(f"nothing to delete: {what}")
        return 0
    files = sum(len(p.files) for p in plans)
    folders = sum(p.remove_folder for p in plans)
    print(f"{'would delete' if args.dry_run else 'to delete'}: {what}, {_files_and_folders(files, folders)}")
    for plan in plans:
        print(f"  {plan.describe()}")
    if args.dry_run:
        return 0
    if not confirmed(f"Delete {what}? This cannot be undone.", args.yes):
        print("nothing was deleted")
        return 1
    gone: list[Path] = []

    def deleted(path: Path) -> None:
        gone.append(path)
        print(f"deleted {displayable(path)}")

    try:
        for plan in plans:
            carry_out(plan, deleted)
    except OSError as error:
        raise BalintError(f"stopped at {displayable(error.filename or 'a file')} ({error.strerror or error}) after "
                          f"deleting {plural(len(gone), 'path')}, each named above; the rest is untouched") from None
    removed_folders = sum(1 for p in gone if p in {plan.folder for plan in plans})
    print(f"removed {what}: {_files_and_folders(len(gone) - removed_folders, removed_folders)}")
    return 0


def _files_and_folders(files: int, folders: int) -> str:
    return plural(files, "file") + (f" and {plural(folders, 'folder')}" if folders else "")


def cmd_forget(args: argparse.Namespace) -> int:
    """Delete one session's files (session.json and its reports), and its folder when nothing else is left."""
    from balint.analysis.history import plan_forget

    plan = plan_forget(args.session)
    return _delete([plan], args, f"the session in {displayable(plan.folder)}")
