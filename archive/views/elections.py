"""The elections pages: the index and one election."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from archive import charts
from archive.models import Election
from archive.selectors.elections import election_index, election_page

MAX_QUERY = 100


def election_list(request: HttpRequest) -> HttpResponse:
    return render(request, "elections/index.html", {"elections": election_index()})


def election_detail(request: HttpRequest, slug: str) -> HttpResponse:
    election = get_object_or_404(Election, slug=slug)
    query = request.GET.get("q", "").strip()[:MAX_QUERY]
    page = election_page(election, query)
    chart = charts.share_chart(
        page.candidates, _("First-round shares, %(election)s") % {"election": election.name},
        "share-chart")
    return render(request, "elections/detail.html",
                  {"page": page, "election": election, "chart": chart})
