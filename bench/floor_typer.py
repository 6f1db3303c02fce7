"""The floor for `coach --help`, `coach status` and `coach checkin`: a minimal Typer app."""

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


@app.command()
def checkin(
    pain: str = "", tolerability: str = "", distress: str = "", sleep: str = "", mood: str = "", dose: str = "",
    withdrawal: str = "", warning: str = "", note: str = "", peg_pain: str = "", peg_enjoyment: str = "",
    peg_activity: str = "",
) -> None:
    """The floor for `coach checkin` with every flag: the same twelve options, one line back."""
    typer.echo(f"Saved today's check-in: pain {pain}, tolerability {tolerability}")


if __name__ == "__main__":
    app()
