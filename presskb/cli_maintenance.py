"""presskb prune, vacuum and link: keeping a long-lived KB in shape (each under the run lock)."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from .cli import DEFAULT_DB, cli


@cli.command(epilog="Exit codes: 0 done; 2 usage error; 75 a run holds the lock (nothing done).")
@click.option("--db", "db_path", default=DEFAULT_DB, show_default=True,
              type=click.Path(exists=True, dir_okay=False))
@click.option("--warc-dir", default="warc", show_default=True, help="Where the WARC files are.")
@click.option("--keep-days", type=click.FloatRange(min=0), required=True,
              help="Remove WARC files last written more than this many days ago.")
@click.option("--keep-runs-days", type=click.FloatRange(min=0), default=None,
              help="Also forget finished runs (and their run_errors) older than this.")
@click.option("--include-referenced", is_flag=True,
              help="Also remove old WARC files the KB still points at (the last good body of a page: "
                   "re-extraction loses them, their next conditional GET becomes a full fetch).")
@click.option("--lock-file", default=None, help="Lock file (default: the database path + .lock).")
@click.option("--dry-run", is_flag=True, help="Say what would be removed; remove nothing.")
def prune(db_path, warc_dir, keep_days, keep_runs_days, include_referenced, lock_file, dry_run):
    """Retention: remove old WARC files and old run records. WARC files the KB still
    points at are kept unless --include-referenced.

    Example: presskb prune --keep-days 90 --keep-runs-days 365 --dry-run
    """
    from .nightly import EXIT_LOCKED, LockHeld, lock_path_for, prune as run_prune, run_lock

    try:
        with run_lock(lock_file or lock_path_for(db_path)):
            report = run_prune(db_path, warc_dir, keep_days=keep_days, keep_runs_days=keep_runs_days,
                               include_referenced=include_referenced, dry_run=dry_run)
    except LockHeld as held:
        click.echo(f"a run is in progress ({held}); nothing pruned", err=True)
        sys.exit(EXIT_LOCKED)
    verb = "would remove" if dry_run else "removed"
    for path in report.warcs:
        click.echo(f"{verb} {path}")
    click.echo(f"{verb} {len(report.warcs)} WARC files ({report.warc_bytes / 1e6:.1f} MB)"
               + (f"; {report.pages_forgotten} pages no longer point at them" if report.pages_forgotten else "")
               + f"; kept {len(report.kept_referenced)} old WARC files the KB still points at")
    if keep_runs_days is not None:
        click.echo(f"{verb} {report.runs} runs and {report.run_errors} run errors")


@cli.command(epilog="Exit codes: 0 done; 2 usage error; 75 a run holds the lock (nothing done).")
@click.option("--db", "db_path", default=DEFAULT_DB, show_default=True,
              type=click.Path(exists=True, dir_okay=False))
@click.option("--lock-file", default=None, help="Lock file (default: the database path + .lock).")
def vacuum(db_path, lock_file):
    """Maintenance between nights: merge the full-text indexes, ANALYZE and PRAGMA
    optimize, VACUUM, and fold the WAL back into the database file. Datasette may keep
    reading meanwhile; VACUUM needs free disk space about the size of the database.

    Example: presskb vacuum --db kb.sqlite
    """
    import kb

    from .nightly import EXIT_LOCKED, LockHeld, lock_path_for, run_lock

    before = Path(db_path).stat().st_size
    try:
        with run_lock(lock_file or lock_path_for(db_path)):
            db = kb.open_db(db_path)
            try:
                for step in kb.runs.vacuum(db):
                    click.echo(step)
            finally:
                db.close()
    except LockHeld as held:
        click.echo(f"a run is in progress ({held}); nothing done", err=True)
        sys.exit(EXIT_LOCKED)
    click.echo(f"{db_path}: {before / 1e6:.1f} MB -> {Path(db_path).stat().st_size / 1e6:.1f} MB")


@cli.command(epilog="Exit codes: 0 done; 2 usage error; 75 a run holds the lock (nothing done).")
@click.option("--db", "db_path", default=DEFAULT_DB, show_default=True,
              type=click.Path(exists=True, dir_okay=False))
@click.option("--all", "link_every", is_flag=True,
              help="Every article of the KB (a KB built before linking existed, or after tuning).")
@click.option("--days", type=click.FloatRange(min=0), default=8.0, show_default=True,
              help="Without --all: the articles published or first seen in the last DAYS days "
                   "(the pickup window and a day).")
@click.option("--lock-file", default=None, help="Lock file (default: the database path + .lock).")
def link(db_path, link_every, days, lock_file):
    """(Re)link stored articles: pickups of releases, stories across languages, quote
    groups. Idempotent: a second run changes nothing.

    Example: presskb link --db kb.sqlite --all
    """
    import kb
    from kb.linkage import link_all, link_recent

    from .nightly import EXIT_LOCKED, LockHeld, lock_path_for, run_lock

    try:
        with run_lock(lock_file or lock_path_for(db_path)):
            db = kb.open_db(db_path)
            try:
                counts = link_all(db) if link_every else link_recent(db, days=days)
            finally:
                db.close()
    except LockHeld as held:
        click.echo(f"a run is in progress ({held}); nothing linked", err=True)
        sys.exit(EXIT_LOCKED)
    click.echo(", ".join(f"{name} {value}" for name, value in counts.items()) or "no articles to link")
