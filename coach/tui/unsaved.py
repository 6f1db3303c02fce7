"""The app's side of answers the journal could not take: asked once on quit (wait / quit anyway, the
answers then kept in the recovery file), and offered again when the journal next opens."""

from __future__ import annotations

from typing import Any


def screens_with_unsaved(app: Any) -> list[Any]:
    """The open screens that keep answers for the journal (the session wizard)."""
    return [screen for screen in app.screen_stack if callable(getattr(screen, "unsaved_answers", None))]


def ask_before_quitting(app: Any) -> bool:
    """True if the quit must wait for the person's answer (a question is now on screen)."""
    from coach.screens.unsaved import QuitUnsaved

    for screen in screens_with_unsaved(app):
        count, problem = screen.unsaved_answers()
        if count:
            def answered(wait: bool | None) -> None:
                if wait:
                    app.notify("Your answers are kept on screen and tried again with your next answer.", timeout=6)
                else:
                    quit_keeping_answers(app)

            app.push_screen(QuitUnsaved(count, problem), answered)
            return True
    return False


def quit_keeping_answers(app: Any) -> None:
    """Keep every unsaved answer in the recovery file, then leave."""
    problems = [problem for screen in screens_with_unsaved(app) if (problem := screen.keep_unsaved_answers())]
    app.exit(return_code=2 if app.startup_error else 0,
             message=f"coach: could not keep your unsaved answers: {problems[0]}" if problems else None)


def offer_kept_answers(app: Any) -> None:
    """Once the journal is open: if answers kept at an earlier quit wait for it, ask whether to save them."""
    from coach.screens.unsaved import ReplayUnsaved
    from coach.store.recovery import answer_count, unsaved_for

    kept = unsaved_for(app.store.target)
    count = sum(answer_count(batch) for _day, batch in kept)
    if not kept or not count:
        return
    days = sorted({day for day, _batch in kept})
    shown = days[0].isoformat() if len(days) == 1 else f"{days[0].isoformat()} to {days[-1].isoformat()}"

    def answered(save: bool | None) -> None:
        if save is None:
            return
        app.run_worker(lambda: _settle(app, save), thread=True, group="recovery")

    app.push_screen(ReplayUnsaved(count, shown), answered)


def _settle(app: Any, save: bool) -> None:
    from coach.store.recovery import forget_unsaved, replay_unsaved

    try:
        if save:
            written = replay_unsaved(app.store, app.now())
            note = f"Saved {written} kept answer{'s' if written != 1 else ''} into your journal."
        else:
            forget_unsaved(app.store.target)
            note = "The kept answers were let go."
    except Exception as exc:  # noqa: BLE001 - a server still away, a full disk: say so, keep them for next time
        app.call_from_thread(app.notify, f"Could not save the kept answers yet: {str(exc).splitlines()[0]}",
                             severity="error", timeout=10, markup=False)
        return
    app.call_from_thread(app.notify, note, timeout=6)
