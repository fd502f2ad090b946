"""Publications and authors of imported records: found by slug, name, alias or host, created
when nobody has them, each looked up once per import (`Lookup`, held by the ImportContext).

A record's publication: the one the command line names; else the one the record or page names
itself (by name or alias); only when nothing names one, the publication of its host."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils.text import slugify
from simple_history.utils import bulk_create_with_history

from archive.ingest.parsed import ParsedArticle
from archive.ingest.sanitize import cut
from archive.ingest.urls import host_of
from archive.models import Author, Publication


@dataclass
class Lookup:
    """The publications and authors one import has found or created, by slug (and
    publications by host and by alias), so that each is looked up once."""

    publications: dict[str, Publication] = field(default_factory=dict)
    hosts: dict[str, Publication] | None = None
    alias_slugs: dict[str, Publication] = field(default_factory=dict)
    authors: dict[str, Author] = field(default_factory=dict)

    def forget(self) -> None:
        """After a rollback, objects created in the rolled-back transaction are gone."""
        self.publications.clear()
        self.authors.clear()
        self.hosts = None

    # publications -------------------------------------------------------------------------
    def _by_slug(self, slug: str, name: str, homepage: str = "") -> Publication:
        if slug not in self.publications:
            publication = Publication.objects.filter(slug=slug).first()
            if publication is None:
                publication = Publication.objects.create(slug=slug, name=cut(name, 200),
                                                         homepage=homepage)
            self.publications[slug] = publication
        return self.publications[slug]

    def _load_names(self) -> None:
        """Every publication by host (its homepage's, and hosts among its aliases) and by the
        slug of each alias."""
        self.hosts, self.alias_slugs = {}, {}
        for publication in Publication.objects.all():
            known = host_of(publication.homepage)
            if known:
                self.hosts.setdefault(known, publication)
            for alias in publication.aliases or ():
                alias = str(alias).strip()
                if "." in alias and " " not in alias:
                    self.hosts[host_of(f"https://{alias.lower()}/") or alias] = publication
                if slugify(alias):
                    self.alias_slugs.setdefault(slugify(alias)[:200], publication)

    def _by_name(self, name: str) -> Publication | None:
        if self.hosts is None:
            self._load_names()
        slug = slugify(name)[:200]
        if slug in self.publications:
            return self.publications[slug]
        found = self.alias_slugs.get(slug) or Publication.objects.filter(slug=slug).first()
        if found is not None:
            self.publications[slug] = found
        return found

    def _by_host(self, host: str) -> Publication | None:
        """The publication of this host, or of the site it belongs to (news.example.org is
        example.org's)."""
        if self.hosts is None:
            self._load_names()
        labels = host.split(".")
        for start in range(len(labels) - 1):
            known = self.hosts.get(".".join(labels[start:]))
            if known is not None:
                return known
        return None

    def publication_for(self, item: ParsedArticle,
                        publication_slug: str | None = None) -> Publication | None:
        """The command line's publication; else the one the record or page names itself (by
        name or alias; a new publication when nobody has that name); only when nothing names
        one, the publication of its host (a new one named after the host if none)."""
        if publication_slug:
            slug = slugify(publication_slug)[:200]
            return self._by_slug(slug, publication_slug.replace("-", " ").title())
        if item.publication_slug:
            return self._by_slug(slugify(item.publication_slug)[:200], item.publication_slug)
        host = item.publication_host
        homepage = f"https://{host}/" if host else ""
        name = " ".join((item.publication_name or "").split())
        if name and host and slugify(name) == slugify(host):  # "Site.example": the host
            known = self._by_host(host)
            if known is not None:
                return known
        if name and slugify(name):
            found = self._by_name(name)
            if found is not None:
                return found
            publication = self._by_slug(slugify(name)[:200], name, homepage=homepage)
            if host and self.hosts is not None:
                self.hosts.setdefault(host, publication)
            return publication
        if not host:
            return None
        known = self._by_host(host)
        if known is not None:
            return known
        publication = self._by_slug(slugify(host)[:200], host, homepage=homepage)
        self.hosts[host] = publication
        return publication

    # authors ------------------------------------------------------------------------------
    def authors_for(self, names: Iterable[str]) -> dict[str, Author]:
        """Authors by slug, creating the missing ones in one statement."""
        wanted: dict[str, str] = {}
        for name in names:
            slug = slugify(name)[:200]
            if slug and slug not in self.authors:
                wanted.setdefault(slug, name)
        if wanted:
            for author in Author.objects.filter(slug__in=wanted):
                self.authors[author.slug] = author
            missing = [Author(slug=slug, name=cut(name, 200)) for slug, name in wanted.items()
                       if slug not in self.authors]
            if missing:
                for author in bulk_create_with_history(missing, Author, batch_size=500,
                                                       default_change_reason="import"):
                    self.authors[author.slug] = author
        return self.authors
