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
        renamings only; a party merged into another keeps its own lineage."""
        before: list[Party] = []
        seen = {self.pk}
        current = self
        while True:
            previous = (
                Party.objects.filter(succeeded_by=current)
                .exclude(succession_kind=self.Succession.MERGED)
                .exclude(pk__in=seen)
                .order_by("-succession_date")
                .first()
            )
            if previous is None:
                break
            seen.add(previous.pk)
            before.insert(0, previous)
            current = previous
        after: list[Party] = []
        current = self
        while current.succeeded_by_id and current.renamed and current.succeeded_by_id not in seen:
            current = current.succeeded_by
            seen.add(current.pk)
            after.append(current)
        return [*before, self, *after]

    def lineage_ids(self) -> list[int]:
        return [p.pk for p in self.lineage()]


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
