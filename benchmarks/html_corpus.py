"""Benchmark the HTML report of a corpus: 200 reports (copies of the bundled examples under
other names) scored in process, then the summary page and one page per report written, as
`score DIR --format html -o FILE` writes them; prints the figures (nothing is asserted).

    python benchmarks/html_corpus.py [--reports 200] [--browser /usr/bin/chromium]

With --browser (needs the `playwright` package, no download): the summary page's load time in
headless Chromium (median of 3, from navigation start to the load event).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from fazhi.html_report import render_site
from fazhi.pipeline import Pipeline, Setup

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "reports"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=200)
    parser.add_argument("--browser", help="a Chromium executable: also time loading the summary page")
    args = parser.parse_args()
    examples = sorted(EXAMPLES.glob("*.txt"))
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        paths = []
        for n in range(args.reports):
            source = examples[n % len(examples)]
            path = root / "in" / f"{n:04d}-{source.name}"
            path.parent.mkdir(exist_ok=True)
            shutil.copyfile(source, path)
            paths.append(str(path))
        pipeline = Pipeline(Setup())
        start = time.perf_counter()
        cards = [pipeline.score(p) for p in paths]
        scored = time.perf_counter() - start
        start = time.perf_counter()
        pages = render_site(cards, "summary.html")
        for name, page in pages.items():
            out = root / "out" / name
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text(page, encoding="utf-8")
        written = time.perf_counter() - start
        summary = root / "out" / "summary.html"
        sizes = [len(p.encode()) for name, p in pages.items() if name != "summary.html"]
        print(f"| reports | {args.reports} |")
        print(f"| scoring (in process, not part of the HTML budget) | {scored:.2f} s |")
        print(f"| rendering + writing {len(pages)} pages | {written:.2f} s (budget < 5 s) |")
        print(f"| summary page | {summary.stat().st_size / 1e6:.2f} MB (budget < 3 MB) |")
        median, largest = statistics.median(sizes) / 1e3, max(sizes) / 1e3
        print(f"| one report's page, median / largest | {median:.0f} / {largest:.0f} KB |")
        if args.browser:
            print(f"| summary page load in headless Chromium, median of 3 | {_load(summary, args.browser):.2f} s "
                  "(budget < 2 s) |")


def _load(page: Path, executable: str) -> float:
    from playwright.sync_api import sync_playwright
    times = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=["--headless", "--no-sandbox", "--disable-gpu"])
        for _ in range(3):
            tab = browser.new_page(viewport={"width": 1280, "height": 900})
            tab.goto(page.as_uri(), wait_until="load")
            times.append(tab.evaluate("performance.getEntriesByType('navigation')[0].loadEventEnd") / 1000)
            tab.close()
        browser.close()
    return statistics.median(times)


if __name__ == "__main__":
    main()
