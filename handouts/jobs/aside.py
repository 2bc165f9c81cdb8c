"""Independent documents built side by side: one in a forked process while this one builds the rest."""

from __future__ import annotations

import os
import pickle
import signal
import sys
import threading
from collections.abc import Callable, Mapping
from typing import TypeVar

T = TypeVar("T")


def can_fork() -> bool:
    """Whether a forked child can build at the same time: Linux (as for batch workers), more
    than one core this process may run on, and no other thread (a fork copies only this one)."""
    if not sys.platform.startswith("linux") or threading.active_count() != 1:
        return False
    return len(os.sched_getaffinity(0)) > 1


def side_by_side(jobs: Mapping[str, Callable[[], T]], aside: str) -> dict[str, T]:
    """Every job's result by name, in the order given; `aside` (a name in `jobs`) is run in a
    forked child while this process runs the others, when `can_fork()`.

    A fresh `handouts build` spends most of its time laying out three documents that share
    nothing but the loaded library, one after the other on one core. The child's result comes
    back pickled through a pipe; the bytes are those the job makes here (it starts from the
    same library and caches). A child that fails for any reason (an error in its document,
    no memory) is not reported: the job is run again here, so its error is raised here, after
    those of the jobs before it, as without the child. An error here stops the child.
    """
    if not can_fork():
        return {name: job() for name, job in jobs.items()}
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: build, send, leave without running the parent's exit handlers
        os.close(read)
        code = 1
        try:
            data = pickle.dumps(jobs[aside](), protocol=pickle.HIGHEST_PROTOCOL)
            with os.fdopen(write, "wb") as pipe:
                pipe.write(data)
            code = 0
        finally:
            os._exit(code)
    os.close(write)
    with os.fdopen(read, "rb") as pipe:
        try:
            here = {name: job() for name, job in jobs.items() if name != aside}
            data = pipe.read()
            status = os.waitpid(pid, 0)[1]
        except BaseException:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            raise
    result: T = pickle.loads(data) if status == 0 and data else jobs[aside]()
    return {name: result if name == aside else here[name] for name in jobs}
