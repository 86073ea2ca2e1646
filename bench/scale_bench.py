"""Re-extraction over WARC shards on a local Dask cluster: throughput, scaling, overhead.

Builds WARC files from real pages (``../shared/data/extraction/trafilatura/html``, as
presskb's crawler writes them), then in one run measures:

- plain ``trafilatura.extract`` over the same records, in this process (the baseline);
- presskb's full extraction (clean text, metadata, entities, quotes, dates) in one
  process, with no scheduler;
- the same on a local cluster of 1 and of 2 single-thread workers, warmed up (models
  loaded, as in a long re-extraction), this process being the one writer;
- the scheduler's overhead per task (empty tasks) and each worker's peak memory.

    python bench/scale_bench.py                    # 240 pages in 4 WARC files
    python bench/scale_bench.py --pages 600 --files 8 --no-nlp

Figures are records per second of wall time and ratios between them; the machine's
load changes them, the ratios less so.
"""
from __future__ import annotations

import argparse
import gzip
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from crawler import Source  # noqa: E402
from crawler.archive import WarcArchive  # noqa: E402
from presskb.scale import run_distributed  # noqa: E402

DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "extraction" / "trafilatura" / "html"


def build_warcs(pages: list[bytes], files: int, directory: Path) -> list[Path]:
    per_file = -(-len(pages) // files)
    out = []
    for k in range(files):
        archive = WarcArchive(directory / f"shard{k}")
        for i, body in enumerate(pages[k * per_file:(k + 1) * per_file]):
            url = f"https://bench.example/news/{k}-{i}.html"
            archive.write_exchange(
                url=url, request_headers=[("User-Agent", "bench")], status=200, reason="OK",
                response_headers=[("Content-Type", "text/html; charset=utf-8")], body=body,
                meta={"Source": "bench", "Kind": "article", "Requested-URL": url, "Charset": "utf-8"})
        archive.close()
        out.extend(archive.files)
    return out


def trafilatura_rate(pages: list[bytes]) -> float:
    import trafilatura

    started = time.perf_counter()
    for body in pages:
        trafilatura.extract(body.decode("utf-8", "replace"))
    return len(pages) / (time.perf_counter() - started)


def warm() -> None:
    """Load the models (what a long re-extraction pays once per worker)."""
    from extract import extract_article

    text = "<html><body><article><p>" + "Die Athletin sagte, sie sei bereit. " * 20 + "</p></article></body></html>"
    for lang in ("en", "de", "fr"):
        extract_article(text.replace("Die", "La" if lang == "fr" else "Die"), f"https://x.example/{lang}")
    from extract.entities import parse
    for lang in ("en", "de", "fr"):
        parse("Warm up.", lang)


def cluster_rate(workers: int, sources, warcs, nlp: bool, tmp: Path) -> float:
    """Records/s on ``workers`` warmed-up single-thread workers (steady state)."""
    from dask.distributed import Client, LocalCluster

    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=None) as cluster:
        with Client(cluster) as client:
            client.run(warm)
        stats = run_distributed(tmp / f"local{workers}.sqlite", sources, warcs,
                                scheduler=cluster.scheduler_address, nlp=nlp)
    return stats.records / stats.seconds


def scheduler_overhead(tasks: int = 200) -> float:
    """Seconds per empty task on a 1-worker local cluster."""
    from dask.distributed import Client, LocalCluster

    with LocalCluster(n_workers=1, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=None) as cluster, Client(cluster) as client:
        client.submit(int, 0).result()
        started = time.perf_counter()
        client.gather(client.map(int, range(tasks), pure=False))
        return (time.perf_counter() - started) / tasks


def peak_memory(scheduler: str, sources, warcs, nlp: bool, tmp: Path) -> list[float]:
    from dask.distributed import Client, LocalCluster

    workers = int(scheduler.partition(":")[2])
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=None) as cluster:
        run_distributed(tmp / "mem.sqlite", sources, warcs, scheduler=cluster.scheduler_address, nlp=nlp)
        with Client(cluster) as client:
            rss = client.run(lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    return sorted(rss.values())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--pages", type=int, default=240)
    parser.add_argument("--files", type=int, default=4)
    parser.add_argument("--no-nlp", action="store_true")
    args = parser.parse_args()

    paths = sorted(args.data.glob("*.html.gz"))[: args.pages]
    pages = [gzip.decompress(p.read_bytes()) for p in paths]
    sources = [Source(name="bench", kind="trade_press", allowed_hosts=["bench.example"])]
    nlp = not args.no_nlp
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        warcs = build_warcs(pages, args.files, tmp / "warc")
        baseline = trafilatura_rate(pages)
        rates = {}
        warm()  # models loaded here first, as on the warmed-up workers below
        stats = run_distributed(tmp / "one.sqlite", sources, warcs, nlp=nlp)
        rates["one process"] = stats.records / stats.seconds
        for workers in (1, 2):
            rates[f"local:{workers}"] = cluster_rate(workers, sources, warcs, nlp, tmp)
        overhead = scheduler_overhead()
        memory = peak_memory("local:2", sources, warcs, nlp, tmp)

    print(f"\n{len(pages)} real pages in {len(warcs)} WARC files; presskb {'with' if nlp else 'without'} NLP")
    print(f"{'run':24} {'records/s':>10} {'vs trafilatura':>15} {'vs one process':>15}")
    print(f"{'plain trafilatura':24} {baseline:>10.1f} {1.0:>15.2f} {'':>15}")
    for label, rate in rates.items():
        print(f"{'presskb ' + label:24} {rate:>10.1f} {rate / baseline:>15.2f} {rate / rates['one process']:>15.2f}")
    print(f"\n2 workers / 1 worker: {rates['local:2'] / rates['local:1']:.2f}x (target >= 1.8 on 2 cores)")
    per_task = 1000 * overhead
    per_file = 1000 * (len(pages) / len(warcs)) / rates["local:1"]
    print(f"scheduler overhead: {per_task:.1f} ms per task = {100 * per_task / per_file:.2f} % of a "
          f"{len(pages) // len(warcs)}-record WARC task ({100 * per_task / (1000 * 1000 / rates['local:1']):.3f} % "
          f"at 1,000 records per WARC)")
    print(f"peak memory per worker (local:2): {', '.join(f'{m:.0f} MB' for m in memory)}")
    print(f"command: python bench/scale_bench.py --pages {args.pages} --files {args.files}"
          + (" --no-nlp" if args.no_nlp else ""))


if __name__ == "__main__":
    main()
