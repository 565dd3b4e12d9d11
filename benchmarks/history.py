"""How long `balint history` takes over many sessions, process start included (a supervisor's whole archive).

    python benchmarks/history.py [--sessions 2000] [--session path/to/session.json]

Copies one session.json (by default the demo's reference transcript analysed here; give a session analysed
from audio to include every word) into N folders with dates spread over two years, then runs the real
command over them: the table, and the CSV. Prints one JSON line. Numbers depend on the machine and its load.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def demo_session(folder: Path) -> Path:
    from balint.analysis.pipeline import analyse_transcript
    from balint.analysis.report.session_json import write_reports

    rows = [json.loads(line) for line in (ROOT / "examples" / "demo" / "reference.jsonl").read_text().splitlines()]
    transcript = folder / "demo.jsonl"
    transcript.write_text("".join(json.dumps({k: r[k] for k in ("speaker", "start", "end", "text")}) + "\n" for r in rows))
    analysis = analyse_transcript(transcript)
    analysis.meta.group, analysis.meta.leader_name = "Tuesday GP group", "Dr Lee"
    write_reports(analysis, folder / "demo")
    return folder / "demo" / "session.json"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sessions", type=int, default=2000)
    parser.add_argument("--session", type=Path, help="the session.json to copy (default: the demo's transcript)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        work = Path(temporary)
        session = json.loads((args.session or demo_session(work)).read_text())
        archive = work / "archive"
        for number in range(args.sessions):
            session["meta"]["date"] = f"{2025 + number * 2 // args.sessions}-{1 + number % 12:02d}-{1 + number % 28:02d}"
            folder = archive / f"s{number:05d}"
            folder.mkdir(parents=True)
            (folder / "session.json").write_text(json.dumps(session))
        size = (archive / "s00000" / "session.json").stat().st_size
        timings = {}
        for name, extra in (("table", []), ("csv", ["--csv", str(work / "h.csv")])):
            began = time.perf_counter()
            result = subprocess.run([sys.executable, "-m", "balint.recorder.cli", "history", str(archive), *extra],
                                    capture_output=True, text=True)
            timings[name] = round(time.perf_counter() - began, 2)
            if result.returncode != 0:
                raise SystemExit(f"balint history failed: {result.stderr.strip()}")
        rows_read = len((work / "h.csv").read_text().splitlines()) - 1  # the CSV's rows, its header left out
    print(json.dumps({"sessions": args.sessions, "rows_read": rows_read, "session_json_bytes": size,
                      "table_s": timings["table"],
                      "csv_s": timings["csv"], "per_session_ms": round(1000 * timings["table"] / args.sessions, 2)}))


if __name__ == "__main__":
    main()
