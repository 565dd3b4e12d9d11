"""all-MiniLM-L6-v2 as a torch-free sentence encoder: 384 numbers that say what a unit means.

The utterance classifier's heads read these vectors next to the codebook's cues, so that
"tell me a little about her" and "what is she like" land near each other although no rule
names both. The network is the original's, converted once to int8 ONNX by
`tools/convert_sentence_encoder.py` (verified there against the original); the tokenizer is the
original's `tokenizer.json`, read by `tokenizers`, which faster-whisper already brings.
Loading runs no code: ONNX and JSON only.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import numpy as np

from .runtime import onnx_session

MODEL_DIR = Path(__file__).resolve().parent
ENCODER_PATH = MODEL_DIR / "sentence_encoder.onnx"
TOKENIZER_PATH = MODEL_DIR / "sentence_encoder_tokenizer.json"
MANIFEST_PATH = MODEL_DIR / "sentence_encoder.json"
DIMENSION = 384
#: Units are read as their first 40 and last 24 word pieces: a question's form sits at its ends,
#: and attention's cost grows with the square of the length.
HEAD_TOKENS, TAIL_TOKENS = 40, 24
BATCH_TOKENS = 4096  # word pieces per ONNX call; units are sorted by length, so there is little padding


class SentenceEncoder:
    """Mean-pooled, L2-normalised MiniLM embeddings, batched by length."""

    def __init__(self, model_path: Path = ENCODER_PATH, tokenizer_path: Path = TOKENIZER_PATH, threads: int = 2):
        from tokenizers import Tokenizer

        self.tokenizer = Tokenizer.from_file(str(tokenizer_path))
        self.tokenizer.no_truncation()
        self.tokenizer.no_padding()
        # Fold each int8 matrix back to fp32 once, at load, rather than on every call.
        self.session = onnx_session(model_path, threads, {"session.disable_quant_qdq": "1"})

    def token_ids(self, texts: list[str]) -> list[list[int]]:
        """Word-piece ids with [CLS] … [SEP], long units cut to their head and tail."""
        out = []
        for encoding in self.tokenizer.encode_batch(texts):
            ids = encoding.ids
            if len(ids) > HEAD_TOKENS + TAIL_TOKENS:
                ids = ids[:HEAD_TOKENS] + ids[len(ids) - TAIL_TOKENS:]
            out.append(ids)
        return out

    def embed(self, texts: list[str]) -> np.ndarray:
        """(len(texts), 384) float32, each row of unit length."""
        result = np.zeros((len(texts), DIMENSION), dtype=np.float32)
        ids = self.token_ids(texts) if texts else []
        batches: list[list[int]] = [[]]
        for index in sorted(range(len(ids)), key=lambda i: len(ids[i])):  # ascending: the newest member is the widest
            if batches[-1] and (len(batches[-1]) + 1) * len(ids[index]) > BATCH_TOKENS:
                batches.append([])
            batches[-1].append(index)
        for batch in filter(None, batches):
            width = len(ids[batch[-1]])
            input_ids = np.zeros((len(batch), width), dtype=np.int64)
            mask = np.zeros((len(batch), width), dtype=np.int64)
            for row, index in enumerate(batch):
                input_ids[row, : len(ids[index])] = ids[index]
                mask[row, : len(ids[index])] = 1
            (vectors,) = self.session.run(None, {"input_ids": input_ids, "attention_mask": mask})
            result[batch] = vectors
        return result


@lru_cache(maxsize=1)
def default_sentence_encoder() -> SentenceEncoder:
    return SentenceEncoder()


def manifest() -> dict:
    return json.loads(MANIFEST_PATH.read_text())
