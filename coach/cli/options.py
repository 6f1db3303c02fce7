"""The root `coach` command: its own options (`--db`, `--projector`) also accepted after a command's name.

Typer only (no Textual): `import coach.cli.main` stays light.
"""

from __future__ import annotations

from typer.core import TyperGroup

# Options of `coach` itself that may also come after the command: `coach stats --db X` as `coach --db X stats`.
GLOBAL_OPTIONS = ("--db", "--projector")


class GlobalOptionsGroup(TyperGroup):
    """The root command: moves a global option found after the command name to before it, unless that
    command has an option of the same name itself (`coach exercise NAME --projector`)."""

    def parse_args(self, ctx, args: list[str]) -> list[str]:  # noqa: ANN001 - click.Context
        return super().parse_args(ctx, self._globals_first(ctx, list(args)))

    def _globals_first(self, ctx, args: list[str]) -> list[str]:  # noqa: ANN001 - click.Context
        takes_value = {opt: not getattr(p, "is_flag", False) for p in self.params for opt in p.opts}
        index = 0
        while index < len(args) and args[index].startswith("-") and args[index] != "--":
            option = args[index].split("=", 1)[0]
            index += 2 if takes_value.get(option) and "=" not in args[index] else 1
        if index >= len(args) or (command := self.get_command(ctx, args[index])) is None:
            return args  # no command (or an unknown one: click says so)
        own = {opt for p in command.params for opt in getattr(p, "opts", ())}
        moved: list[str] = []
        rest: list[str] = []
        tail = iter(args[index + 1 :])
        for token in tail:
            if token == "--":
                rest.append(token)
                rest.extend(tail)
                break
            option = token.split("=", 1)[0]
            if option not in GLOBAL_OPTIONS or option in own:
                rest.append(token)
            elif not takes_value[option] or "=" in token:
                moved.append(token)
            elif (value := next(tail, None)) is not None:
                moved.extend((token, value))
            else:
                ctx.fail(f"Option '{option}' requires an argument.")
        return [*args[:index], *moved, args[index], *rest]
