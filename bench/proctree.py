"""Peak memory of a process and its children, sampled from a thread (psutil, else /proc)."""

from __future__ import annotations

import threading
from pathlib import Path

try:
    import psutil
except ImportError:  # psutil is optional: Linux's /proc gives the same numbers
    psutil = None


def _children(pid: int) -> list[int]:
    """Every descendant of `pid`, from /proc/<pid>/task/<tid>/children."""
    found: list[int] = []
    for tasks in Path(f"/proc/{pid}/task").glob("*/children"):
        for child in tasks.read_text().split():
            found += [int(child), *_children(int(child))]
    return found


def _proc_usage(pid: int) -> tuple[int, int]:
    """(RSS, PSS) in bytes from /proc/<pid>/status and smaps_rollup."""
    def kb(path: str, key: str) -> int:
        for line in Path(f"/proc/{pid}/{path}").read_text().splitlines():
            if line.startswith(key):
                return int(line.split()[1]) * 1024
        return 0

    return kb("status", "VmRSS:"), kb("smaps_rollup", "Pss:")


class TreeMemory:
    """Samples the summed RSS and PSS of a process tree every `interval` seconds until stopped.

    RSS counts pages that forked workers share with their parent once per process; PSS splits
    each shared page between the processes that map it, so its sum is the memory really used.
    """

    method = ("psutil (RSS and PSS of the parent and every child)" if psutil is not None
              else "/proc (VmRSS and smaps_rollup Pss of the parent and every child)")

    def __init__(self, pid: int, interval: float = 0.1) -> None:
        self.pid, self.interval = pid, interval
        self.peak_rss = self.peak_pss = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> TreeMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def sample(self) -> tuple[int, int]:
        """The tree's summed (RSS, PSS) now; processes that end meanwhile count as zero."""
        rss = pss = 0
        if psutil is not None:
            try:
                root = psutil.Process(self.pid)
                procs = [root, *root.children(recursive=True)]
            except psutil.Error:
                return 0, 0
            for p in procs:
                try:
                    info = p.memory_full_info()
                except psutil.Error:
                    continue
                rss, pss = rss + info.rss, pss + info.pss
            return rss, pss
        try:
            pids = [self.pid, *_children(self.pid)]
        except OSError:
            return 0, 0
        for pid in pids:
            try:
                r, p = _proc_usage(pid)
            except OSError:
                continue
            rss, pss = rss + r, pss + p
        return rss, pss

    def _run(self) -> None:
        while not self._stop.is_set():
            rss, pss = self.sample()
            self.peak_rss, self.peak_pss = max(self.peak_rss, rss), max(self.peak_pss, pss)
            self._stop.wait(self.interval)
