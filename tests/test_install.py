"""The default install stays small and torch-free; the embedded models ship inside it."""

import importlib.metadata
import json
import re
import subprocess
import sys


def dependency_closure(distribution: str) -> set[str]:
    """Every distribution `pip install distribution` pulls here (no extras), from installed metadata."""
    from packaging.requirements import Requirement

    seen: set[str] = set()
    pending = [distribution]
    while pending:
        name = pending.pop()
        key = re.sub(r"[-_.]+", "-", name).lower()
        if key in seen:
            continue
        seen.add(key)
        for line in importlib.metadata.requires(name) or []:
            requirement = Requirement(line)
            if requirement.marker is None or requirement.marker.evaluate({"extra": ""}):
                pending.append(requirement.name)
    return seen


def test_the_default_install_pulls_no_torch():
    closure = dependency_closure("balint")
    assert {"faster-whisper", "onnxruntime", "pyannote-core"} <= closure
    assert not {"torch", "torchaudio", "pyannote-audio"} & closure, closure


IMPORTED_AS_INSTALLED = """
import importlib.util, json, sys, sysconfig
import balint.analysis.pipeline, balint.models, balint.recorder.cli
from balint.models.speaker_encoder import ONNX_PATH
from balint.models.sentence_encoder import ENCODER_PATH, TOKENIZER_PATH
from balint.models.utterance_heads import HEADS_PATH
data = [ONNX_PATH, ENCODER_PATH, TOKENIZER_PATH, HEADS_PATH]
print(json.dumps({
    "site": sysconfig.get_paths()["purelib"],
    "files": [balint.models.__file__, balint.analysis.pipeline.__file__, balint.recorder.cli.__file__],
    "data": [str(path) for path in data], "data_exist": all(path.is_file() for path in data),
    "top_level": {name: importlib.util.find_spec(name) is not None for name in ("analysis", "models", "recorder")},
}))
"""


def test_the_installed_package_is_one_balint_namespace_with_its_models(tmp_path):
    """Imported from a neutral folder with -I (no cwd, no PYTHONPATH): only the installed names exist."""
    result = subprocess.run([sys.executable, "-I", "-c", IMPORTED_AS_INSTALLED], cwd=tmp_path, capture_output=True,
                            text=True, check=True)
    found = json.loads(result.stdout)
    assert all(path.startswith(found["site"] + "/balint/") for path in found["files"] + found["data"]), found
    assert found["data_exist"]
    assert found["top_level"] == {"analysis": False, "models": False, "recorder": False}  # nothing to shadow
