"""The library's own sentences in each language, from one gettext catalogue per language.

Every sentence the library writes for people (errors, the frames of reasons, report
headings, diff and impact words) is written once in English in the code, marked for
extraction, and translated in ``community_standards/locale/<lang>/LC_MESSAGES/
community_standards.po``. The compiled ``.mo`` files are shipped as package data and read
with :mod:`importlib.resources`; English is the source language and needs no catalogue.

Using it
--------
Write the English sentence with ``{name}`` placeholders (:meth:`str.format` syntax,
``!r`` allowed) and pass the values by name; numbers (``int``, :class:`~fractions.Fraction`,
:class:`~decimal.Decimal`) are written exactly, as everywhere in the library:

>>> from community_standards.messages.catalogue import translate, ntranslate, message
>>> translate("zh", "Total")
'总分'
>>> translate("en", "Total")
'Total'
>>> one = "{n} indicator was not assessed (no evidence for it)"
>>> many = "{n} indicators were not assessed (no evidence for them)"
>>> ntranslate("en", one, many, 60)
'60 indicators were not assessed (no evidence for them)'
>>> ntranslate("zh", one, many, 60)
'60 项指标未评估（缺少证据）'

Where the same English word needs two translations, give a context
(:func:`translate_in`). A sentence built now and written later, in a language chosen
later, is a :class:`Message`; :func:`problem` makes a :class:`~community_standards.Problem`
that keeps its sentence's source and values, so the command line can write it in the
user's language (:func:`problem_text`).

The functions' names are the keywords Babel extracts (:data:`BABEL_KEYWORDS`): ``N_(text)``
marks a sentence used later, ``NC_:1c,2`` the same with a context (a report's words,
read with :func:`translate_words`); ``translate:2``, ``translate_in:2c,3``,
``ntranslate:2,3``, ``NCP_:1c,2,3``, ``ntranslate_in:2c,3,4``, ``message``, ``plural_message:1,2`` and ``problem:2``. After adding a sentence::

    pybabel extract -F babel.cfg --no-default-keywords -k N_ -k NC_:1c,2 -k NCP_:1c,2,3 \\
        -k translate:2 -k translate_in:2c,3 -k ntranslate:2,3 -k ntranslate_in:2c,3,4 \\
        -k message -k plural_message:1,2 \\
        -k problem:2 -o src/community_standards/locale/community_standards.pot src
    pybabel update -i src/community_standards/locale/community_standards.pot \\
        -d src/community_standards/locale -D community_standards
    # translate the new entries of the .po file, then
    pybabel compile -d src/community_standards/locale -D community_standards

``tests/test_catalogue.py`` fails when a marked sentence is missing from a catalogue,
lacks a translation, or when a ``.mo`` file is older than its ``.po``.

Choosing the language
---------------------
:func:`chosen_language` reads the user's choice: the ``--lang`` option, then
``COMMUNITY_STANDARDS_LANG``, then the locale (``LANGUAGE``, ``LC_ALL``, ``LC_MESSAGES``,
``LANG``). When nothing is chosen, reports are written in the standard's first language
(:func:`standard_language`) and errors in English.

.. versionadded:: 0.2.0
"""

from __future__ import annotations

import functools
import gettext
import importlib.resources
import os
from collections.abc import Mapping
from decimal import Decimal
from fractions import Fraction

import attrs

from ..model.errors import Problem
from ..model.standard import (
    DEFAULT_LANGUAGES,
    Standard,
    Text,
    is_language_tag,
    primary_language,
)
from ..units.numbers import format_number

__all__ = [
    "BABEL_KEYWORDS",
    "DOMAIN",
    "ENV_VAR",
    "LANGUAGES",
    "NCP_",
    "NC_",
    "N_",
    "SOURCE_LANGUAGE",
    "LanguageError",
    "Message",
    "chosen_language",
    "language_notices",
    "library_language",
    "message",
    "ntranslate",
    "ntranslate_in",
    "plural_count",
    "plural_message",
    "problem",
    "problem_text",
    "standard_language",
    "translate",
    "translate_in",
    "translate_words",
    "words_text",
]

#: The gettext domain: the catalogues are ``<lang>/LC_MESSAGES/community_standards.mo``.
DOMAIN = "community_standards"
#: The language the sentences are written in, in the code.
SOURCE_LANGUAGE = "en"
#: Where the compiled catalogues are: ``<lang>/LC_MESSAGES/community_standards.mo``.
_LOCALE = importlib.resources.files("community_standards") / "locale"


def _installed_languages() -> tuple[str, ...]:
    """The languages with a compiled catalogue in the package, then the source language."""
    found = sorted(
        entry.name
        for entry in _LOCALE.iterdir()
        if (entry / "LC_MESSAGES" / f"{DOMAIN}.mo").is_file()
    )
    return (*found, SOURCE_LANGUAGE)


#: The languages the library writes: one for each catalogue shipped in the package
#: (``locale/<lang>/LC_MESSAGES/community_standards.mo``), the source language last.
LANGUAGES: tuple[str, ...] = _installed_languages()
#: The environment variable choosing the language.
ENV_VAR = "COMMUNITY_STANDARDS_LANG"

#: The functions Babel extracts sentences from, and which arguments are the sentences.
BABEL_KEYWORDS: dict[str, tuple[int | tuple[int, str], ...] | None] = {
    "N_": None,
    "NC_": ((1, "c"), 2),
    "NCP_": ((1, "c"), 2, 3),
    "translate": (2,),
    "translate_in": ((2, "c"), 3),
    "ntranslate": (2, 3),
    "ntranslate_in": ((2, "c"), 3, 4),
    "message": None,
    "plural_message": (1, 2),
    "problem": (2,),
}

_LOCALE_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")


class LanguageError(ValueError):
    """A language the library does not write was asked for by name."""


def N_(text: str) -> str:
    """Mark ``text`` as a sentence to translate later; return it unchanged."""
    return text


def NC_(context: str, text: str) -> tuple[str, str]:
    """Mark ``text`` as a sentence to translate later in ``context`` (where the same
    English needs two translations); return both, for :func:`translate_words`."""
    return context, text


def NCP_(context: str, singular: str, plural: str) -> tuple[str, str, str]:
    """Mark a sentence with its plural form (in ``context``) to translate later; return all
    three, for :func:`ntranslate_in`.

    .. versionadded:: 0.2.0
    """
    return context, singular, plural


def plural_count(value: int | Fraction | Decimal) -> int:
    """The whole number a plural form is chosen by, for an exact amount ``value``.

    gettext chooses plural forms for whole numbers; an amount that is not whole (1.5
    points) takes the form of 2.

    .. versionadded:: 0.2.0
    """
    if isinstance(value, int):
        return value
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else 2
    return value.numerator if value.denominator == 1 else 2


def translate_words(language: str, words: Mapping[str, tuple[str, str]]) -> dict[str, str]:
    """A report's words (each marked with :func:`NC_`) in ``language``, placeholders left
    for the caller.

    .. versionadded:: 0.2.0
    """
    found = _catalogue(language)
    return {key: found.pgettext(context, text) for key, (context, text) in words.items()}


def words_text(words: tuple[str, str], /, **params: object) -> Text:
    """A sentence marked with :func:`NC_`, as a :class:`~community_standards.Text` in
    every language the library writes (:data:`LANGUAGES`); a :class:`~community_standards.Text`
    among ``params`` is filled in with its text in that language
    (:meth:`~community_standards.Text.exactly`), other values as :func:`translate` does.

    >>> from community_standards import Text
    >>> words_text(NC_("period", "month {n}"), n=3)
    Text(zh='3月', en='month 3', others=())

    .. versionadded:: 0.2.0
    """
    context, text = words
    texts = {}
    for language in LANGUAGES:
        found = _catalogue(language).pgettext(context, text)
        values = {
            key: value.exactly(language) if isinstance(value, Text) else value
            for key, value in params.items()
        }
        texts[language] = _fill(found, language, values)
    return Text.of(texts)


def library_language(language: str) -> str:
    """The language the library writes its sentences in when asked for ``language``.

    One of :data:`LANGUAGES` (``zh-Hans`` is written in ``zh``); English, the source
    language, for a language the library has no catalogue for (``de``).

    .. versionadded:: 0.2.0
    """
    primary = language.split("-", 1)[0].lower()
    return primary if primary in LANGUAGES else SOURCE_LANGUAGE


def language_notices(standard: Standard, language: str) -> list[str]:
    """What a report in ``language`` says once when it falls back: the library's sentences
    in another language, or the standard's texts in another language.

    .. versionadded:: 0.2.0
    """
    notices = []
    written = library_language(language)
    if primary_language(language) != written:
        notices.append(
            f"The library's sentences are not available in {language!r}; "
            f"they are written in English."
        )
    if not any(primary_language(tag) == primary_language(language) for tag in standard.languages):
        title = standard.title
        shown = next(tag for tag in title.languages if title.exactly(tag) == title.get(language))
        notices.append(
            translate(
                written,
                "{standard} has no texts in {language!r}; they are shown in {shown!r}.",
                standard=standard.ref,
                language=language,
                shown=shown,
            )
        )
    return notices


@functools.cache
def _catalogue(language: str) -> gettext.NullTranslations:
    language = library_language(language)
    if language == SOURCE_LANGUAGE:
        return gettext.NullTranslations()
    with (_LOCALE / language / "LC_MESSAGES" / f"{DOMAIN}.mo").open("rb") as handle:
        return gettext.GNUTranslations(handle)


def _shown(value: object, language: str) -> object:
    if isinstance(value, bool):
        return value
    if isinstance(value, int | Fraction | Decimal):
        return format_number(Fraction(value))
    if isinstance(value, Message):
        return value.render(language)
    return value


def _fill(text: str, language: str, params: Mapping[str, object]) -> str:
    if not params:
        return text
    return text.format(**{key: _shown(value, language) for key, value in params.items()})


def translate(language: str, text: str, /, **params: object) -> str:
    """Return the English sentence ``text`` in ``language``, with ``params`` filled in.

    .. versionadded:: 0.2.0
    """
    return _fill(_catalogue(language).gettext(text), language, params)


def translate_in(language: str, context: str, text: str, /, **params: object) -> str:
    """Like :func:`translate`, for a ``text`` whose translation depends on ``context``.

    .. versionadded:: 0.2.0
    """
    return _fill(_catalogue(language).pgettext(context, text), language, params)


def ntranslate(language: str, singular: str, plural: str, n: int, /, **params: object) -> str:
    """The sentence for ``n`` things in ``language``; ``n`` is also passed as ``{n}``.

    .. versionadded:: 0.2.0
    """
    chosen = _catalogue(language).ngettext(singular, plural, n)
    return _fill(chosen, language, {"n": n, **params})


def ntranslate_in(
    language: str, context: str, singular: str, plural: str, n: int, /, **params: object
) -> str:
    """Like :func:`ntranslate`, for a sentence whose translation depends on ``context``.

    .. versionadded:: 0.2.0
    """
    chosen = _catalogue(language).npgettext(context, singular, plural, n)
    return _fill(chosen, language, {"n": n, **params})


@attrs.frozen(kw_only=True)
class Message:
    """A sentence to write later, in a language chosen later.

    ``text`` is the English source (``plural`` its plural form, chosen by ``n``);
    ``params`` the values for its placeholders. ``str(message)`` is the English sentence.

    .. versionadded:: 0.2.0
    """

    text: str
    params: tuple[tuple[str, object], ...] = ()
    plural: str | None = None
    n: int | None = None

    def render(self, language: str) -> str:
        """Return the sentence in ``language``."""
        params = dict(self.params)
        if self.plural is not None and self.n is not None:
            return ntranslate(language, self.text, self.plural, self.n, **params)
        return translate(language, self.text, **params)

    def __str__(self) -> str:
        return self.render(SOURCE_LANGUAGE)


def message(text: str, /, **params: object) -> Message:
    """Return a :class:`Message` for the English sentence ``text``.

    .. versionadded:: 0.2.0
    """
    return Message(text=text, params=tuple(params.items()))


def plural_message(singular: str, plural: str, n: int, /, **params: object) -> Message:
    """Return a :class:`Message` for ``n`` things (``{n}`` is filled in too).

    .. versionadded:: 0.2.0
    """
    return Message(text=singular, plural=plural, n=n, params=tuple(params.items()))


def problem(path: str, text: str, /, **params: object) -> Problem:
    """Return a :class:`~community_standards.Problem` whose sentence can be translated.

    Its ``message`` is the English sentence; :func:`problem_text` writes it in another
    language.

    .. versionadded:: 0.2.0
    """
    english = translate(SOURCE_LANGUAGE, text, **params)
    return Problem(path, english, template=text, params=params)


def problem_text(item: Problem, language: str) -> str:
    """Return ``path: sentence`` for ``item`` in ``language``.

    A problem made with :func:`problem` is translated from its source; one with a plain
    English sentence is translated when the sentence has one of the library's known forms
    (:mod:`community_standards.messages.sentences`), and written as it is otherwise.

    .. versionadded:: 0.2.0
    """
    if item.template is None:
        from .sentences import sentence_in

        sentence = sentence_in(language, item.message)
    else:
        from .sentences import sentence_in

        # data that are themselves sentences of the library (a "did you mean" hint) too
        params = {
            key: sentence_in(language, value) if isinstance(value, str) else value
            for key, value in item.params
        }
        sentence = translate(language, item.template, **params)
    return f"{item.path}: {sentence}" if item.path else sentence


def _primary(tag: str) -> str | None:
    """The library's language for a locale name such as ``zh_CN.UTF-8`` (or ``None``)."""
    code = tag.strip().split(".")[0].split("@")[0].replace("-", "_").split("_")[0].lower()
    return code if code in LANGUAGES else None


def _chosen(value: str) -> str | None:
    """A language named by the user: a BCP 47 tag (``de``, ``zh-Hant``) or a locale name."""
    value = value.strip()
    if not is_language_tag(value):
        return _primary(value)
    # a language the library writes is named by its own tag (zh-CN is zh)
    return _primary(value) or value


def chosen_language(
    option: str | None = None, environ: Mapping[str, str] | None = None
) -> str | None:
    """The language the user chose: ``option``, ``COMMUNITY_STANDARDS_LANG``, the locale.

    ``option`` and the environment variable may be any BCP 47 tag (``de``; ``zh-CN``
    and ``zh`` both mean ``zh``) or a locale name such as ``zh_CN.UTF-8``; anything else
    is a :class:`LanguageError`. Texts of a standard come in the language chosen where
    the standard has it; the library's own sentences in English where the library has no
    catalogue for it (:func:`language_notices` says so). A locale in a language the
    library does not write (or ``C``/``POSIX``) chooses nothing. Returns ``None`` when
    nothing chooses.

    .. versionadded:: 0.2.0
    """
    environ = os.environ if environ is None else environ
    for name, value in (("--lang", option), (ENV_VAR, environ.get(ENV_VAR))):
        if value:
            found = _chosen(value)
            if found is None:
                raise LanguageError(
                    f"{name}: {value!r} is not a language tag (BCP 47, such as "
                    f"{', '.join(LANGUAGES)} or de)"
                )
            return found
    for variable in _LOCALE_VARIABLES:
        value = environ.get(variable, "")
        if not value:
            continue
        for tag in value.split(":"):
            found = _primary(tag)
            if found is not None:
                return found
        if variable != "LANGUAGE":
            return None  # the locale in force names a language the library does not write
    return None


def standard_language(standard: Standard) -> str:
    """The first language ``standard`` is written in: the first it declares, or, for a
    standard that declares none, ``zh`` when its title has Chinese, else ``en``.

    .. versionadded:: 0.2.0
    """
    if standard.languages != DEFAULT_LANGUAGES:
        return standard.languages[0]
    return "zh" if standard.title.zh else "en"
