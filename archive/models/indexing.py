from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class IndexTask(models.Model):
    """One pending change to the search index, written in the same transaction as the data
    change (or on commit) and applied by the single index writer."""

    class Action(models.TextChoices):
        UPDATE = "update"
        DELETE = "delete"

    model = models.CharField(max_length=100)
    object_id = models.BigIntegerField()
    action = models.CharField(max_length=10, choices=Action.choices, default=Action.UPDATE)
    created_at = models.DateTimeField(default=timezone.now)
    available_at = models.DateTimeField(default=timezone.now)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)

    class Meta:
        verbose_name = _("index task")
        verbose_name_plural = _("index tasks")
        indexes = [models.Index(fields=["available_at", "id"])]

    def __str__(self) -> str:
        return f"{self.action} {self.model}#{self.object_id}"
