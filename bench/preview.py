"""Time the Program page's preview: from a change in the form to the new handout image shown.

Runs `handouts serve` on a free local port, opens the Program page in Debian's chromium
(Playwright, executable_path=/usr/bin/chromium) and, on the default six-stretch routine,
changes a side or a hold time again and again. Each time is measured inside the page:
from the `change` event to the moment the new image has loaded. Target: under 300 ms
after the first.

Usage: python bench/preview.py [--changes N]
"""

from __future__ import annotations

import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

from playwright.sync_api import sync_playwright

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]

CHANGE = """async ([field, value]) => {
  const row = document.querySelector('li.item[data-stretch=figure-four]');
  const input = row.querySelector(field === 'side' ? 'select' : 'input[name$=hold_seconds]');
  const old = document.querySelector('#preview img').src;
  const t0 = performance.now();
  input.value = value;
  input.dispatchEvent(new Event('change', {bubbles: true}));
  return await new Promise(resolve => {
    const look = () => {
      const img = document.querySelector('#preview img');
      if (img && img.src !== old && img.complete && img.naturalWidth > 0)
        resolve([performance.now() - t0, +document.querySelector('.fit').dataset.ms,
                 +document.querySelector('.fit').dataset.cpuMs]);
      else requestAnimationFrame(look);
    };
    look();
  });
}"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def main(changes: int) -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory() as data:
        server = subprocess.Popen([sys.executable, "-m", "handouts", "serve", "--no-browser",
                                   "--port", str(port), "--data", data],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            for _ in range(200):
                try:
                    urllib.request.urlopen(f"{url}/library", timeout=1).close()
                    break
                except OSError:
                    time.sleep(0.1)
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
                page = browser.new_page(viewport={"width": 1400, "height": 900})
                page.goto(f"{url}/program")
                page.wait_for_selector("#preview img")
                steps = [("side", "left"), ("hold", "20"), ("side", "right"), ("hold", "45"),
                         ("side", "both"), ("hold", "30")]
                both = [page.evaluate(CHANGE, list(steps[i % len(steps)])) for i in range(changes + 1)]
                fit = page.inner_text(".fit")
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=20)
    times, worker = [t for t, _, _ in both], sorted(w for _, w, _ in both[1:])
    cpu = sorted(c for _, _, c in both[1:])
    first, rest = times[0], sorted(times[1:])
    p90 = rest[max(0, round(0.9 * len(rest)) - 1)]
    print(f"preview, six stretches ({fit.strip()}), {len(rest)} changes after the first:")
    print(f"  change to new image: first {first:.0f} ms; then median {statistics.median(rest):.0f} ms, "
          f"p90 {p90:.0f} ms, max {rest[-1]:.0f} ms (target: under 300 ms)")
    print(f"  of which in the worker (build the PDF, draw the image): median "
          f"{statistics.median(worker):.0f} ms, {statistics.median(cpu):.0f} ms of it on a core")
    rest_of_it = statistics.median(rest) - statistics.median(worker)
    print(f"  on an idle machine about {statistics.median(cpu) + rest_of_it:.0f} ms "
          "(worker CPU time plus everything outside the worker)")
    print(f"  load average while measuring: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")


if __name__ == "__main__":
    n = int(sys.argv[sys.argv.index("--changes") + 1]) if "--changes" in sys.argv else 20
    main(n)
