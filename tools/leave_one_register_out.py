"""The model card's leave-one-register-out table: for each register the heads learn from, a model that never saw it.

    python tools/leave_one_register_out.py [--only REGISTER]   (minutes per register; needs $BALINT_DATA)

For meetings (MRDA), biomedical prose (BioScope), Reddit comments (GoEmotions) and our Balint development set in
turn, the heads are trained without it (tools/train_utterance_heads.py --without), installed beside the product in a
temporary folder, and scored on that register's held-out part and on the validation halves (registers no model saw).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HELD_OUT = {"mrda": "mrda_test_meetings", "bioscope": "bioscope_test_documents", "goemotions": "goemotions_test",
            "dev": "frozen_test_set"}


def run(command: list[str], env: dict[str, str]) -> str:
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, env=env)
    if done.returncode:
        sys.exit(f"error: {' '.join(command)} failed:\n{done.stderr[-2000:]}")
    return done.stdout


def scores(site: str | None) -> dict:
    env = {**os.environ, **({"PYTHONPATH": site} if site else {})}
    held = json.loads(run([sys.executable, "benchmarks/classifier_eval.py", "--sets", ",".join(HELD_OUT.values())], env))
    halves = json.loads(run([sys.executable, "benchmarks/validation_halves.py", "--part", "test"], env))
    return {"mrda_question_f1_as_transcribed": held["mrda_test_meetings"]["as transcribed"]["question"]["f1"],
            "bioscope_speculation_f1": held["bioscope_test_documents"]["speculation"]["f1"],
            "goemotions_first_person_feeling_f1": held["goemotions_test"][
                "first_person_feelings (feeling cue or frame fires; FEELING vs raters' any_emotion)"]["f1"],
            "frozen_test_accuracy": held["frozen_test_set"]["accuracy"],
            "counselling_question_f1": halves["counselling"]["question"]["f1"],
            "counselling_advice_f1": halves["counselling"]["advice"]["f1"],
            "telephone_question_f1": halves["telephone"]["question"]["f1"],
            "reviews_spoken_hedge_recall": halves["reviews"]["recall_of_spoken_hedges"],
            "reviews_specificity": halves["reviews"]["specificity"]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", choices=HELD_OUT, action="append", help="leave out only this register (repeatable)")
    args = parser.parse_args()
    table = {"all registers": scores(None)}
    for register in args.only or HELD_OUT:
        with tempfile.TemporaryDirectory() as folder:
            weights, site = Path(folder) / "weights", Path(folder) / "site"
            run([sys.executable, "tools/train_utterance_heads.py", "--without", register, "--out", str(weights)],
                dict(os.environ))
            run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(site), "."], dict(os.environ))
            for trained in weights.iterdir():
                shutil.copy(trained, site / "balint" / "models" / trained.name)
            table[f"without {register}"] = scores(str(site))
        print(json.dumps({register: table[f"without {register}"]}), file=sys.stderr)
    print(json.dumps(table, indent=1))


if __name__ == "__main__":
    main()
