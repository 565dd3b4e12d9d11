"""The process's privacy environment: no telemetry and no hub access, set before any model library loads.

Each library reads its switch once, when it is imported or first initialised, so this runs on
import of `models` (below every other package of ours: whoever uses balint, the CLI, the
pipeline, the recorder or a test, passes through here first). Measured facts behind each entry
are in shared/docs/speech-stack.md; `tests/test_privacy_syscalls.py` proves the result with strace.
"""

from __future__ import annotations

import logging
import os
import sys

#: Variables that switch off every phone-home path found in our dependencies.
PRIVATE_ENVIRONMENT = {
    # onnxruntime ≥ 1.x on Linux: 1DS telemetry on by default (device id file + event upload, C++ side).
    # Only this spelling, set before onnxruntime initialises, stops it; ORT_TELEMETRY_DISABLED does not.
    "ORT_DISABLE_TELEMETRY": "1",
    # huggingface_hub (faster-whisper imports it): no hub requests, no telemetry, no token sent implicitly.
    "HF_HUB_OFFLINE": "1",
    "HF_HUB_DISABLE_TELEMETRY": "1",
    "HF_HUB_DISABLE_IMPLICIT_TOKEN": "1",
    # pyannote.audio ≥ 4: OpenTelemetry metrics to otel.pyannote.ai, on by default.
    "PYANNOTE_METRICS_ENABLED": "0",
    # The cross-tool convention, honoured by huggingface_hub and others.
    "DO_NOT_TRACK": "1",
}

#: Libraries that must not be imported before the environment is set: they read it once.
READ_AT_IMPORT = ("onnxruntime", "huggingface_hub", "pyannote.audio")

#: Modules never loaded: pyannote.core imports its Jupyter display helper whenever matplotlib is installed
#: (the pyannote extra brings it), and matplotlib then writes font caches to ~/.cache, ~/.config and
#: /var/cache/fontconfig. balint never draws with it. A None entry makes its import fail, which
#: pyannote.core expects and handles.
NOT_LOADED = ("pyannote.core.notebook",)


def apply_private_environment(allow_hub: bool = False) -> None:
    """Set the switches; `allow_hub` is for `balint models fetch` alone (telemetry stays off even then)."""
    os.environ.update(PRIVATE_ENVIRONMENT)
    for module in NOT_LOADED:
        sys.modules.setdefault(module, None)  # type: ignore[arg-type]
    if allow_hub:
        os.environ["HF_HUB_OFFLINE"] = "0"
    early = [name for name in READ_AT_IMPORT if name in sys.modules]
    if early:
        logging.getLogger("balint").warning(
            "%s was imported before balint: its telemetry switch may not have taken effect; import balint first "
            "or set %s in the environment", ", ".join(early), ", ".join(f"{k}={v}" for k, v in PRIVATE_ENVIRONMENT.items()))
