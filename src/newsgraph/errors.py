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
    E006 = "{path}: the text is not UTF-8 and no other encoding fits ({reason}); save it as UTF-8."
    E007 = (
        "{path}: no main text could be extracted from the HTML ({reason}); give the article as .txt instead."
    )
    E008 = "{path}: the text does not look like English (detected: {language}); newsgraph reads English only."
    E009 = "{path}: line {line} is not valid JSON ({reason}); give one JSON object per line."
    E010 = '{path}: line {line} has no \'text\' field of type string; each line needs {{"text": "..."}}.'
    E011 = "{path}: no such file or directory."
    E012 = "--published {value!r} is not a date; use YYYY-MM-DD."
    E013 = (
        "{path}: unsupported file type {suffix!r}; use .txt, .html, .htm, .jsonl, .warc, .warc.gz "
        "or a directory."
    )
    E014 = "{path}: the input could not be read ({reason}); check that it is a readable file."
    E015 = "{path}: line {line} holds a JSON {kind}, not an object with a 'text' field."
    E016 = "{path}: the directory holds no .txt, .html, .htm, .jsonl, .warc or .warc.gz files."
    E017 = "{path}: the web archive could not be read ({reason}); check that it is a complete WARC file."
    E018 = "{path}: the web archive holds no HTML or plain-text responses."
    E019 = "{option} {value!r} is not a date; use YYYY-MM-DD, YYYY-MM or YYYY."
    E020 = "--until {until} is before --since {since}."
    # E030-E039: the web server and its JSON API (`newsgraph serve`, newsgraph.web).
    E030 = (
        "--host {host!r} is not a loopback address; serving beyond this machine needs --token "
        "(or $NEWSGRAPH_TOKEN)."
    )
    E031 = "this request needs the header 'Authorization: Bearer <token>' with the server's token."
    E032 = "no {kind} with id {id!r}."
    E033 = "the cursor {cursor!r} is not one this server gave; repeat the request without it."
    E034 = "the request is not valid: {problems}."
    E035 = "no route {method} {path}; the API is described at /api/openapi.json."
    E036 = "the server failed on this request ({reason}); nothing was changed."
    E037 = "a judgement needs two different canonical entities; {a!r} and {b!r} are one."
    E038 = (
        "the request names the host {host!r}; a server without a token answers only requests for "
        "{allowed} (a page of another site that points its name at this machine is refused)."
    )
    E039 = "no knowledge base at {path!r}; build one with `newsgraph ingest PATH... --db {path}`."

    # E040-E049: identity judgements and stable ids (`newsgraph same`, `different`, `history`).
    E040 = (
        "{who} judged {a!r} and {b!r} to be different ({when}); 'same' on them is refused. "
        "Check the review evidence, then repeat with --override to join them anyway."
    )
    E041 = (
        "{a!r} and {b!r} are one entity because {who} judged {x!r} and {y!r} the same ({when}); "
        "'different' would split what they joined and is refused. Repeat with --override to split anyway."
    )
    E042 = "no entity with id {ref!r} (neither an entity id nor a current or retired canonical id)."

    # E050-E059: extraction on a Dask cluster (`--cluster`, newsgraph.cluster).
    E050 = "--cluster {value!r} is not a cluster; use local, local:N (N worker processes) or tcp://HOST:PORT."
    E051 = (
        "no Dask scheduler answers at {address} ({reason}); start one with `dask scheduler` "
        "and workers with `dask worker {address}`, or use --cluster local:N."
    )
    E052 = (
        "shard {index} failed on the cluster ({reason}); the shards loaded so far are kept: "
        "re-run the same command to resume."
    )
    E053 = "--format {value!r} cannot be written with --cluster; use jsonl, or --output FILE.parquet."

    # E060-E069: hostile and damaged inputs (newsgraph.ingest).
    E060 = (
        "{path}: the web archive is cut short or damaged at record {record} (byte {offset}): {reason}; "
        "the {kept} record(s) before it were read, nothing after. Check that the file is complete."
    )
    E061 = (
        "{path}: the web archive expands past {limit} bytes when decompressed (at record {record}, "
        "byte {offset}), so it may be a decompression bomb; the {kept} record(s) before it were read, "
        "nothing after. Split the archive if it is genuine."
    )
    E062 = (
        "{path}: line {line} repeats the id {id!r} of {first}; the first is kept and this one left out. "
        "Give each record its own id."
    )
    E063 = "--input-format {value!r} is not one of auto, text, html, jsonl."

    # E070-E079: one document's failure in the pipeline, and stopping a run (newsgraph.pipeline).
    E070 = (
        "{path}: the text is {size} characters long, over the limit of {limit} that --max-chars sets; "
        "raise the limit, or leave --max-chars out to have a long text read in parts."
    )
    E071 = (
        "{path}: the document could not be extracted ({stage}: {reason}); it was left out and the "
        "batch went on. Please report it with the input."
    )
    E072 = (
        "{path}: the document could not be stored ({reason}); it was left out and the batch went on. "
        "Run the same command again to retry it."
    )
    E073 = "interrupted ({signal}): {done}."
    E074 = "--max-chars cannot be combined with --cluster; leave one of them out."

    # E080-E089: opening the knowledge base, and what a query may cost (newsgraph.store).
    E080 = (
        "{path!r} is not a newsgraph knowledge base ({reason}); give --db the file that "
        "`newsgraph ingest` built, or a new path to build one."
    )
    E081 = (
        "{path!r} has schema version {found}, newer than this newsgraph knows (up to {known}); "
        "open it with the newsgraph that wrote it, or upgrade newsgraph."
    )
    E082 = "the search query is {length} characters long, over the limit of {limit}; search for fewer words."
    E083 = "the search query has {count} words, over the limit of {limit}; search for the most telling ones."


class Notes:
    """Numbered notes: a Document was read, but not quite as given. The CLI prints them to stderr."""

    N001 = "{path}: the input is not UTF-8; it was decoded as {encoding}."
    N002 = "{path}: no main article text was found; the plain text of the whole page is used instead."
    N003 = "{path}: 'published' {value!r} is not a YYYY-MM-DD date; it was left empty."
    # N004-N009: how hostile or unusual inputs were read (newsgraph.ingest).
    N004 = "{path}: read as {kind} ({why}); choose with --input-format text, html or jsonl."
    N005 = (
        "{path}: the input is not UTF-8; charset detection read it as {encoding} ({confidence:.0%} sure). "
        "Check the text, or save it as UTF-8."
    )
    N006 = "{path}: a symbolic link to a folder already being read (a loop); it was not followed."


class NewsgraphError(Exception):
    """An error a user can act on; its message comes from `Errors`."""
