"""``python -m web serve``: run the trainer with waitress for the phones on the venue Wi-Fi."""

from __future__ import annotations

import socket

import click

import sandbox as sb

from . import create_app
from .demo import ensure_demo


def _lan_address() -> str:
    """The laptop's address on the local network (no packet leaves: UDP connect only picks a route)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        try:
            s.connect(("10.255.255.255", 1))
            return s.getsockname()[0]
        except OSError:
            return "127.0.0.1"


@click.group()
def cli() -> None:
    """LAPOR! Sandbox trainer."""


@cli.command()
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on (0.0.0.0: the whole Wi-Fi).",
)
@click.option("--port", default=5000, show_default=True, help="Port to listen on.")
@click.option(
    "--demo", is_flag=True, help="Create (once) a demo facilitator and workshop and print them."
)
@click.option("--threads", default=8, show_default=True, help="Waitress worker threads.")
@click.option(
    "--connections",
    type=click.IntRange(1),
    help="Open connections at once (default: CONNECTION_LIMIT, 500; every phone keeps one or two).",
)
@click.option(
    "--proxies",
    type=click.IntRange(0),
    help="Reverse proxies in front (HTTPS) whose X-Forwarded-* headers to trust (default: PROXY_COUNT, 0).",
)
def serve(
    host: str, port: int, demo: bool, threads: int, connections: int | None, proxies: int | None
) -> None:
    """Serve the trainer with waitress.

    Example: python -m web serve --host 0.0.0.0 --port 5000 --demo
    """
    import waitress

    from .security import trust_proxies

    app = create_app()
    if proxies is not None:
        trust_proxies(app, proxies)
    limit = connections or app.config["CONNECTION_LIMIT"]
    shown = _lan_address() if host == "0.0.0.0" else host  # noqa: S104
    click.echo(f"LAPOR! Sandbox (LATIHAN / SIMULASI): http://{shown}:{port}/")
    if demo:
        db = sb.open_db(app.config["SANDBOX_DB"])
        try:
            name, password, code = ensure_demo(db, app.instance_path, now=sb.wall_now())
        except sb.SandboxError as exc:  # e.g. a "demo" account whose password file was deleted
            raise click.ClickException(f"{exc.message_id}\n{exc.message_en}") from None
        finally:
            db.close()
        click.echo(
            f"Fasilitator: {name} / kata sandi: {password}  →  http://{shown}:{port}/fasilitator/masuk"
        )
        click.echo(f"Kode latihan: {code}  →  http://{shown}:{port}/peserta/gabung?kode={code}")
    from .planner import start_worker

    start_worker(app)  # planner jobs queued or running before a restart resume now
    click.echo(f"Perencanaan / planning: http://{shown}:{port}/perencana/")
    click.echo(f"Koneksi serentak maks. / connection limit: {limit}")
    waitress.serve(
        app,
        host=host,
        port=port,
        threads=threads,
        connection_limit=limit,
        max_request_body_size=app.config["MAX_CONTENT_LENGTH"],  # never buffer more than that
    )


if __name__ == "__main__":
    cli()
