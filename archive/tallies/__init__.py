"""Tallies: the counts pages show (articles per month per figure and party, figures named
together, a party's members named, what the archive holds), kept current by every change.

``refresh(article_ids)`` runs in the transaction of each change to an article or its
mentions (archive/derived), compares what the articles counted for last time
(``TalliedArticle``) with what they count for now and adds the difference to the ``Tally``
rows; ``recount_gazetteer()`` runs when a party's lineage changes and ``recount_members()`` when
a figure's memberships do (the buckets that depend on them); ``rebuild()`` counts everything
again (``manage.py rebuild_tallies``).
Pages read the rows (archive/tallies/read.py): no page groups the mention table.
"""

from archive.tallies.counting import rebuild, recount_gazetteer, recount_members, refresh

__all__ = ["rebuild", "recount_gazetteer", "recount_members", "refresh"]
