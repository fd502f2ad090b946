"""A segment's postings gathered per term, and written a term at a time.

Whoosh's SegmentWriter puts every posting, a tuple (field, term, docnum, weight, value), in a
``PostingPool`` that sorts them all when the segment is flushed, then hands them one by one
to the codec (a type check and a method call per posting). Documents come in docnum order,
so a term's postings are already in order: ``TermPool`` keeps a list per term, only the terms
are sorted at the flush, and ``TermPoolWriter`` hands each term's list to the postings
writer a block at a time (``SplitBlockWriter.add_block_postings``). The segment written is
byte for byte the one Whoosh writes. Past its memory limit the pool spills sorted runs to
disk as Whoosh's does (and the flush then reads them back through Whoosh's own path).
"""

from __future__ import annotations

from whoosh.externalsort import SortingPool
from whoosh.writing import PostingPool, SegmentWriter

from archive.search.codec import SplitBlockWriter

#: Bytes counted per posting besides its term and value (Whoosh's pool estimate: the
#: tuple, the field name, the docnum, the weight).
POSTING_OVERHEAD = 130


class TermPool(PostingPool):
    """A PostingPool that keeps each term's postings together, in the order they came."""

    def __init__(self, tempstore, segment, limitmb: int = 128, **kwargs) -> None:
        super().__init__(tempstore, segment, limitmb=limitmb, **kwargs)
        self.terms: dict[tuple[str, bytes], list[tuple]] = {}

    def add(self, item: tuple) -> None:
        # item = (fieldname, tbytes, docnum, weight, vbytes), docnums ascending per term
        key = item[:2]
        postings = self.terms.get(key)
        if postings is None:
            self.terms[key] = [item]
        else:
            postings.append(item)
        self.currentsize += POSTING_OVERHEAD + 2 * len(item[1]) + len(item[4] or b"")
        if self.currentsize > self.limit:
            self.save()

    def sorted_terms(self):
        """((fieldname, tbytes), postings) in the order a segment stores them."""
        self.fieldnames.update(field for field, _ in self.terms)
        terms = self.terms
        return ((key, terms[key]) for key in sorted(terms))

    def save(self) -> None:
        """Spill to a sorted run on disk (Whoosh's format), as PostingPool does when full."""
        self.current = [p for _, postings in self.sorted_terms() for p in postings]
        self.terms = {}
        super().save()

    def items(self, maxfiles: int = 128):
        if not self.runs:
            return (p for _, postings in self.sorted_terms() for p in postings)
        return SortingPool.items(self, maxfiles)  # save() the rest, merge the runs


class TermPoolWriter(SegmentWriter):
    """Whoosh's SegmentWriter over a TermPool, flushing a term at a time."""

    def __init__(self, ix, limitmb: int = 128, **kwargs) -> None:
        super().__init__(ix, limitmb=limitmb, **kwargs)
        self.pool = TermPool(self._tempstorage, self.newsegment, limitmb=limitmb)

    def _flush_segment(self) -> None:
        if self.pool.runs or self.codec.length_stats:
            return super()._flush_segment()
        self.perdocwriter.close()
        write_terms(self.fieldwriter, self.schema, self.pool.sorted_terms())
        self.fieldwriter.close()
        return None


def write_terms(fieldwriter, schema, terms) -> None:
    """What ``FieldWriter.add_postings`` does with a sorted stream of postings, given them
    grouped by term (no per-block length statistics: the codec keeps none)."""
    current = None
    for (fieldname, btext), postings in terms:
        if fieldname != current:
            if current is not None:
                fieldwriter.finish_field()
            fieldwriter.start_field(fieldname, schema[fieldname])
            current = fieldname
        if postings[0][2] == -1:  # Whoosh's marker of a spelling-only word: no posting
            postings = [p for p in postings if p[2] != -1]
            if not postings:
                continue
        fieldwriter.start_term(btext)
        postwriter = fieldwriter._postwriter
        if isinstance(postwriter, SplitBlockWriter):
            postwriter.add_block_postings(postings)
        else:
            for _, _, docnum, weight, value in postings:
                fieldwriter.add(docnum, weight, value or b"", 0)
        fieldwriter.finish_term()
    if current is not None:
        fieldwriter.finish_field()
