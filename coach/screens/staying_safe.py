"""The step day's key on Home and in the session: opens the learn card on staying safe while the dose comes
down, and names itself in the lines that offer it as the person has it (keys can be remapped in Settings)."""

from __future__ import annotations

from textual.binding import Binding

from coach.domain.step_day import STAYING_SAFE_CARD, STAYING_SAFE_KEY, step_day_line


def staying_safe_binding(binding_id: str) -> Binding:
    return Binding(STAYING_SAFE_KEY, "staying_safe", "Staying safe", id=binding_id)


class StayingSafeKey:
    """For a Screen: `action_staying_safe` and the step-day line with the key as it is bound."""

    def staying_safe_key(self) -> str:
        """The card's key as the person has it bound, for the lines that name it."""
        app = self.app  # type: ignore[attr-defined]
        keymap = app.settings.get("keymap") or {}
        key = STAYING_SAFE_KEY
        for bindings in self._bindings.key_to_bindings.values():  # type: ignore[attr-defined]
            for binding in bindings:
                if binding.action == "staying_safe" and keymap.get(binding.id):
                    key = keymap[binding.id].split(",")[0].strip()
        return app.get_key_display(Binding(key, "staying_safe"))

    def step_day_text(self, days_ago: int) -> str:
        return step_day_line(days_ago, self.staying_safe_key())

    def action_staying_safe(self) -> None:
        """The learn card on overdose risk during a taper, over this screen (Esc comes back)."""
        from coach.screens.learn import LearnScreen

        self.app.push_screen(LearnScreen(card_id=STAYING_SAFE_CARD))  # type: ignore[attr-defined]
