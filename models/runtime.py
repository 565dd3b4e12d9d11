"""One way to open an ONNX model: CPU only, a set number of threads, onnxruntime's chatter off."""

from __future__ import annotations

from pathlib import Path


def onnx_session(path: Path, threads: int, config: dict[str, str] | None = None):
    import onnxruntime

    options = onnxruntime.SessionOptions()
    for key, value in (config or {}).items():
        options.add_session_config_entry(key, value)
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    options.log_severity_level = 3
    return onnxruntime.InferenceSession(str(path), sess_options=options, providers=["CPUExecutionProvider"])
