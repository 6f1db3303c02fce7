"""The floor for start-up and memory: a bare Textual hello-world app, launched exactly like coach."""

from textual.app import App, ComposeResult
from textual.widgets import Footer, Static


class Hello(App[None]):
    def compose(self) -> ComposeResult:
        yield Static("Hello from the floor app")
        yield Footer()


if __name__ == "__main__":
    Hello().run()
