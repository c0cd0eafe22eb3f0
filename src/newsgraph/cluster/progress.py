"""The client's progress bar: shards and documents taken, documents/s and the time left."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.text import Text

from .plan import Plan
from .run import ShardEvent


class RateColumn(ProgressColumn):
    """Items a second of a task, with its unit (`task.fields['unit']`)."""

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        unit = task.fields.get("unit", "")
        return Text(f"{speed:.1f} {unit}/s" if speed is not None else f"- {unit}/s", style="cyan")


class ShardProgress:
    """Two bars on `console`: shards and documents; `plan` sets their totals."""

    def __init__(self, console: Console, *, enabled: bool) -> None:
        self.progress = Progress(
            TextColumn("{task.description:<9}"),
            BarColumn(),
            MofNCompleteColumn(),
            RateColumn(),
            TimeElapsedColumn(),
            TextColumn("eta"),
            TimeRemainingColumn(),
            console=console,
            disable=not enabled,
        )
        self.shards = self.progress.add_task("shards", total=None, unit="shards")
        self.documents = self.progress.add_task("documents", total=None, unit="docs")
        self._plan: Plan | None = None

    def __enter__(self) -> ShardProgress:
        self.progress.__enter__()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.progress.__exit__(*exc)

    def plan(self, plan: Plan) -> None:
        self._plan = plan
        self.progress.update(self.shards, total=plan.estimated_shards)

    def shard(self, event: ShardEvent, *_rest: Any) -> None:
        plan = self._plan
        if plan is not None:
            self.progress.update(self.shards, total=plan.estimated_shards)
            if plan.complete:
                self.progress.update(self.documents, total=plan.documents)
        self.progress.update(self.shards, completed=event.shards_done)
        self.progress.update(self.documents, completed=event.documents_done)
