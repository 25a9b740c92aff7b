"""How a widget's worker says it failed: a message up, shown by the screen in one line."""

from __future__ import annotations

from textual.message import Message
from textual.worker import Worker, WorkerState


class WorkFailed(Message):
    """Work in a thread raised; the app shows one line for it and goes on."""

    def __init__(self, error: BaseException) -> None:
        super().__init__()
        self.error = error


def failure_of(event: Worker.StateChanged) -> BaseException | None:
    """The error of a worker that has just failed, else None."""
    if event.state is WorkerState.ERROR:
        return event.worker.error
    return None
