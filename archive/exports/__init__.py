"""Any search in researchers' formats: CSV (plain and Excel-friendly), JSON lines, RIS and
BibTeX. Each writer turns the articles of ``iter_search_articles`` (the one search selector)
into text a record at a time, so a response streams in constant memory."""
