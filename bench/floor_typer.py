"""The floor for `coach --help` and `coach status`: a minimal two-command Typer app."""

import typer

# Configured like coach's app (no Rich help, no pretty tracebacks): Typer's Rich help alone would make
# the floor twice as slow and the ratio meaningless.
app = typer.Typer(rich_markup_mode=None, pretty_exceptions_enable=False)


@app.command()
def hello(name: str = "you") -> None:
    """Say hello."""
    typer.echo(f"hello {name}")


@app.command()
def status() -> None:
    """One line for a shell prompt."""
    typer.echo("day 1 · today: not started")


if __name__ == "__main__":
    app()
