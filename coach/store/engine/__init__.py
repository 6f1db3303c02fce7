"""Engine and files: opening, checking, encrypting, upgrading and copying the journal."""
