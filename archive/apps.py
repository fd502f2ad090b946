from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArchiveConfig(AppConfig):
    name = "archive"
    verbose_name = _("Political article archive")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from archive.planner_stats import after_migrate
        from archive.search import signals  # noqa: F401  (connects index-queue signals)

        post_migrate.connect(after_migrate, sender=self, dispatch_uid="archive-analyze")
