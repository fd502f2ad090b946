"""Finding existing gazetteer entries by the names other datasets use."""

from archive.folding import fold
from archive.models import Figure, Party


class PartyResolver:
    """Maps a party name as written elsewhere ('La République en Marche', 'LREM') to a Party,
    through folded names, short names and aliases. Built once per import."""

    def __init__(self) -> None:
        self._by_name: dict[str, Party] = {}
        for party in Party.objects.all():
            for name in [party.name, party.short_name, *party.aliases]:
                if name:
                    self._by_name.setdefault(fold(name), party)

    def __call__(self, name: str) -> Party | None:
        return self._by_name.get(fold(name)) if name else None


class FigureResolver:
    """Finds the figure a record speaks of: by identifier, then slug, then folded full name
    (only when exactly one figure has it). Built once per import, kept current by `add`."""

    def __init__(self) -> None:
        self._by_an_id: dict[str, Figure] = {}
        self._by_slug: dict[str, Figure] = {}
        self._by_name: dict[str, list[Figure]] = {}
        for figure in Figure.objects.all():
            self.add(figure)

    def add(self, figure: Figure) -> None:
        if figure.an_id:
            self._by_an_id[figure.an_id] = figure
        self._by_slug[figure.slug] = figure
        self._by_name.setdefault(fold(figure.name), []).append(figure)

    def __call__(self, *, an_id: str | None, slug: str | None, name: str) -> Figure | None:
        if an_id and an_id in self._by_an_id:
            return self._by_an_id[an_id]
        if slug and slug in self._by_slug:
            return self._by_slug[slug]
        matches = self._by_name.get(fold(name), [])
        return matches[0] if len(matches) == 1 else None
