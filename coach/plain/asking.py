"""Plain questions, one per line: how each kind of answer is read from typed text (a prompt's line or a
command-line flag, checked the same way) and the prompt loop that asks them. No Textual, no cursor moves."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TextIO

from coach.domain.questions import Choices, Scale, choice_by_word, option_word

HELP_WORDS = frozenset({"help", "?"})


class AnswerError(ValueError):
    """A typed answer that does not fit its question: what to type instead, in one sentence."""


class Leave(Exception):
    """Ctrl+D (end of input) or Ctrl+C at a prompt: stop here, keeping every answer already given."""


@dataclass(frozen=True)
class Question:
    """One answer of the day: the field it saves, what is asked, and how typed text becomes its value."""

    field: str
    text: str
    kind: str  # scale, choice, checklist, text, yes_no, amount
    scale: Scale | None = None
    choices: Choices = ()
    words: dict[str, str] | None = None  # shorter words for choices (the dose timing's "early")
    hint: str = ""  # under a list's question, or in brackets after any other
    limit: int = 0  # longest text kept
    intro: str = ""  # a line said before the question (the PEG's "once a week")

    def prompt(self) -> str:
        """The question as one line, saying its scale: 'Pain right now, 0 = no pain, 10 = worst ...:'."""
        text = self.text.rstrip(".")
        if self.scale is not None:
            low, high = self.scale.ends
            text = f"{text}{' ' if text.endswith('?') else ', '}{low}, {high}"
        if self.kind not in ("choice", "checklist") and self.hint:
            text += f" ({self.hint})"
        return text if text.endswith(("?", ":")) else f"{text}:"

    def choice_lines(self) -> list[str]:
        return [f"   {number} {label}" for number, (_key, label) in enumerate(self.choices, start=1)]

    def hint_for_typing(self) -> str:
        """What to type, after the question (and its numbered choices)."""
        if self.kind == "choice":
            return f"Type a number from 1 to {len(self.choices)}, or Enter to skip:"
        if self.kind == "checklist":
            return "Type the numbers that apply, separated by commas, or Enter for none:"
        if self.kind == "yes_no":
            return "Type y or n, or Enter to skip:"
        return ""

    def words_for_flag(self) -> str:
        """The choices as typed on a command line: on-schedule|due-soon|..."""
        words = self.words or {}
        return "|".join(words.get(key, option_word(key)) for key, _ in self.choices)

    def parse(self, typed: str) -> Any:
        """The value typed text gives (None for nothing typed); AnswerError if it does not fit."""
        text = typed.strip()
        if not text:
            return [] if self.kind == "checklist" else None
        return _PARSERS[self.kind](self, text)

    def shown(self, value: Any) -> str:
        """An answer in words, for the echo and the one line back."""
        if self.kind == "scale":
            assert self.scale is not None
            return f"{value}{self.scale.unit}"
        if self.kind == "choice":
            return dict(self.choices).get(value, str(value))
        if self.kind == "checklist":
            labels = dict(self.choices)
            return ", ".join(labels.get(key, key) for key in value) or "none"
        if self.kind == "yes_no":
            return "yes" if value else "no"
        if self.kind == "amount":
            return f"{value:g}"
        return str(value)


def _scale(question: Question, text: str) -> int:
    assert question.scale is not None
    low, high = question.scale.low, question.scale.high
    cleaned = text.rstrip("%").strip()
    if not cleaned.lstrip("-").isdigit() or not low <= int(cleaned) <= high:
        raise AnswerError(f"type a whole number from {low} to {high}")
    return int(cleaned)


def _choice(question: Question, text: str) -> str:
    table = choice_by_word(question.choices, question.words)
    word = text.lower()
    if word.isdigit() and 1 <= int(word) <= len(question.choices):
        return question.choices[int(word) - 1][0]
    if word in table:
        return table[word]
    raise AnswerError(f"type a number from 1 to {len(question.choices)}, or one of {question.words_for_flag()}")


def _checklist(question: Question, text: str) -> list[str]:
    if text.lower() == "none":
        return []
    table = choice_by_word(question.choices)
    picked: list[str] = []
    for part in (p.strip().lower() for p in text.split(",")):
        if not part:
            continue
        if part.isdigit() and 1 <= int(part) <= len(question.choices):
            key = question.choices[int(part) - 1][0]
        elif part in table:
            key = table[part]
        else:
            names = ",".join(option_word(key) for key, _ in question.choices)
            raise AnswerError(f"{part!r} is not on the list: use numbers from 1 to {len(question.choices)}, or {names}")
        if key not in picked:
            picked.append(key)
    return picked


def _text(question: Question, text: str) -> str:
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in text):
        raise AnswerError("type plain text, without control characters")
    return text[: question.limit] if question.limit else text


def _yes_no(question: Question, text: str) -> bool:
    word = text.lower()
    if word in ("y", "yes"):
        return True
    if word in ("n", "no"):
        return False
    raise AnswerError("type y or n")


def _amount(question: Question, text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise AnswerError("type a number, e.g. 10 or 2.5") from None
    if not 0 <= value <= 100000 or value != value:
        raise AnswerError("type a number from 0 to 100000")
    return value


_PARSERS: dict[str, Callable[[Question, str], Any]] = {
    "scale": _scale, "choice": _choice, "checklist": _checklist, "text": _text, "yes_no": _yes_no, "amount": _amount,
}


class Prompter:
    """Asks numbered questions on a plain stream: the question on its own line(s), the answer read as a
    line, echoed when the input is not a terminal (a pipe shows nothing as it is typed). `help` prints
    Help and safety and asks again; an answer that does not fit says what would, and asks again; end of
    input or Ctrl+C raises Leave. Nothing here moves the cursor or colours anything."""

    def __init__(self, read: TextIO, write: TextIO, *, echo: bool, help_text: Callable[[], list[str]]) -> None:
        self._read, self._write, self._echo = read, write, echo
        self._help_text = help_text
        self.number = 0

    def say(self, line: str = "") -> None:
        self._write.write(line + "\n")
        self._write.flush()

    def help(self) -> None:
        for line in self._help_text():
            self.say(line)

    def ask(self, question: Question, *, required: bool = False) -> Any:
        """The answer to `question` (None, or [] for a checklist, when skipped unless `required`)."""
        self.number += 1
        if question.intro:
            self.say(question.intro)
        if question.kind in ("choice", "checklist"):
            self.say(f"{self.number}. {question.prompt()}")
            if question.hint:
                self.say(f"   {question.hint}")
            for line in question.choice_lines():
                self.say(line)
            prompt = f"   {question.hint_for_typing()} "
        else:
            prompt = f"{self.number}. {question.prompt()} "
        while True:
            typed = self._line(prompt)
            if typed.strip().lower() in HELP_WORDS:
                self.help()
                continue
            try:
                value = question.parse(typed)
            except AnswerError as exc:
                self.say(f"   Please {exc}.")
                continue
            if required and value in (None, []):
                self.say("   This one is needed: please type an answer.")
                continue
            return value

    def _line(self, prompt: str) -> str:
        self._write.write(prompt)
        self._write.flush()
        try:
            line = self._read.readline()
        except KeyboardInterrupt:
            self.say("")
            raise Leave from None
        if line == "":
            self.say("")
            raise Leave
        if self._echo:
            self.say(line.rstrip("\r\n"))
        return line.rstrip("\r\n")
