"""One crawl of the bundled sample site, shared by the end-to-end tests.

The database is built once per session by the real pipeline: the sample site
served on a loopback port, the real crawler, extraction and kb.
"""
from pathlib import Path

import pytest
import yaml

from presskb.sample_site import SAMPLE_SOURCES, SAMPLES_DIR, SampleSite


@pytest.fixture(scope="session")
def expected() -> dict:
    return yaml.safe_load((SAMPLES_DIR / "expected.yml").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def sample_site():
    with SampleSite() as site:
        yield site


@pytest.fixture(scope="session")
def sample_sources(sample_site):
    from crawler import load_sources

    return load_sources(SAMPLE_SOURCES, base_url=sample_site.base_url)


def crawl_sample(db_path: Path, sources, warc_dir: Path):
    # Imported here so that unit tests of one stage run without the others.
    from crawler import CrawlConfig
    from presskb.pipeline import run_crawl

    config = CrawlConfig(per_host_delay=0.0, warc_dir=warc_dir)
    return run_crawl(db_path, sources, config)


@pytest.fixture(scope="session")
def crawl_into():
    """Crawl given sources into a database: ``crawl_into(db_path, sources, warc_dir)``."""
    return crawl_sample


@pytest.fixture(scope="session")
def crawled(tmp_path_factory, sample_site, sample_sources):
    """(db_path, first-run stats, hits per path after the first run)."""
    workdir = tmp_path_factory.mktemp("crawl")
    db_path = workdir / "kb.sqlite"
    stats = crawl_sample(db_path, sample_sources, workdir / "warc")
    return db_path, stats, dict(sample_site.hits)


@pytest.fixture
def pickup_db(tmp_path):
    """An empty KB with a partner newsroom and two trade-press sources (the pickup tests)."""
    import kb

    database = kb.open_db(tmp_path / "kb.sqlite")
    kb.upsert_sources(database, [
        {"name": "kestrel", "title": "Kestrel newsroom", "kind": "partner", "language": "en"},
        {"name": "wire", "title": "Trade wire", "kind": "trade_press", "language": "en"},
        {"name": "daily", "title": "Daily sport", "kind": "trade_press", "language": "en"},
    ])
    yield database
    database.close()
