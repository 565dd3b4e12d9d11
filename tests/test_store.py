"""The encrypted chunk store: sealed, private, tamper-evident, and gone after destroy()."""

import subprocess

import pytest

from balint.analysis.types import BalintError
from balint.recorder.store import ChunkStore, sweep_orphans

PCM = bytes(range(256)) * 400  # stands in for 16-bit PCM: the store only sees bytes


@pytest.fixture
def store(tmp_path):
    store = ChunkStore(tmp_path)
    yield store
    store.destroy()


def test_chunks_round_trip_and_are_private_and_unreadable(store):
    first, second = store.seal(PCM), store.seal(PCM[::-1])
    assert (first, second) == (0, 1)
    assert store.open(0) == PCM and store.open(1) == PCM[::-1]
    assert store.folder.stat().st_mode & 0o777 == 0o700
    for chunk in store.folder.glob("chunk-*.bin"):
        assert chunk.stat().st_mode & 0o777 == 0o600
        assert PCM[:64] not in chunk.read_bytes()


def test_a_tampered_chunk_is_refused_not_returned_as_garbage(store):
    store.seal(PCM)
    path = store.folder / "chunk-000000.bin"
    data = bytearray(path.read_bytes())
    data[100] ^= 0x01
    path.write_bytes(bytes(data))
    with pytest.raises(BalintError, match="integrity check"):
        store.open(0)


def test_swapped_or_truncated_chunks_are_refused(store):
    store.seal(PCM), store.seal(PCM[::-1])
    a, b = store.folder / "chunk-000000.bin", store.folder / "chunk-000001.bin"
    a_bytes, b_bytes = a.read_bytes(), b.read_bytes()
    a.write_bytes(b_bytes), b.write_bytes(a_bytes)
    with pytest.raises(BalintError, match="not the chunk written at that place"):
        store.open(0)
    a.write_bytes(a_bytes[:20])
    with pytest.raises(BalintError, match="truncated"):
        store.open(0)


def test_destroy_wipes_the_key_and_every_file(tmp_path):
    store = ChunkStore(tmp_path)
    for _ in range(3):
        store.seal(PCM)
    receipt = store.destroy()
    assert receipt.chunks == 3 and receipt.bytes > 3 * len(PCM) and receipt.key_wiped and receipt.folder_removed
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(BalintError, match="destroyed"):
        store.seal(PCM)
    assert store.destroy().chunks == 3  # a second destroy is harmless


def test_the_sweep_removes_folders_of_dead_recorders_only(tmp_path):
    living = ChunkStore(tmp_path)
    living.seal(PCM)
    dead = ChunkStore(tmp_path)
    dead.seal(PCM), dead.seal(PCM)
    finished = subprocess.Popen(["true"])
    finished.wait()
    marker = (dead.folder / "owner").read_text().split("\n")
    (dead.folder / "owner").write_text("\n".join([marker[0], str(finished.pid), "?"]))  # a process now gone
    swept = sweep_orphans(tmp_path)
    assert (swept.folders, swept.chunks, swept.left_alone) == (1, 2, [])
    assert living.folder.exists() and not dead.folder.exists()
    living.destroy()
