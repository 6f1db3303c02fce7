"""Every footer key fits at 80 columns, on the screens with the most keys (Ladder and Taper, filled in)."""

from __future__ import annotations

import pytest
from textual.widgets._footer import FooterKey

from coach.store.sessions import add_ladder_item
from coach.store.taper import add_medication, add_step
from coach.widgets.footer import CoachFooter, key_width
from tests.conftest import FIXED_NOW, settle


def _fill(store) -> None:
    with store.session() as db:
        add_ladder_item(db, "walk to the shop", 30, FIXED_NOW)
        med = add_medication(db, "oxycodone", 10, 3, FIXED_NOW.date())
        add_step(db, med, FIXED_NOW.date(), 7.5, 3)
        db.commit()


@pytest.mark.parametrize("place", ["ladder", "taper"])
async def test_every_footer_key_fits_at_80_columns(make_test_app, store, place):
    _fill(store)
    app = make_test_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await app.run_action(f"open('{place}')")
        await settle(pilot)
        footer = app.screen.query_one(CoachFooter)
        keys = [key for key in footer.query(FooterKey) if not key.has_class("-command-palette")]
        assert len(keys) >= 6
        used = sum(key_width(key) for key in keys)
        assert used <= 80, f"{used} cells: " + " ".join(f"{k.key_display} {k.description}" for k in keys)
