"""The compare page (attention over time) and its CSV; the JSON is /api/compare."""

import csv

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from archive import series_chart
from archive.exports.tables import Echo
from archive.selectors.compare import MAX_SERIES, compare_series, parse_compare_params

CSV_COLUMNS = ["series", "kind", "value", "publication", "month", "count", "total", "share"]


def compare(request: HttpRequest) -> HttpResponse:
    params, messages = parse_compare_params(request.GET)
    result = compare_series(params)
    urls = series_chart.point_urls(result)
    return render(request, "compare/index.html", {
        "params": params,
        "result": result,
        "messages_": messages,
        "chart": series_chart.compare_chart(result, urls),
        "table_body": series_chart.table_body(series_chart.table_rows(result, urls)),
        "legend": list(zip(result.series, series_chart.series_classes(result), strict=True)),
        "max_series": MAX_SERIES,
        "slots": range(max(MAX_SERIES - len(params.series), 0)),
        "scales": [("share", _("Share of all articles")), ("count", _("Number of articles"))],
    })


def compare_csv(request: HttpRequest) -> HttpResponse:
    params, messages = parse_compare_params(request.GET)
    if messages:
        return HttpResponse("\n".join([_("Malformed compare parameters:"), *messages, ""]),
                            status=400, content_type="text/plain; charset=utf-8")
    result = compare_series(params)
    writer = csv.writer(Echo())
    lines = [writer.writerow(CSV_COLUMNS)]
    for series in result.series:
        for p in series.points:
            lines.append(writer.writerow([series.spec.label, series.spec.kind,
                                          series.spec.value, series.publication or "",
                                          p.month, p.count, p.total, f"{p.share:.6f}"]))
    response = HttpResponse("".join(lines), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="archive-compare.csv"'
    return response
