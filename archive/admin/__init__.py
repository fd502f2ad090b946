"""The editors' admin. Importing the modules registers every model with the default site."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from archive.admin import articles, capture, mentions, politics, sources  # noqa: F401

admin.site.site_header = _("Political article archive — editing")
admin.site.site_title = _("Archive admin")
admin.site.index_title = _("Edit articles, authors and the gazetteer")

# Strings of third-party admin templates that their own catalogues leave in English
# (django-simple-history's history list, Django's search icon), translated in ours.
THIRD_PARTY_STRINGS = [gettext_noop("None"), gettext_noop("Search")]
