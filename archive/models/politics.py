import datetime as dt

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Party(models.Model):
    class Kind(models.TextChoices):
        PARTY = "party", _("party")
        ALLIANCE = "alliance", _("alliance")

    class Succession(models.TextChoices):
        RENAMED = "renamed", _("renamed")
        MERGED = "merged", _("merged")

    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=40, blank=True)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.PARTY)
    aliases = models.JSONField(_("aliases"), default=list, blank=True)
    ambiguous_aliases = models.JSONField(
        _("ambiguous aliases"), default=list, blank=True,
        help_text=_("Names that may mean this party but also something else; never matched alone."),
    )
    founded = models.DateField(_("founded"), null=True, blank=True)
    dissolved = models.DateField(_("dissolved"), null=True, blank=True)
    succeeded_by = models.ForeignKey(
        "self", verbose_name=_("succeeded by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="predecessors",
    )
    succession_date = models.DateField(_("succession date"), null=True, blank=True)
    succession_kind = models.CharField(
        _("succession kind"), max_length=10, choices=Succession.choices, blank=True
    )
    leaning = models.CharField(_("leaning"), max_length=40, blank=True)
    partyfacts_id = models.PositiveIntegerField(_("Party Facts id"), null=True, blank=True)
    wikidata = models.CharField(_("Wikidata id"), max_length=20, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("party")
        ordering = ["name"]
        verbose_name_plural = _("parties")

    def __str__(self) -> str:
        return f"{self.name} ({self.short_name})" if self.short_name else self.name

    def get_absolute_url(self) -> str:
        return reverse("party-detail", kwargs={"slug": self.slug})

    @property
    def renamed(self) -> bool:
        return self.succession_kind != self.Succession.MERGED

    def lineage(self) -> list["Party"]:
        """The same party under its successive names, oldest first: FN -> RN. Follows
        renamings only; a party merged into another keeps its own lineage. One query, from
        the same map the search index uses (``lineage_map``)."""
        rows = _lineage_rows()
        if self.pk is not None:  # this instance as it is now, saved or not
            rows[self.pk] = (self.succeeded_by_id, self.succession_kind, self.succession_date)
        ids = _lineage_of(self.pk, rows, _predecessors(rows))
        by_pk = Party.objects.in_bulk([pk for pk in ids if pk != self.pk])
        return [self if pk == self.pk else by_pk[pk] for pk in ids]

    def lineage_ids(self) -> list[int]:
        return [p.pk for p in self.lineage()]


_Row = tuple[int | None, str, dt.date | None]  # succeeded_by_id, succession_kind, date


def _lineage_rows() -> dict[int, _Row]:
    return {pk: (nxt, kind, date) for pk, nxt, kind, date in Party.objects.values_list(
        "pk", "succeeded_by_id", "succession_kind", "succession_date")}


def _predecessors(rows: dict[int, _Row]) -> dict[int, list[int]]:
    """party -> the parties renamed into it, latest succession first (ties: lowest id)."""
    found: dict[int, list[int]] = {}
    for pk, (nxt, kind, _date) in rows.items():
        if nxt is not None and kind != Party.Succession.MERGED:
            found.setdefault(nxt, []).append(pk)
    for pks in found.values():
        pks.sort(key=lambda pk: (-(rows[pk][2] or dt.date.min).toordinal(), pk))
    return found


def _lineage_of(pk: int, rows: dict[int, _Row], predecessors: dict[int, list[int]]) -> list[int]:
    """The one definition of a lineage: the chain of renamings into ``pk`` (the latest
    renamed predecessor at each step), ``pk``, then its successors while it was renamed."""
    seen = {pk}
    before: list[int] = []
    current = pk
    while True:
        previous = next((p for p in predecessors.get(current, ()) if p not in seen), None)
        if previous is None:
            break
        seen.add(previous)
        before.insert(0, previous)
        current = previous
    after: list[int] = []
    current = pk
    while True:
        nxt, kind, _ = rows.get(current, (None, "", None))
        if nxt is None or kind == Party.Succession.MERGED or nxt in seen or nxt not in rows:
            break
        seen.add(nxt)
        after.append(nxt)
        current = nxt
    return [*before, pk, *after]


def lineage_map(rows: dict[int, _Row] | None = None) -> dict[int, list[int]]:
    """party id -> its lineage (``Party.lineage()``'s ids, oldest first), for every party in
    one query (none given ``rows``: id -> (succeeded_by_id, succession_kind,
    succession_date)): what the search index, the parties index and the party pages use."""
    rows = _lineage_rows() if rows is None else rows
    predecessors = _predecessors(rows)
    return {pk: _lineage_of(pk, rows, predecessors) for pk in rows}


def lineage_members(lineages: dict[int, list[int]]) -> dict[int, list[int]]:
    """party id -> the parties whose lineage holds it (the inverse of ``lineage_map``): an
    article naming party p counts for every party of ``lineage_members(...)[p]``."""
    members: dict[int, list[int]] = {pk: [] for pk in lineages}
    for owner, ids in lineages.items():
        for pk in ids:
            members.setdefault(pk, []).append(owner)
    return members


class AllianceMembership(models.Model):
    alliance = models.ForeignKey(Party, verbose_name=_("alliance"), on_delete=models.CASCADE,
                                 related_name="member_links")
    party = models.ForeignKey(Party, verbose_name=_("party"), on_delete=models.CASCADE,
                              related_name="alliance_links")
    start = models.DateField(_("start"), null=True, blank=True)
    end = models.DateField(_("end"), null=True, blank=True)

    class Meta:
        verbose_name = _("alliance membership")
        verbose_name_plural = _("alliance memberships")
        constraints = [
            models.UniqueConstraint(fields=["alliance", "party"], name="unique_alliance_member")
        ]

    def __str__(self) -> str:
        return f"{self.party} in {self.alliance}"


class FigureQuerySet(models.QuerySet):
    def members_of(self, party: Party, on: dt.date | None = None) -> "FigureQuerySet":
        qs = self.filter(memberships__party__in=party.lineage_ids())
        if on is not None:
            qs = qs.filter(Membership.covering(on, prefix="memberships__"))
        return qs.distinct()


class Figure(models.Model):
    name = models.CharField(_("name"), max_length=200)
    given_name = models.CharField(_("given name"), max_length=100, blank=True)
    family_name = models.CharField(_("family name"), max_length=100, blank=True)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    aliases = models.JSONField(_("aliases"), default=list, blank=True)
    ambiguous_aliases = models.JSONField(
        _("ambiguous aliases"), default=list, blank=True,
        help_text=_("Names shared with other people (bare 'Le Pen'); matched only after the "
                    "full name appears in the same article."),
    )
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    an_id = models.CharField(_("Assemblée nationale id"), max_length=20, null=True, blank=True,
                             unique=True)
    wikidata = models.CharField(_("Wikidata id"), max_length=20, blank=True)
    parties = models.ManyToManyField(Party, verbose_name=_("parties"), through="Membership",
                                     related_name="figures")
    history = HistoricalRecords()

    objects = FigureQuerySet.as_manager()

    class Meta:
        verbose_name = _("figure")
        verbose_name_plural = _("figures")
        ordering = ["family_name", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("figure-detail", kwargs={"slug": self.slug})

    def membership_on(self, date: dt.date | None) -> "Membership | None":
        holding = Q(end__isnull=True) if date is None else Membership.covering(date)
        qs = self.memberships.select_related("party").filter(holding)
        return qs.order_by("-start").first()

    def party_on(self, date: dt.date | None) -> Party | None:
        """The party this figure belonged to on `date` (today's when None)."""
        membership = self.membership_on(date)
        return membership.party if membership else None


class Membership(models.Model):
    figure = models.ForeignKey(Figure, verbose_name=_("figure"), on_delete=models.CASCADE,
                               related_name="memberships")
    party = models.ForeignKey(Party, verbose_name=_("party"), on_delete=models.CASCADE,
                              related_name="memberships")
    start = models.DateField(_("start"), null=True, blank=True)
    end = models.DateField(_("end"), null=True, blank=True, help_text=_("Exclusive."))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["figure", "start"]
        constraints = [
            models.UniqueConstraint(fields=["figure", "party", "start"], name="unique_membership"),
            models.CheckConstraint(
                condition=Q(start__isnull=True)
                | Q(end__isnull=True)
                | Q(start__lte=models.F("end")),
                name="membership_dates_ordered",
            ),
        ]
        indexes = [models.Index(fields=["party", "start", "end"])]

    def __str__(self) -> str:
        return f"{self.figure} — {self.party} ({self.start or '?'} – {self.end or ''})"

    @staticmethod
    def covering(date, prefix: str = "") -> Q:
        """Q for memberships that hold on `date` (a date or an OuterRef)."""
        return (Q(**{f"{prefix}start__isnull": True}) | Q(**{f"{prefix}start__lte": date})) & (
            Q(**{f"{prefix}end__isnull": True}) | Q(**{f"{prefix}end__gt": date})
        )


class Office(models.Model):
    figure = models.ForeignKey(Figure, verbose_name=_("figure"), on_delete=models.CASCADE,
                               related_name="offices")
    title = models.CharField(_("title"), max_length=300)
    start = models.DateField(_("start"), null=True, blank=True)
    end = models.DateField(_("end"), null=True, blank=True)

    class Meta:
        verbose_name = _("office")
        verbose_name_plural = _("offices")
        ordering = ["figure", "start"]
        constraints = [
            models.UniqueConstraint(fields=["figure", "title", "start"], name="unique_office")
        ]

    def __str__(self) -> str:
        return self.title


class Election(models.Model):
    class Kind(models.TextChoices):
        PRESIDENTIAL = "presidential", _("presidential")
        LEGISLATIVE = "legislative", _("legislative")
        EUROPEAN = "european", _("European")
        OTHER = "other", _("other")

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    scope = models.CharField(_("scope"), max_length=100, default="national")
    first_round = models.DateField(_("first round"))
    second_round = models.DateField(_("second round"), null=True, blank=True)

    class Meta:
        verbose_name = _("election")
        verbose_name_plural = _("elections")
        ordering = ["first_round", "kind"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("election-detail", kwargs={"slug": self.slug})


#: The gazetteer's result values, as readers see them.
RESULTS = {
    "elected": _("elected"),
    "lost second round": _("lost in the second round"),
    "eliminated first round": _("eliminated in the first round"),
}


class Candidacy(models.Model):
    figure = models.ForeignKey(Figure, verbose_name=_("figure"), on_delete=models.CASCADE,
                               related_name="candidacies")
    election = models.ForeignKey(Election, verbose_name=_("election"), on_delete=models.CASCADE,
                                 related_name="candidacies")
    party = models.ForeignKey(Party, verbose_name=_("party"), on_delete=models.SET_NULL,
                              null=True, blank=True,
                              related_name="candidacies")
    label = models.CharField(_("label"), max_length=200, blank=True)
    constituency = models.CharField(_("constituency"), max_length=200, blank=True)
    first_round_share = models.DecimalField(_("first-round share (%)"), max_digits=5,
                                            decimal_places=2, null=True, blank=True)
    result = models.CharField(_("result"), max_length=100, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("candidacy")
        ordering = ["election", "-first_round_share", "figure"]
        verbose_name_plural = _("candidacies")
        constraints = [
            models.UniqueConstraint(fields=["figure", "election", "constituency"],
                                    name="unique_candidacy")
        ]

    def __str__(self) -> str:
        where = f", {self.constituency}" if self.constituency else ""
        return f"{self.figure} — {self.election}{where}"

    def get_absolute_url(self) -> str:
        return f"{self.election.get_absolute_url()}#candidacy-{self.pk}"

    @property
    def result_display(self) -> str:
        return str(RESULTS.get(self.result, self.result))

    @property
    def elected(self) -> bool:
        return self.result == "elected"
