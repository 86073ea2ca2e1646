"""Re-extraction over WARC shards on a real local Dask cluster (scheduler and two
single-thread workers on 127.0.0.1): the same KB as one process, a killed worker
changing nothing, a corrupt file recorded while the rest goes on."""
from __future__ import annotations

import os
import signal
import sqlite3

import pytest
from warcio.archiveiterator import ArchiveIterator

from presskb.sample_site import SAMPLE_SOURCES


from crawler import load_sources
from presskb.scale import run_distributed

FACTS = {
    "articles": "select id, title, text, language, published from articles",
    "quotes": "select article_id, start, text, speaker, role, organisation from quotes",
    "mentions": "select article_id, start, text, entity_id from mentions",
    "dates": "select article_id, start, value from dates",
    "pages": "select url, status, error, content_hash, article_id from pages",
}


def facts(db):
    conn = sqlite3.connect(db)
    assert conn.execute("pragma integrity_check").fetchone()[0] == "ok"
    out = {}
    for name, sql in FACTS.items():
        rows = [tuple(r) for r in conn.execute(sql)]
        assert len(rows) == len(set(rows)), f"duplicates in {name}"
        out[name] = set(rows)
    return out


@pytest.fixture(scope="module")
def shards(crawled, tmp_path_factory):
    """The sample crawl's WARC cut into four files at record boundaries."""
    db_path = crawled[0]
    [warc] = sorted((db_path.parent / "warc").glob("*.warc.gz"))
    data = warc.read_bytes()
    with open(warc, "rb") as stream:
        records = ArchiveIterator(stream)
        offsets = [records.get_record_offset() for _ in records]
    bounds = list(zip(offsets, offsets[1:] + [len(data)]))
    out = tmp_path_factory.mktemp("shards")
    size = -(-len(bounds) // 4)
    for k in range(4):
        part = bounds[k * size:(k + 1) * size]
        if part:
            (out / f"part-{k}.warc.gz").write_bytes(data[part[0][0]:part[-1][1]])
    return sorted(out.glob("*.warc.gz"))


@pytest.fixture(scope="module")
def sources(sample_site):
    return load_sources(SAMPLE_SOURCES, base_url=sample_site.base_url)


@pytest.fixture(scope="module")
def one_process(shards, sources, tmp_path_factory):
    db = tmp_path_factory.mktemp("single") / "kb.sqlite"
    stats = run_distributed(db, sources, shards)
    assert stats.files == 4 and not stats.file_errors
    return facts(db)


def test_a_local_cluster_builds_the_same_kb_as_one_process(shards, sources, one_process, tmp_path):
    db = tmp_path / "kb.sqlite"
    stats = run_distributed(db, sources, shards, scheduler="local:2")
    assert stats.files == 4 and stats.records > 0 and not stats.file_errors
    assert facts(db) == one_process
    assert one_process["articles"] and one_process["quotes"]
    # a rerun duplicates nothing (facts() checks); names the first run learned may now be
    # matched from the KB, so the mentions may differ
    run_distributed(db, sources, shards, scheduler="local:2")
    again = facts(db)
    assert {k: v for k, v in again.items() if k != "mentions"} == \
        {k: v for k, v in one_process.items() if k != "mentions"}


def test_a_killed_worker_still_leads_to_a_complete_kb(shards, sources, one_process, tmp_path):
    from dask.distributed import Client, LocalCluster

    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                           dashboard_address=None)
    try:
        with Client(cluster) as client:
            pids = list(client.run(os.getpid).values())
        killed = []

        def kill_one(stats, batch):
            if not killed:
                killed.append(pids[0])
                os.kill(pids[0], signal.SIGKILL)

        db = tmp_path / "kb.sqlite"
        stats = run_distributed(db, sources, shards, scheduler=cluster.scheduler_address, progress=kill_one)
        assert killed and stats.files == 4
        assert facts(db) == one_process
    finally:
        cluster.close()


def test_a_corrupt_warc_is_recorded_and_the_rest_goes_on(shards, sources, one_process, tmp_path):
    broken = tmp_path / "broken.warc.gz"
    broken.write_bytes(b"\x1f\x8b\x08\x00" + os.urandom(2000))
    db = tmp_path / "kb.sqlite"
    stats = run_distributed(db, sources, [broken, *shards], scheduler="local:2")
    assert [path for path, _ in stats.file_errors] == [str(broken)]
    assert facts(db) == one_process


def test_warcs_written_by_other_tools_are_read_and_mapped_to_sources(sources, tmp_path):
    """A Heritrix/Browsertrix-style WARC (warcio, no presskb fields; WARC/1.0, a revisit
    record) is read; its URIs map to the configured source or to "unconfigured"."""
    import io

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    from presskb.sample_site import SAMPLES_DIR

    body = (SAMPLES_DIR / "site/tradepress/alibaba-com-ioc-accelerator-olympians-ecommerce.html").read_bytes()
    other = b"<html><head><title>Elsewhere</title></head><body><article><p>" + b"Another story. " * 60 + \
        b"</p></article></body></html>"
    tradepress = next(s for s in sources if s.name == "tradepress")
    host = tradepress.allowed_hosts[0]
    path = tmp_path / "heritrix.warc.gz"
    with open(path, "wb") as stream:
        writer = WARCWriter(stream, gzip=True, warc_version="1.0")
        for url, payload in ((f"http://{host}/tradepress/copy.html", body),
                             ("https://elsewhere.example/story.html", other)):
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")],
                                       protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(payload),
                                                          http_headers=headers))
        writer.write_record(writer.create_revisit_record(
            f"http://{host}/tradepress/copy.html", digest="sha1:AAAA", refers_to_uri="x", refers_to_date="y"))
    db = tmp_path / "kb.sqlite"
    stats = run_distributed(db, sources, [path], nlp=False)
    assert not stats.file_errors
    rows = dict(sqlite3.connect(db).execute("select url, source from articles"))
    assert rows == {f"http://{host}/tradepress/copy.html": "tradepress",
                    "https://elsewhere.example/story.html": "unconfigured"}
