"""Start-up objects are frozen out of the cyclic GC once the store is open (shorter GC pauses later)."""

from __future__ import annotations

import coach.tui.app_store as app_module  # where the store's opening (and the freeze) lives
from tests.conftest import settle


class FakeGC:
    def __init__(self, already_frozen: int) -> None:
        self.frozen = already_frozen
        self.freezes = 0

    def get_freeze_count(self) -> int:
        return self.frozen

    def freeze(self) -> None:
        self.freezes += 1
        self.frozen += 1000


async def test_store_open_freezes_start_up_objects_once(make_test_app, monkeypatch):
    fake = FakeGC(already_frozen=0)
    monkeypatch.setattr(app_module, "gc", fake)
    app = make_test_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await app.wait_for_store()
        await settle(pilot)
        assert fake.freezes == 1


async def test_a_second_app_in_the_process_does_not_freeze_again(make_test_app, monkeypatch):
    fake = FakeGC(already_frozen=5000)
    monkeypatch.setattr(app_module, "gc", fake)
    app = make_test_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await app.wait_for_store()
        await settle(pilot)
        assert fake.freezes == 0
