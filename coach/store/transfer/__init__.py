"""Export and import: the lossless JSON export, CSV, and the checks an import file must pass."""
