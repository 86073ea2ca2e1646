"""Operator view: live progress on a terminal and the per-source summary."""
from __future__ import annotations

import io

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from .records import FetchResult

SUMMARY_COLUMNS = (
    ("discovered", "discovered"), ("fetched", "fetched"), ("not_modified", "304/same"),
    ("new", "new"), ("changed", "changed"), ("skipped", "skipped"), ("deferred", "deferred"),
    ("failed", "failed"), ("cut", "cut"),
)


class CrawlProgress:
    """A rich progress bar on stderr: fetches done out of fetches known so far
    (queued URLs plus the robots.txt files met on the way)."""

    def __init__(self):
        self._progress = Progress(
            TextColumn("[bold]crawl"), BarColumn(), MofNCompleteColumn(),
            TextColumn("{task.fields[last]}"), TimeElapsedColumn(),
            console=Console(stderr=True), transient=False,
        )
        self._task = self._progress.add_task("crawl", total=0, last="")

    def __enter__(self) -> CrawlProgress:
        self._progress.start()
        return self

    def __exit__(self, *exc) -> bool:
        self._progress.stop()
        return False

    def queued(self, count: int) -> None:
        self._progress.update(self._task, total=self._progress.tasks[0].total + count)

    def fetched(self, result: FetchResult) -> None:
        outcome = result.error or ("304" if result.not_modified else str(result.status))
        task = self._progress.tasks[0]
        self._progress.update(
            self._task, advance=1, total=max(task.total, task.completed + 1),
            last=f"{result.source}: {outcome} {result.url[-60:]}",
        )


def summary_table(stats: dict[str, dict[str, int]]) -> Table:
    table = Table(title="crawl summary")
    table.add_column("source")
    for _, label in SUMMARY_COLUMNS:
        table.add_column(label, justify="right")
    totals = dict.fromkeys((key for key, _ in SUMMARY_COLUMNS), 0)
    for name, counts in stats.items():
        table.add_row(name, *(str(counts.get(key, 0)) for key, _ in SUMMARY_COLUMNS))
        for key in totals:
            totals[key] += counts.get(key, 0)
    if len(stats) > 1:
        table.add_row("[bold]total", *(str(totals[key]) for key, _ in SUMMARY_COLUMNS))
    return table


def format_summary(stats: dict[str, dict[str, int]], width: int = 100) -> str:
    """The per-source summary as plain text (a table), for printing anywhere."""
    console = Console(width=width, record=True, file=io.StringIO(), color_system=None)
    console.print(summary_table(stats))
    return console.export_text().rstrip()

