"""`coach serve`: the TUI in a browser, locked to this computer, with its static files."""
