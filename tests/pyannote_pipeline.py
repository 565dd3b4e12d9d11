"""Build a local pyannote.audio pipeline directory with pyannote's own code, for tests.

Laid out as pyannote/speaker-diarization-community-1 is: config.yaml (SpeakerDiarization,
VBx clustering), segmentation/ (a small PyanNet), embedding/ (WeSpeaker ResNet34) and
plda/ (xvec_transform.npz, plda.npz). The networks are freshly initialised, not trained:
this exercises pyannote's real loading and inference code end to end, with meaningless
accuracy. Real users point --pyannote at community-1 or 3.1 weights.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np

from balint.models.privacy import apply_private_environment

CONFIG = """dependencies:
  pyannote.audio: {version}
pipeline:
  name: pyannote.audio.pipelines.SpeakerDiarization
  params:
    segmentation: $model/segmentation
    embedding: $model/embedding
    plda: $model/plda
    clustering: VBxClustering
    embedding_batch_size: 8
    segmentation_batch_size: 8
    embedding_exclude_overlap: true
params:
  clustering:
    threshold: 0.6
    Fa: 0.07
    Fb: 0.8
  segmentation:
    min_duration_off: 0.0
"""


def _save(model, folder: Path) -> None:
    """A checkpoint as pyannote's Model.on_save_checkpoint and Lightning write it."""
    import lightning
    import pyannote.audio
    import torch

    folder.mkdir(parents=True, exist_ok=True)
    torch.save({
        "state_dict": model.state_dict(),
        "hyper_parameters": dict(model.hparams),
        "pytorch-lightning_version": lightning.__version__,
        "pyannote.audio": {
            "versions": {"pyannote.audio": pyannote.audio.__version__},
            "architecture": {"module": type(model).__module__, "class": type(model).__name__},
            "specifications": model.specifications,
        },
    }, folder / "pytorch_model.bin")


def build_pipeline_dir(out: Path) -> Path:
    apply_private_environment()  # before pyannote loads: no telemetry from the test fixture either
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import pyannote.audio
        import torch
        from pyannote.audio.core.task import Problem, Resolution, Specifications
        from pyannote.audio.models.embedding import WeSpeakerResNet34
        from pyannote.audio.models.segmentation import PyanNet

    torch.manual_seed(0)
    segmentation = PyanNet(sincnet={"stride": 10},
                           lstm={"hidden_size": 32, "num_layers": 1, "bidirectional": True, "monolithic": True,
                                 "dropout": 0.0},
                           linear={"hidden_size": 32, "num_layers": 1})
    segmentation.specifications = Specifications(
        problem=Problem.MONO_LABEL_CLASSIFICATION, resolution=Resolution.FRAME, duration=5.0, min_duration=5.0,
        warm_up=(0.0, 0.0), classes=["speaker#1", "speaker#2", "speaker#3"], powerset_max_classes=2,
        permutation_invariant=True)
    segmentation.build()
    _save(segmentation, out / "segmentation")
    embedding = WeSpeakerResNet34()
    embedding.specifications = Specifications(problem=Problem.REPRESENTATION, resolution=Resolution.CHUNK, duration=5.0)
    _save(embedding, out / "embedding")
    plda = out / "plda"
    plda.mkdir(parents=True, exist_ok=True)
    lda = np.linalg.qr(np.random.default_rng(0).standard_normal((256, 128)))[0]  # orthonormal 256 → 128
    np.savez(plda / "xvec_transform.npz", mean1=np.zeros(256), mean2=np.zeros(128), lda=lda)
    np.savez(plda / "plda.npz", mu=np.zeros(128), tr=np.eye(128), psi=np.linspace(2.0, 0.5, 128))
    (out / "config.yaml").write_text(CONFIG.format(version=pyannote.audio.__version__))
    return out
