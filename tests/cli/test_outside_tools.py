"""What the README tells people who open coach's files with other programs: CSV files start with a UTF-8
byte-order mark (read them as `utf-8-sig`), and an encrypted journal needs SQLCipher 4 or newer (SQLCipher 3's
settings, which Debian 12's sqlcipher 3.4.1 uses, cannot open it)."""

from __future__ import annotations

import zipfile

import pytest

from tests.unit.test_stats import build_history


def test_every_csv_file_starts_with_a_byte_order_mark(store, tmp_path):
    from coach.store.transfer.journal import export_csv

    build_history(store, 5)
    target = tmp_path / "export.zip"
    export_csv(store, target)
    with zipfile.ZipFile(target) as zf:
        names = [n for n in zf.namelist() if n.endswith(".csv")]
        assert names and all(zf.read(n).startswith(b"\xef\xbb\xbf") for n in names)


def test_an_encrypted_journal_needs_sqlcipher_4(tmp_path):
    pytest.importorskip("sqlcipher3", reason="encryption needs the optional sqlcipher3 package (coach[encrypt])")
    from sqlcipher3 import dbapi2

    from tests.cli.test_encryption import PASSPHRASE, _encrypted, runner
    from coach.cli.main import app

    path = tmp_path / "coach.db"
    assert runner.invoke(app, ["demo", "--days", "3", "--save", str(path)]).exit_code == 0
    _encrypted(path)
    old = dbapi2.connect(str(path))
    old.execute(f"PRAGMA key = '{PASSPHRASE}'")
    old.execute("PRAGMA cipher_compatibility = 3")  # what a SQLCipher 3 tool does
    with pytest.raises(dbapi2.DatabaseError):
        old.execute("SELECT count(*) FROM sqlite_master").fetchone()
    old.close()
    current = dbapi2.connect(str(path))
    current.execute(f"PRAGMA key = '{PASSPHRASE}'")
    assert current.execute("SELECT count(*) FROM daily_session").fetchone()[0] > 0
    current.close()
