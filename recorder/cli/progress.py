"""Progress bars for the terminal: one rich bar per stage, fed by the stages' one progress protocol."""

from __future__ import annotations

from typing import TYPE_CHECKING

from balint.analysis.types import STAGES

if TYPE_CHECKING:
    from rich.progress import TaskID

LABELS = dict(zip(STAGES, ("decoding audio", "transcribing", "who spoke when", "pitch", "building units", "labelling units",
                           "finding roles", "finding phases", "finding patterns")), history="reading sessions")


class Bars:
    """Turns `progress(stage, completed, total)` calls into bars on stderr; they vanish when done."""

    def __init__(self) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeElapsedColumn

        console = Console(stderr=True)
        self._progress = Progress(TextColumn("{task.description:<16}"), BarColumn(), TaskProgressColumn(),
                                  TimeElapsedColumn(), console=console, transient=True,
                                  disable=not console.is_terminal)  # a log file gets no bar remnants
        self._tasks: dict[str, TaskID] = {}

    def __enter__(self) -> Bars:
        self._progress.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self._progress.__exit__(None, None, None)

    def __call__(self, stage: str, completed: float, total: float) -> None:
        if stage not in self._tasks:
            self._tasks[stage] = self._progress.add_task(LABELS.get(stage, stage), total=total or 1)
        self._progress.update(self._tasks[stage], completed=completed, total=total or 1)
