"""presskb: crawl news and press releases into a Datasette knowledge base.

Each command is a thin wrapper: the work happens in crawler/, extract/, kb/
and presskb/pipeline.py, which are usable as a library.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB = "kb.sqlite"
METADATA = ROOT / "datasette-metadata.yml"


class ConfigError(click.ClickException):
    """A usage or configuration error: exit code 2."""

    exit_code = 2


def _load_sources(path: str, names: tuple[str, ...] = (), base_url: str | None = None):
    from crawler import SourcesError, load_sources

    try:
        sources = load_sources(Path(path), base_url=base_url)
    except SourcesError as error:
        raise ConfigError(f"{path}: {error}") from None
    if names:
        unknown = set(names) - {s.name for s in sources}
        if unknown:
            raise ConfigError(f"unknown source(s): {', '.join(sorted(unknown))}")
        sources = [s for s in sources if s.name in names]
    return sources


def _checked_sources(path: str, names: tuple[str, ...], base_url: str | None):
    """The sources to crawl, validated exactly as ``presskb sources check`` does: an
    error there (or no source at all) stops the run with exit code 2."""
    from crawler import check_sources

    sources = _load_sources(path, names, base_url=base_url)
    if not sources:
        raise ConfigError(f"{path}: no sources to crawl")
    report = check_sources(sources)
    if report.errors:
        raise ConfigError(f"{path}: " + "; ".join(str(f) for f in report.errors))
    return sources


EXIT_CODES_HELP = """Exit codes: 0 every source yielded something; 1 some sources failed (every fetch of
theirs failed; see the run_errors table) or the --max-minutes budget ran out; 2 usage
or configuration error; 3 fatal
error or every source failed; 75 another run holds the lock (try later)."""


def _open_log(log_json: str | None):
    """The ``--log-json`` stream: ``-`` is stderr, anything else a file appended to."""
    from .nightly import JsonLog

    if not log_json:
        return None, None
    if log_json == "-":
        return JsonLog(sys.stderr), None
    try:
        handle = open(log_json, "a", encoding="utf-8")
    except OSError as error:
        raise ConfigError(f"--log-json {log_json}: {error.strerror}") from None
    return JsonLog(handle), handle


def _print_health(health: list[dict]) -> None:
    """The crawl-health alarms in the terminal summary (the Crawl health page says the same)."""
    flagged = [row for row in health if row.get("alarms") or row.get("failure_streak")]
    if not flagged:
        if health:
            click.echo(f"crawl health: no alarms ({len(health)} sources)")
        return
    click.echo(f"crawl health: {len(flagged)} of {len(health)} sources need a look")
    for row in flagged:
        parts = [row["alarms"]] if row.get("alarms") else []
        if row.get("failure_streak"):
            runs = "run" if row["failure_streak"] == 1 else "runs in a row"
            parts.append(f"failed {row['failure_streak']} {runs}"
                         + (f" (last success {row['last_success'][:10]})" if row.get("last_success")
                            else " (never a success)"))
        if row.get("errors_last_run"):
            parts.append(f"errors: {row['errors_last_run']}")
        click.echo(f"  {row['source']}: " + "; ".join(parts))


def _recorded_run(command, *, sources_path, db_path, source_names, max_pages, delay, warc_dir, since,
                  contact, base_url, no_nlp, workers=None, recheck=False, lock_file=None, dry_run=False,
                  max_minutes=None, log_json=None, publish_dir=None):
    log, handle = _open_log(log_json)
    try:
        _recorded_run_logged(command, log, sources_path=sources_path, db_path=db_path,
                             source_names=source_names, max_pages=max_pages, delay=delay,
                             warc_dir=warc_dir, since=since, contact=contact, base_url=base_url,
                             no_nlp=no_nlp, workers=workers, recheck=recheck, lock_file=lock_file,
                             dry_run=dry_run, max_minutes=max_minutes, publish_dir=publish_dir)
    finally:
        if handle:
            handle.close()


def _recorded_run_logged(command, log, *, sources_path, db_path, source_names, max_pages, delay, warc_dir,
                         since, contact, base_url, no_nlp, workers=None, recheck=False, lock_file=None,
                         dry_run=False, max_minutes=None, publish_dir=None):
    from .nightly import EXIT_FATAL, EXIT_LOCKED, LockHeld, lock_path_for, run_lock, run_recorded

    if not contact:
        click.echo("warning: no --contact given; site owners cannot reach you from the User-Agent",
                   err=True)
    sources = _checked_sources(sources_path, source_names, base_url)
    config = _crawl_config(delay, max_pages, warc_dir, contact=contact, since=since, recheck=recheck,
                           max_minutes=max_minutes)
    try:
        with run_lock(lock_file or lock_path_for(db_path)):
            if dry_run:
                click.echo(f"dry run: {len(sources)} sources valid, lock free; nothing fetched")
                return
            outcome = run_recorded(db_path, sources, config, command=command, nlp=not no_nlp,
                                   workers=_workers(workers), log=log, metadata_path=METADATA,
                                   publish_dir=publish_dir)
    except LockHeld as held:
        click.echo(f"another run is in progress ({held}); nothing done", err=True)
        if log:
            log.emit("locked", command=command, message=str(held), exit_code=EXIT_LOCKED)
        sys.exit(EXIT_LOCKED)
    except Exception as error:  # recorded in runs as fatal by run_recorded
        click.echo(f"fatal: {type(error).__name__}: {error}", err=True)
        sys.exit(EXIT_FATAL)
    _report(outcome.stats)
    _print_health(outcome.health)
    if outcome.published is not None:
        click.echo(f"published: {outcome.published.db} (immutable copy, sha256 {outcome.published.sha256[:12]}…)")
    click.echo(f"run {outcome.run_id}: {outcome.status}"
               + (f"; failed sources: {', '.join(outcome.failed_sources)}" if outcome.failed_sources else ""))
    sys.exit(outcome.exit_code)


def user_agent(contact: str | None) -> str:
    """presskb's User-Agent, with the operator's contact URL or e-mail when given."""
    from crawler.fetch import DEFAULT_USER_AGENT

    if not contact:
        return DEFAULT_USER_AGENT
    return DEFAULT_USER_AGENT[:-1] + f"; +{contact})"


def _crawl_config(delay: float | None, max_pages: int | None, warc_dir: str | None, *,
                  contact: str | None = None, since: str | None = None, recheck: bool = False,
                  max_minutes: float | None = None):
    from crawler import CrawlConfig

    kwargs = {"max_pages": max_pages, "user_agent": user_agent(contact), "since": since,
              "recheck_known": recheck,
              "max_seconds": max_minutes * 60 if max_minutes is not None else None}
    if delay is not None:
        kwargs["per_host_delay"] = delay
    if warc_dir:
        kwargs["warc_dir"] = Path(warc_dir)
    return CrawlConfig(**kwargs)


def _report(stats) -> None:
    from crawler import format_summary

    click.echo(format_summary(stats.crawl))
    click.echo(
        f"articles: {stats.articles.get('new', 0)} new, {stats.articles.get('changed', 0)} changed, "
        f"{stats.articles.get('unchanged', 0)} unchanged, {stats.seen_again} listed again (not refetched, last_seen "
        f"updated); {stats.not_articles} pages were not articles; "
        f"extraction {stats.seconds_per_article * 1000:.0f} ms/page over {stats.extracted} pages; "
        f"{stats.learned} learned entities confirmed"
    )


@click.group()
@click.version_option(package_name="presskb")
def cli():
    """Crawl news and press releases into kb.sqlite and publish it with Datasette."""


WORKERS_OPTION = click.option(
    "--workers", type=click.IntRange(min=1), default=None,
    help="Extraction processes (default: the CPU cores; 1 extracts in this process).")


def _workers(workers: int | None) -> int:
    from .workers import default_workers

    return workers or default_workers()


def run_options(command):
    """The options ``crawl`` and ``nightly`` share, in their order on ``--help``."""
    options = [
        click.option("--sources", "sources_path", default="sources.yml", show_default=True,
                     type=click.Path(exists=True, dir_okay=False), help="Sources file (YAML)."),
        click.option("--db", "db_path", default=DEFAULT_DB, show_default=True, help="SQLite database."),
        click.option("--source", "source_names", multiple=True, help="Only this source (repeatable)."),
        click.option("--max-pages", type=int, default=None, help="Page budget per source."),
        click.option("--delay", type=float, default=None, help="Seconds between requests to one host."),
        click.option("--warc-dir", default="warc", show_default=True, help="Where WARC files go."),
        click.option("--since", default=None,
                     help="Ignore feed/sitemap/listing items dated before this ISO date."),
        click.option("--contact", envvar="PRESSKB_CONTACT", default=None,
                     help="Contact URL or e-mail for the User-Agent (or PRESSKB_CONTACT)."),
        click.option("--base-url", default=None, help="Value of {{BASE}} in the sources file."),
        click.option("--no-nlp", is_flag=True, help="Skip entities, quotes and dates."),
        WORKERS_OPTION,
        click.option("--log-json", default=None, metavar="PATH",
                     help="Also write one JSON object a line per event (run start, failed fetch, source, "
                          "alarm, run end) to PATH, appended; '-' is stderr."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


@cli.command(epilog=EXIT_CODES_HELP)
@run_options
@click.option("--recheck", is_flag=True, help="Revalidate already stored articles (conditional GETs).")
def crawl(**options):
    """Discover, fetch, extract and store new and changed articles (one run at a time,
    recorded in the runs table).

    Example: presskb crawl --sources sources.yml --db kb.sqlite --source olympics
    """
    _recorded_run("crawl", **options)



@cli.command(epilog=EXIT_CODES_HELP)
@run_options
@click.option("--max-minutes", type=float, default=None,
              help="Time budget of the whole run: no new request after it (status cut-short, exit 1).")
@click.option("--lock-file", default=None, help="Lock file (default: the database path + .lock).")
@click.option("--dry-run", is_flag=True, help="Validate the sources and the lock; fetch nothing.")
@click.option("--publish", "publish_dir", default=None, type=click.Path(file_okay=False),
              help="After the run, replace the immutable published copy in this folder "
                   "(see presskb publish; the old copy stays until the new one is complete).")
def nightly(**options):
    """The scheduled run for cron or a systemd timer: crawl every source, extract, store,
    learn; never two at once; every run and error recorded (tables runs, run_errors).

    Example: presskb nightly --sources sources.yml --db kb.sqlite --contact ops@example.org
    """
    _recorded_run("nightly", **options)



@cli.command()
@click.argument("page", type=click.File("rb"))
@click.option("--url", default=None, help="The page's URL (resolves links and canonical ids).")
@click.option("--no-nlp", is_flag=True, help="Only text and metadata.")
def extract(page, url, no_nlp):
    """Print the Article extracted from an HTML file as JSON.

    Example: presskb extract page.html --url https://example.org/news/1
    """
    if no_nlp:  # the cleaning alone, without importing spaCy and its models
        from extract import clean_article

        article = clean_article(page.read(), url)
    else:
        from extract import extract_article

        article = extract_article(page.read(), url)
    click.echo(json.dumps(article.to_dict(), ensure_ascii=False, indent=2))


@cli.command()
@click.option("--sources", "sources_path", default="sources.yml", show_default=True,
              type=click.Path(exists=True, dir_okay=False))
@click.option("--db", "db_path", default=DEFAULT_DB, show_default=True)
@click.option("--warc", "warc_paths", multiple=True,
              help="WARC file, folder or glob (repeatable); default: the warc/ folder.")
@click.option("--base-url", default=None, help="Value of {{BASE}} in the sources file.")
@click.option("--no-nlp", is_flag=True)
@WORKERS_OPTION
@click.option("--scheduler", default=None,
              help="Run on Dask: local[:N] (N single-thread workers here) or a scheduler address "
                   "(tcp://host:8786); needs the cluster extra. Default: this process.")
def reextract(sources_path, db_path, warc_paths, base_url, no_nlp, workers, scheduler):
    """Rebuild or refresh the KB from archived WARC responses, with no network: one task
    per WARC file, one writer (this process).

    Example: presskb reextract --warc warc/ --db kb.sqlite --scheduler local:2
    """
    import glob

    from crawler.archive import warc_paths as find_warcs

    from .scale import run_distributed

    named = [m for p in warc_paths or ("warc",) for m in (glob.glob(p) or [p]) if Path(m).exists()]
    paths = find_warcs(named)
    if not paths:
        raise click.ClickException("no WARC files found (give --warc FILE, FOLDER or GLOB)")
    sources = _load_sources(sources_path, base_url=base_url)

    def progress(stats, batch):
        if sys.stderr.isatty():
            click.echo(f"\r{stats.files}/{len(paths)} files, {stats.records} records", err=True, nl=False)

    try:
        result = run_distributed(db_path, sources, paths, scheduler=scheduler, nlp=not no_nlp,
                                 progress=progress, workers=_workers(workers))
    except ImportError as error:
        raise ConfigError(f"--scheduler needs dask[distributed]: pip install 'presskb[cluster]' ({error})")
    stats = result.pipeline
    click.echo(
        f"{len(paths)} WARC files, {result.records} records, {stats.extracted} article pages re-extracted: "
        f"{stats.articles.get('new', 0)} new, {stats.articles.get('changed', 0)} changed, "
        f"{stats.articles.get('unchanged', 0)} unchanged; {len(result.file_errors)} file errors; "
        f"{result.docs_per_second:.1f} records/s"
    )
    for path, offset, why in stats.damaged:
        click.echo(f"skipped a damaged WARC record: {path} at offset {offset}: {why}", err=True)
    for path, error in result.file_errors:
        click.echo(f"WARC file read only up to damage: {path}: {error}", err=True)


@cli.group()
def sources():
    """Work with the sources file."""


@sources.command("check")
@click.argument("path", default="sources.yml", type=click.Path(exists=True, dir_okay=False))
@click.option("--probe", is_flag=True, help="Also fetch robots.txt, feeds and sitemaps (network).")
@click.option("--base-url", default=None, help="Value of {{BASE}} in the sources file.")
def sources_check(path, probe, base_url):
    """Validate a sources file; with --probe, report what each source serves."""
    from crawler import check_sources

    report = check_sources(_load_sources(path, base_url=base_url), probe=probe)
    click.echo(report.text)
    if report.errors:
        sys.exit(1)


@cli.group()
def entities():
    """See and correct what the KB learned: people and organisations found in
    articles are matched in every language's later articles once confirmed."""


@entities.command("learned")
@click.option("--db", "db_path", default=DEFAULT_DB, show_default=True)
@click.option("--unconfirmed", is_flag=True, help="Only those not (or no longer) confirmed.")
def entities_learned(db_path, unconfirmed):
    """List learned entities with their mention counts."""
    import kb

    rows = kb.learned_entities(kb.open_db(db_path), confirmed=False if unconfirmed else None)
    for row in rows:
        mark = {1: "confirmed", 0: "rejected"}.get(row["confirmed"], "pending")
        click.echo(f"{row['id']}\t{row['type']}\t{mark}\t{row['mentions']} mentions"
                   f"\t{row['canonical']}\t{row['aliases']}")


@entities.command("confirm")
@click.argument("entity_ids", nargs=-1, required=True)
@click.option("--db", "db_path", default=DEFAULT_DB, show_default=True)
def entities_confirm(entity_ids, db_path):
    """Match these entities in every language's articles from the next crawl on."""
    _set_confirmed(db_path, entity_ids, True)


@entities.command("reject")
@click.argument("entity_ids", nargs=-1, required=True)
@click.option("--db", "db_path", default=DEFAULT_DB, show_default=True)
def entities_reject(entity_ids, db_path):
    """Stop matching these learned entities (a wrong name the model found)."""
    _set_confirmed(db_path, entity_ids, False)


def _set_confirmed(db_path, entity_ids, confirmed: bool) -> None:
    import kb

    db = kb.open_db(db_path)
    missing = [e for e in entity_ids if not kb.set_entity_confirmed(db, e, confirmed)]
    if missing:
        raise click.ClickException(f"no such entity: {', '.join(missing)}")


# Datasette settings for a KB of any size (bench/kb_bench.py times the pages with them):
@cli.command()
@click.option("--db", "db_path", default=DEFAULT_DB, show_default=True)
@click.option("--site-port", default=8790, show_default=True,
              help="Port of the sample site (fixed, so reruns keep the same URLs).")
@click.option("--port", default=8001, show_default=True, help="Datasette port.")
@click.option("--no-serve", is_flag=True, help="Crawl only; do not start Datasette.")
def demo(db_path, site_port, port, no_serve):
    """Crawl the bundled sample site into kb.sqlite and open it in Datasette; the sample
    site keeps running while Datasette does, so the articles' links work."""
    from .pipeline import run_crawl
    from .sample_site import SAMPLE_SOURCES, SampleSite

    if not no_serve and not port_free("127.0.0.1", port):
        raise click.ClickException(f"127.0.0.1:{port} is already in use; choose another --port")
    with SampleSite(port=site_port) as site:
        click.echo(f"sample site on {site.base_url}")
        sources = _load_sources(str(SAMPLE_SOURCES), base_url=site.base_url)
        stats = run_crawl(db_path, sources, _crawl_config(0.0, None, "warc"))
        _report(stats)
        if not no_serve:
            click.echo(f"Datasette on http://127.0.0.1:{port}/ (Ctrl-C to stop)")
            sys.exit(run_datasette(db_path, "127.0.0.1", port))


# prune, vacuum, link (cli_maintenance) and serve, publish (cli_web) register themselves
# on the group when imported
from . import cli_maintenance  # noqa: E402
from .cli_web import DATASETTE_SETTINGS, datasette_command, port_free, run_datasette  # noqa: E402

__all__ = ["DATASETTE_SETTINGS", "METADATA", "cli", "cli_maintenance", "datasette_command"]

if __name__ == "__main__":
    # run as ``python -m presskb.cli``: the commands registered themselves on the group of
    # the imported module presskb.cli, not on this __main__ copy
    from presskb.cli import cli as registered

    registered()
