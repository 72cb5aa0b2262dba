"""Lines kept in a record (a request's history, a report's steps) that each reader reads in their own language.

A record keeps what was written at the time in Romanian, the language of the record (`message`), and beside it
the phrase it was made from (`message_key`, the catalog's msgid, and `message_params`), so a page in English or
Hungarian shows the same line translated:

    event = TimelineEvent(..., **phrase(gettext_noop("Trimisă către %(department)s."), department=name).fields())
    {{ event|translated_record }}            (template filter in primaria.core.templatetags.primaria)

Text people wrote (a reason, a note) is kept as it is and shown as it is: `Phrase.verbatim(text)`.
Parameters are plain values (names, numbers, dates already formatted); they are not translated.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext


@dataclass(frozen=True)
class Phrase:
    key: str
    params: dict = field(default_factory=dict)
    written: str = ""  # text a person wrote: no key, shown as it is

    @classmethod
    def verbatim(cls, text: str) -> "Phrase":
        return cls(key="", written=text)

    def romanian(self) -> str:
        """The line as the record keeps it (the msgid is the Romanian text)."""
        if not self.key:
            return self.written
        return self.key % self.params if self.params else self.key

    def fields(self, name: str = "message", limit: int | None = None) -> dict:
        text = self.romanian()
        return {name: text[:limit] if limit else text, f"{name}_key": self.key, f"{name}_params": dict(self.params)}

    def __str__(self) -> str:
        """The line in the active language."""
        return translated(self.key, self.params, self.written)


def phrase(key: str, **params) -> Phrase:
    """A line from the catalog, with its parameters. Mark the key with gettext_noop so it is extracted."""
    return Phrase(key=key, params=params)


def as_phrase(value) -> Phrase:
    """A Phrase as it is; any other text as written by a person."""
    return value if isinstance(value, Phrase) else Phrase.verbatim(str(value))


def translated(key: str, params: dict | None, fallback: str) -> str:
    """A kept line in the active language; the kept Romanian text when it has no key (or the key changed)."""
    if not key:
        return fallback
    try:
        text = gettext(key)
        return text % params if params else text
    except (KeyError, TypeError, ValueError):
        return fallback


def shown(record, name: str = "message") -> str:
    """The kept line of a record in the active language (records older than the key show their text)."""
    return translated(getattr(record, f"{name}_key", ""), getattr(record, f"{name}_params", None) or {},
                      getattr(record, name, ""))
