"""A small hand-written gazetteer snapshot, so detection rules are tested apart from the
fixtures (which evolve), plus helpers to put the same data in the database."""

import datetime as dt

import pytest

from archive.mentions.snapshot import FigureEntry, Gazetteer, PartyEntry, Span

D = dt.date

PARTIES = [
    PartyEntry("front-national", "Front national", "FN", ("National Front",),
               succeeded_by="rassemblement-national", succession_date=D(2018, 6, 1),
               succession_kind="renamed"),
    PartyEntry("rassemblement-national", "Rassemblement national", "RN", ("National Rally",),
               founded=D(2018, 6, 1)),
    PartyEntry("en-marche", "En Marche", "EM", ("En Marche !",),
               succeeded_by="la-republique-en-marche", succession_date=D(2017, 5, 8),
               succession_kind="renamed"),
    PartyEntry("la-republique-en-marche", "La République en marche", "LREM",
               ("LaREM", "The Republic on the March"), founded=D(2017, 5, 8)),
    PartyEntry("parti-socialiste", "Parti socialiste", "PS", ("Socialist Party",)),
    PartyEntry("la-france-insoumise", "La France insoumise", "LFI",
               ("France insoumise", "Unsubmissive France")),
    PartyEntry("union-pour-un-mouvement-populaire", "Union pour un mouvement populaire", "UMP",
               succeeded_by="les-republicains", succession_date=D(2015, 5, 30),
               succession_kind="renamed"),
    PartyEntry("les-republicains", "Les Républicains", "LR", (), ("Republicans",),
               founded=D(2015, 5, 30)),
    PartyEntry("nouveau-parti-anticapitaliste", "Nouveau Parti anticapitaliste", "NPA",
               ("New Anticapitalist Party",)),
    PartyEntry("ensemble", "Ensemble", "", (), ("Ensemble",)),
    PartyEntry("les-verts", "Les Verts", "", (), (), succeeded_by="europe-ecologie-les-verts",
               succession_date=D(2010, 11, 13), succession_kind="merged"),
    PartyEntry("europe-ecologie-les-verts", "Europe Écologie Les Verts", "EELV", (),
               ("Les Verts",), founded=D(2010, 11, 13)),
]

FIGURES = [
    FigureEntry("marine-le-pen", "Marine Le Pen", "Marine", "Le Pen", ("MLP",), ("Le Pen",),
                (Span("front-national", D(1986, 1, 1), D(2018, 6, 1)),
                 Span("rassemblement-national", D(2018, 6, 1)))),
    FigureEntry("jean-marie-le-pen", "Jean-Marie Le Pen", "Jean-Marie", "Le Pen", (),
                ("Le Pen",), (Span("front-national", D(1972, 10, 5), D(2015, 8, 20)),)),
    FigureEntry("emmanuel-macron", "Emmanuel Macron", "Emmanuel", "Macron", ("Macron",), (),
                (Span("en-marche", D(2016, 4, 6), D(2017, 5, 8)),
                 Span("la-republique-en-marche", D(2017, 5, 8)))),
    FigureEntry("jean-luc-melenchon", "Jean-Luc Mélenchon", "Jean-Luc", "Mélenchon",
                ("Mélenchon",), (), (Span("la-france-insoumise", D(2016, 2, 10)),)),
    FigureEntry("francois-ruffin", "François Ruffin", "François", "Ruffin", ("Ruffin",), (),
                (Span("la-france-insoumise", D(2017, 1, 1)),)),
    FigureEntry("nicolas-dupont-aignan", "Nicolas Dupont-Aignan", "Nicolas", "Dupont-Aignan",
                ("Dupont-Aignan", "NDA"), ()),
    FigureEntry("philippe-poutou", "Philippe Poutou", "Philippe", "Poutou", ("Poutou",), (),
                (Span("nouveau-parti-anticapitaliste", D(2009, 2, 1)),)),
    FigureEntry("yannick-jadot", "Yannick Jadot", "Yannick", "Jadot", ("Jadot",), (),
                (Span("europe-ecologie-les-verts", D(2010, 11, 13)),)),
    FigureEntry("edouard-philippe", "Édouard Philippe", "Édouard", "Philippe", (),
                ("Philippe",)),
]


@pytest.fixture(scope="session")
def mini() -> Gazetteer:
    return Gazetteer.of(FIGURES, PARTIES)


@pytest.fixture
def mini_db(db) -> Gazetteer:
    """The same small gazetteer, stored in the test database through the factories."""
    from tests.factories import FigureFactory, MembershipFactory, PartyFactory

    parties = {}
    for p in PARTIES:
        parties[p.slug] = PartyFactory(
            slug=p.slug, name=p.name, short_name=p.short_name, aliases=list(p.aliases),
            ambiguous_aliases=list(p.ambiguous_aliases), founded=p.founded,
            succession_date=p.succession_date, succession_kind=p.succession_kind,
        )
    for p in PARTIES:
        if p.succeeded_by:
            parties[p.slug].succeeded_by = parties[p.succeeded_by]
            parties[p.slug].save()
    for f in FIGURES:
        figure = FigureFactory(
            slug=f.slug, name=f.name, given_name=f.given_name, family_name=f.family_name,
            aliases=list(f.aliases), ambiguous_aliases=list(f.ambiguous_aliases),
        )
        for span in f.memberships:
            MembershipFactory(figure=figure, party=parties[span.party], start=span.start,
                              end=span.end)
    return Gazetteer.of(FIGURES, PARTIES)
