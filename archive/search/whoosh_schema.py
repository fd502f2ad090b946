"""The Whoosh index's schema: the fields, their analyzers (archive/search/analysis.py), the
positions format, and the document a prepared haystack document becomes."""

from __future__ import annotations

import datetime as dt
import operator
import struct
from array import array
from itertools import accumulate

from whoosh.codec.whoosh3 import W3Codec
from whoosh.fields import DATETIME, ID, KEYWORD, NUMERIC, TEXT, Schema
from whoosh.formats import Positions
from whoosh.formats import tokens as format_tokens
from whoosh.system import _INT_SIZE
from whoosh.util.numeric import pack_uint, unpack_uint

from archive.search.analysis import folding_analyzer, stemming_analyzer

#: haystack's "content": the stemmed body fields (the index has no unstemmed body copy).
CONTENT_FIELDS = ["text_fr", "text_en"]
CONTENT_FIELD = "text_fr"


def _keyword() -> KEYWORD:
    return KEYWORD(commas=True, lowercase=False, scorable=False, stored=False)


class PackedPositions(Positions):
    """Whoosh's Positions format with the deltas packed as a 32-bit array instead of a pickle
    per posting: cheaper to write (a tenth of indexing time went to pickle.dumps) and to read,
    and smaller. Same header (the frequency), so every other decoder is Whoosh's own."""

    def word_values(self, value, analyzer, **kwargs):
        fb = self.field_boost
        if isinstance(value, str) and hasattr(analyzer, "word_positions"):
            poses = analyzer.word_positions(value)  # our tokenizers' fast path
        else:
            poses: dict[str, list[int]] = {}
            kwargs["positions"] = True
            for t in format_tokens(value, analyzer, kwargs):
                poses.setdefault(t.text, []).append(t.pos)
        for word, poslist in poses.items():
            yield word, len(poslist), len(poslist) * fb, self.encode(poslist)

    def encode(self, poslist):
        if len(poslist) == 1:  # most postings
            return _ONE_POSITION + _pack_position(poslist[0])
        deltas = array("I", map(operator.sub, poslist, [0, *poslist[:-1]]))
        return pack_uint(len(poslist)) + deltas.tobytes()

    def decode_positions(self, valuestring):
        deltas = array("I")
        deltas.frombytes(valuestring[_INT_SIZE:_INT_SIZE + 4 * unpack_uint(
            valuestring[:_INT_SIZE])[0]])
        return list(accumulate(deltas))


_ONE_POSITION = pack_uint(1)
_pack_position = struct.Struct("=I").pack  # the layout of array("I")


def _text(analyzer, *, stored: bool = False) -> TEXT:
    field = TEXT(analyzer=analyzer, phrase=True, stored=stored)
    field.format = PackedPositions(field_boost=1.0)
    return field


def article_schema() -> Schema:
    return Schema(
        id=ID(stored=True, unique=True),
        django_ct=ID(stored=True),
        django_id=ID(stored=True),
        article_id=NUMERIC(int, bits=64, sortable=True, signed=False),
        text_fr=_text(stemming_analyzer("fr")),
        text_en=_text(stemming_analyzer("en")),
        title=_text(folding_analyzer(), stored=True),
        language=ID(),
        published=DATETIME(sortable=True),
        year=ID(),
        month=ID(),
        figure=_keyword(),
        party=_keyword(),
        party_named=_keyword(),
        party_lineage=_keyword(),
        author=_keyword(),
        publication=ID(),
        changed=ID(),
    )


class ArchiveCodec(W3Codec):
    """The codec of segments written before SplitBlockCodec (archive/search/codec.py), kept
    so that they stay readable (segments name their codec by this path): Whoosh's W3 without
    per-block length statistics and with zlib's fastest level."""

    length_stats = False

    def __init__(self, blocklimit: int = 128, compression: int = 1, inlinelimit: int = 1):
        super().__init__(blocklimit=blocklimit, compression=compression,
                         inlinelimit=inlinelimit)


def whoosh_document(doc: dict, schema: Schema | None = None) -> dict:
    """A prepared haystack document as Whoosh wants it: strings, comma-joined lists, naive
    UTC datetimes, empty values and fields outside the schema left out."""
    out = {}
    names = set(schema.names()) if schema is not None else None
    for key, value in doc.items():
        if value is None or value == "" or value == [] or (names and key not in names):
            continue
        if isinstance(value, dt.datetime):
            if value.tzinfo is not None:
                value = value.astimezone(dt.UTC).replace(tzinfo=None)
        elif isinstance(value, dt.date):
            value = dt.datetime(value.year, value.month, value.day)
        elif isinstance(value, (list, tuple, set)):
            value = ",".join(str(v) for v in value)
        elif isinstance(value, bool):
            value = "true" if value else "false"
        elif not isinstance(value, int | float):
            value = str(value)
        out[key] = value
    return out
