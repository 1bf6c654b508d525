"""Independent build steps on both cores: forked processes, results and errors in call order."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from typing import Any


def jobs_wanted(environ: dict[str, str] | None = None) -> int:
    """DATASITE_JOBS when set to a positive number, else the cores this process may use."""
    environ = os.environ if environ is None else environ
    given = environ.get("DATASITE_JOBS", "")
    if given.isdigit() and int(given) > 0:
        return int(given)
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def run_all(calls: Sequence[Callable[[], Any]], jobs: int) -> list[Any]:
    """Each call's result, in order. With more than one job, every call but the first runs in a
    forked child (nothing is pickled but results and errors) while this process runs the first;
    the first call's error wins, as it would one after the other. Children must not use polars,
    whose thread pool does not survive a fork."""
    if jobs <= 1 or len(calls) <= 1 or not hasattr(os, "fork"):
        return [call() for call in calls]
    context = multiprocessing.get_context("fork")
    children = []
    try:
        for call in calls[1 : 1 + (jobs - 1)]:
            receive, send = context.Pipe(duplex=False)
            child = context.Process(target=run_child, args=(call, send), daemon=True)
            child.start()
            send.close()
            children.append((child, receive))
        results = [calls[0]()]
        for child, receive in children:
            try:
                ok, value = receive.recv()
            except EOFError:
                raise RuntimeError(
                    f"a build process stopped (exit code {child.exitcode})"
                ) from None
            if not ok:
                raise value
            results.append(value)
        results += [call() for call in calls[1 + len(children) :]]
        return results
    finally:
        for child, receive in children:
            receive.close()
            if child.is_alive():
                child.terminate()
            child.join()


def run_child(call: Callable[[], Any], send: Any) -> None:
    try:
        result = (True, call())
    except BaseException as error:  # sent back whole: the parent raises it in call order
        result = (False, error)
    send.send(result)
    send.close()
