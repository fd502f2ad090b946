"""Reading the texts the mention tests annotate: seeds, AEB pages, written snippets."""

import json
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "mentions"
ARTICLE_END = "Facebook Twitter Share"


def seed_article(path: Path) -> tuple[str, str]:
    """Title and body as the importer keeps them (byline, bio and teasers dropped)."""
    raw = path.read_text(encoding="utf-8")
    try:
        from archive.ingest.text import parse_text_dump
    except ImportError:
        parse_text_dump = None
    if parse_text_dump is not None:
        parsed = parse_text_dump(raw)
        return parsed.title, parsed.body
    lines = [line.strip() for line in raw.splitlines() if line.strip()]
    title = lines[0]
    body = []
    for line in lines[1:]:
        if line == ARTICLE_END and body:
            break
        body.append(line)
    return title, "\n\n".join(body)


def aeb_text(shared_testdata: Path, page_hash: str) -> str:
    """Main text of an AEB page as trafilatura extracts it (title, then body)."""
    import trafilatura

    html = (shared_testdata / "aeb" / "html" / f"{page_hash}.html").read_bytes()
    extracted = trafilatura.bare_extraction(html.decode("utf-8", errors="replace"),
                                            with_metadata=True)
    if extracted is None:
        return ""
    title = extracted.title or ""
    return f"{title}\n\n{extracted.text or ''}"


def annotations() -> list[dict]:
    items: list[dict] = []
    for path in sorted(DATA_DIR.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        items.extend(data if isinstance(data, list) else [data])
    return items
