"""Admin forms that turn what the database would refuse (constraints, stale edits) into clear
form errors: an editor's mistake re-displays the form with their input, never a 500."""

from django import forms
from django.db import transaction
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from archive.linebreaks import normalise_linebreaks
from archive.models import Article, Candidacy, Mention


class TextareaField(forms.CharField):
    """A textarea's text with LF line ends: browsers post CRLF, which would otherwise change
    every multi-line text on every save (and show as a body change in the history)."""

    def to_python(self, value):
        value = super().to_python(value)
        return normalise_linebreaks(value) if isinstance(value, str) else value

    def has_changed(self, initial, data):
        return normalise_linebreaks(initial or "") != (self.to_python(data) or "")


class AliasListField(forms.Field):
    """Aliases as one name per line instead of raw JSON: an editor cannot store a string or a
    dict where the gazetteer expects a list of names."""

    widget = forms.Textarea(attrs={"rows": 4, "cols": 40})

    def __init__(self, *, encoder=None, decoder=None, **kwargs):
        help_text = kwargs.get("help_text") or ""
        kwargs["help_text"] = format_lazy("{} {}", gettext_lazy("One name per line."), help_text)
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return "\n".join(str(v) for v in value)
        return value or ""

    def to_python(self, value):
        if isinstance(value, list | tuple):
            return [str(v) for v in value]
        names: list[str] = []
        for line in (value or "").splitlines():
            name = " ".join(line.split())
            if name and name not in names:
                names.append(name)
        return names

    def has_changed(self, initial, data):
        return self.to_python(initial) != self.to_python(data)


class SubjectLabel(forms.Widget):
    """Who a saved mention is of, as plain text (the field is disabled)."""

    def __init__(self, label: str):
        super().__init__()
        self.label = label

    def render(self, name, value, attrs=None, renderer=None):
        return format_html('<span class="mention-subject">{}</span>', self.label)


class DateRangeForm(forms.ModelForm):
    """For rows with `start`/`end` dates: the end may not come before the start."""

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            # Reported on the field, which also spares the editor the database constraint's
            # generic message.
            self.add_error("end", _("The end date (%(end)s) is before the start date (%(start)s).")
                           % {"end": end.isoformat(), "start": start.isoformat()})
        return cleaned


class AllianceMembershipForm(DateRangeForm):
    def clean(self):
        cleaned = super().clean()
        alliance, party = cleaned.get("alliance"), cleaned.get("party")
        if alliance is None and self.instance.alliance_id:
            alliance = self.instance.alliance
        if party is None and self.instance.party_id:
            party = self.instance.party
        if alliance and party and alliance.pk == party.pk:
            raise forms.ValidationError(_("A party cannot be a member of itself."))
        return cleaned


class PartyForm(forms.ModelForm):
    def clean_succeeded_by(self):
        successor = self.cleaned_data.get("succeeded_by")
        current, seen = successor, set()
        while self.instance.pk and current is not None and current.pk not in seen:
            if current.pk == self.instance.pk:
                raise forms.ValidationError(
                    _("%(successor)s already descends from this party; choosing it would make "
                      "the lineage a loop.") % {"successor": successor})
            seen.add(current.pk)
            current = current.succeeded_by
        return successor


def article_version(article_id: int | None) -> str:
    """The version an edit is based on: the article's last save time, read from the database
    (not from the instance, which may be a historical one when reverting)."""
    if not article_id:
        return ""
    stamp = Article.objects.filter(pk=article_id).values_list("updated_at", flat=True).first()
    return stamp.isoformat() if stamp else ""


class ArticleAdminForm(forms.ModelForm):
    """The article form, with optimistic concurrency: it carries the version it was loaded at
    and refuses a save when someone else saved the article meanwhile."""

    loaded_version = forms.CharField(widget=forms.HiddenInput, required=False)
    change_reason = forms.CharField(
        label=gettext_lazy("Reason for the change"), required=False, max_length=100,
        help_text=gettext_lazy("Optional; kept in the history (“typo”, “date from the print "
                               "edition”)."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["loaded_version"] = article_version(self.instance.pk)

    def clean_canonical_url(self):
        url = self.cleaned_data.get("canonical_url") or None
        if url:
            other = Article.objects.filter(canonical_url=url).exclude(pk=self.instance.pk).first()
            if other is not None:
                raise forms.ValidationError(
                    _("Another article already has this canonical URL: “%(title)s” (#%(id)s).")
                    % {"title": other.title, "id": other.pk})
        return url

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk:
            self._check_version()
        return cleaned

    def _check_version(self) -> None:
        if transaction.get_connection().in_atomic_block:
            # Holds the row until this save commits, so two saves cannot both pass the check.
            list(Article.objects.select_for_update().filter(pk=self.instance.pk).values("pk"))
        current = article_version(self.instance.pk)
        loaded = self.cleaned_data.get("loaded_version") or ""
        if not loaded or loaded == current:
            return
        last = Article.history.filter(id=self.instance.pk).select_related("history_user").first()
        who = last.history_user if last and last.history_user else _("someone else")
        when = timezone.localtime(last.history_date).strftime("%Y-%m-%d %H:%M:%S") if last else ""
        # The next save is a deliberate overwrite: the form now carries the current version.
        self.data = self.data.copy()
        self.data[self.add_prefix("loaded_version")] = current
        raise forms.ValidationError(
            _("This article was changed by %(who)s at %(when)s UTC, after you opened it. Your "
              "changes have NOT been saved, and they are still in this form. Open the history "
              "in another tab to see what changed, then save again to overwrite it with your "
              "version, or reload the page to start from the current one.")
            % {"who": who, "when": when},
            code="stale",
        )


class MentionInlineForm(forms.ModelForm):
    """A mention row. The subject of an existing row is fixed: to change who is mentioned,
    remove the row (it becomes rejected) and add the right figure or party."""

    class Meta:
        model = Mention
        fields = ["figure", "party", "count", "rejected"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            for name in ("figure", "party"):
                if name in self.fields:
                    subject = getattr(self.instance, name)
                    self.fields[name].disabled = True
                    self.fields[name].widget = SubjectLabel(str(subject) if subject else "")

    def clean(self):
        cleaned = super().clean()
        if self.cleaned_data.get("DELETE") or self.instance.pk:
            return cleaned
        figure, party = cleaned.get("figure"), cleaned.get("party")
        if figure and party:
            self.add_error("party", _("A mention is of a figure or of a party, not both: "
                                      "add two rows."))
        elif not figure and not party and self.has_changed():
            self.add_error("figure", _("Choose the figure or the party mentioned."))
        return cleaned


class MentionInlineFormSet(forms.BaseInlineFormSet):
    """Editors' mentions: additions and changes are saved with source=editor; a removed
    mention is kept as rejected (source=editor) so that re-detection does not bring it back."""

    def clean(self):
        super().clean()
        article = self.instance
        seen: dict[tuple[str, int], str] = {}
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or not form.cleaned_data:
                continue
            for name in ("figure", "party"):
                subject = form.cleaned_data.get(name)
                if subject is None:
                    continue
                key = (name, subject.pk)
                if key in seen:
                    form.add_error(name, _("%(subject)s is already on another row.")
                                   % {"subject": subject})
                seen[key] = name
                if not form.instance.pk and article.pk and Mention.objects.filter(
                        article=article, **{name: subject}).exists():
                    form.add_error(name, _(
                        "%(subject)s already has a mention on this article (perhaps a rejected "
                        "one: untick “rejected” on its row to restore it).") % {"subject": subject})

    def save_new(self, form, commit=True):
        form.instance.source = Mention.Source.EDITOR
        return super().save_new(form, commit=commit)

    def save_existing(self, form, obj, commit=True):
        obj.source = Mention.Source.EDITOR
        return super().save_existing(form, obj, commit=commit)

    def save_existing_objects(self, commit=True):
        saved = super().save_existing_objects(commit=commit)
        # Nothing was deleted: report the rejections as changes in the admin's log.
        self.changed_objects += [(obj, ["rejected"]) for obj in self.deleted_objects]
        self.deleted_objects = []
        return saved

    def delete_existing(self, obj, commit=True):
        obj.rejected = True
        obj.source = Mention.Source.EDITOR
        if commit:
            obj.save(update_fields=["rejected", "source"])


class MentionAdminForm(forms.ModelForm):
    """A mention on its own page: figure xor party, one mention per article and subject."""

    def clean(self):
        cleaned = super().clean()
        article = cleaned.get("article")
        figure, party = cleaned.get("figure"), cleaned.get("party")
        if figure and party:
            self.add_error("party", _("A mention is of a figure or of a party, not both."))
        elif not figure and not party:
            self.add_error("figure", _("Choose the figure or the party mentioned."))
        elif article:
            name, subject = ("figure", figure) if figure else ("party", party)
            others = Mention.objects.filter(article=article, **{name: subject})
            if others.exclude(pk=self.instance.pk).exists():
                self.add_error(name, _("%(subject)s already has a mention on this article.")
                               % {"subject": subject})
        return cleaned


class NewCandidacyFormSet(forms.BaseInlineFormSet):
    """Rows that only add candidacies to an election (the existing ones are listed read-only),
    so the unique (figure, election, constituency) rule is checked here against the database."""

    def clean(self):
        super().clean()
        seen = set()
        for form in self.forms:
            data = getattr(form, "cleaned_data", None) or {}
            figure = data.get("figure")
            if figure is None or data.get("DELETE"):
                continue
            key = (figure.pk, data.get("constituency") or "")
            taken = self.instance.pk and Candidacy.objects.filter(
                election=self.instance, figure=figure, constituency=key[1]).exists()
            if key in seen or taken:
                form.add_error("figure", _("%(figure)s already stands in this election in this "
                                           "constituency.") % {"figure": figure})
            seen.add(key)
