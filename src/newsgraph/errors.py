"""Numbered, helpful errors (after spaCy's Errors.E###).

Each message says what was wrong, with the offending value, and what to do.
"""

from __future__ import annotations


class Errors:
    E001 = "The English model '{name}' is not installed. Install it with: {command}"
    E002 = "{path}: the input is empty."
    E003 = "{path}: the input holds only whitespace."
    E004 = "{path}: the input looks binary ({reason}); give a text, HTML or JSONL file."
    E005 = "{path}: the input is {size} bytes, over the limit of {limit} bytes; raise it with --max-bytes."
    E006 = "{path}: the text could not be decoded as UTF-8 or any encoding detected ({reason})."
    E007 = "{path}: no main text could be extracted from the HTML ({reason})."
    E008 = "{path}: the text does not look like English (detected: {language}); newsgraph reads English only."
    E009 = "{path}: line {line} is not valid JSON ({reason})."
    E010 = "{path}: line {line} has no 'text' field of type string."
    E011 = "{path}: no such file or directory."
    E012 = "--published {value!r} is not a date; use YYYY-MM-DD."
    E013 = "{path}: unsupported file type {suffix!r}; use .txt, .html, .htm, .jsonl or a directory."


class NewsgraphError(Exception):
    """An error a user can act on; its message comes from `Errors`."""
