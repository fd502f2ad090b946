from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArchiveConfig(AppConfig):
    name = "archive"
    verbose_name = _("Political article archive")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from archive.derived import signals  # noqa: F401  (index queue and tallies)
        from archive.planner_stats import after_migrate
        from archive.tallies.counting import after_migrate as tallies_after_migrate

        post_migrate.connect(after_migrate, sender=self, dispatch_uid="archive-analyze")
        post_migrate.connect(tallies_after_migrate, sender=self, dispatch_uid="archive-tallies")
