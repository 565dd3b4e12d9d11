"""The default install stays small and torch-free; the embedded models ship inside it."""

import importlib.metadata
import re


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


def test_the_speaker_encoder_ships_as_package_data():
    files = {str(f) for f in importlib.metadata.files("balint") or []}
    assert any(name.endswith("speaker_encoder.onnx") for name in files) or any("__editable__" in f for f in files)
