"""presskb serve and publish: Datasette over the KB, and the immutable copy for a public site."""
from __future__ import annotations

import socket
import sys
from pathlib import Path

import click

from .cli import DEFAULT_DB, METADATA, cli


# long article texts cut to 300 characters in table views (the row page has all); no
# facet suggestions (about 50 extra queries per table page); a query may take up to
# 5 s (a rare heavy filter on a million quotes) and a facet 1 s before it is listed as
# timed out.
DATASETTE_SETTINGS = {
    "truncate_cells_html": 300,
    "suggest_facets": False,
    "sql_time_limit_ms": 5000,
    "facet_time_limit_ms": 1000,
}


def datasette_command(db_path: str, host: str, port: int) -> list[str]:
    settings = []
    for name, value in DATASETTE_SETTINGS.items():
        text = ("on" if value else "off") if isinstance(value, bool) else str(value)
        settings += ["--setting", name, text]
    return [
        sys.executable, "-m", "datasette", "serve", str(db_path),
        "--metadata", str(METADATA), "--host", host, "--port", str(port), *settings,
    ]


def port_free(host: str, port: int) -> bool:
    """Whether ``host:port`` can be bound now (Datasette would fail later, after printing
    that it runs)."""
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError:
            return False
    return True


def run_datasette(db_path, host: str, port: int) -> int:
    """Datasette in a child process that stops with us: SIGTERM and SIGINT are passed on,
    and its exit code is ours. A port already taken fails at once (exit 1)."""
    if not port_free(host, port):
        click.echo(f"error: {host}:{port} is already in use; choose another --port", err=True)
        return 1
    from .publish import run

    return run(datasette_command(db_path, host, port))


@cli.command()
@click.option("--db", "db_path", default=DEFAULT_DB, show_default=True,
              type=click.Path(exists=True, dir_okay=False),
              help="An existing database (a mistyped path is refused, not created empty).")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8001, show_default=True)
def serve(db_path, host, port):
    """Publish the database with Datasette and presskb's metadata. Exits non-zero when
    the port is taken or Datasette fails; SIGTERM stops Datasette too."""
    import kb

    kb.open_db(db_path).close()  # make sure the schema exists and is current
    sys.exit(run_datasette(db_path, host, port))



@cli.command()
@click.option("--db", "db_path", default=DEFAULT_DB, show_default=True,
              type=click.Path(exists=True, dir_okay=False), help="The live database to publish a copy of.")
@click.option("--out", "out_dir", default="publish", show_default=True,
              type=click.Path(file_okay=False), help="Folder for the copy, its inspect data and metadata.")
@click.option("--name", default=None, help="Database name on the site (default: the file's name).")
@click.option("--sql-time-limit-ms", type=click.IntRange(min=1), default=DATASETTE_SETTINGS["sql_time_limit_ms"],
              show_default=True, help="Longest a query may run.")
@click.option("--no-sql", is_flag=True, help="No arbitrary SQL: only tables, rows and canned queries.")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8001, show_default=True)
@click.option("--serve", "and_serve", is_flag=True, help="Start Datasette on the copy (else print the command).")
def publish(db_path, out_dir, name, sql_time_limit_ms, no_sql, host, port, and_serve):
    """Publish an immutable copy of the database: a consistent snapshot (WAL
    checkpointed, VACUUM INTO, read-only), `datasette inspect` data, metadata without
    writable queries, and the `datasette serve -i` command for it (docs/publishing.md)."""
    import shlex

    from . import publish as publishing

    published = publishing.publish(Path(db_path), Path(out_dir), METADATA, name=name)
    click.echo(f"immutable copy {published.db} (sha256 {published.sha256[:16]}…), "
               f"inspect data {published.inspect_file}, metadata {published.metadata}")
    for query in published.dropped_queries:
        click.echo(f"left out writable canned query {query}")
    for plugin, version in publishing.installed_plugins().items():
        state = version or "not installed (pip install '.[publish]')"
        click.echo(f"{plugin}: {state} — {publishing.OPTIONAL_PLUGINS[plugin]}")
    settings = {**DATASETTE_SETTINGS, "sql_time_limit_ms": sql_time_limit_ms}
    if no_sql:
        settings["default_allow_sql"] = False
    command = publishing.serve_command(published, settings, host=host, port=port)
    if not and_serve:
        click.echo(shlex.join(command))
        return
    if not port_free(host, port):
        raise click.ClickException(f"{host}:{port} is already in use; choose another --port")
    click.echo(f"Datasette on http://{host}:{port}/ (immutable; Ctrl-C to stop)")
    sys.exit(publishing.run(command))
