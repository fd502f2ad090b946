"""Canonical URLs: the identity of an article across captures.

Two URLs name the same article when they differ only by scheme (http/https), host case, a
leading ``www.``/``m.``/``amp.`` label, a trailing slash, a fragment, tracking parameters, the
order of the remaining parameters, or an AMP variant of the path. The canonical URL keeps the
host the site gives (``www.`` is part of the address a reader follows); ``same_article_urls``
gives the forms that identify the same article with and without it.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit, urlunsplit

TRACKING_PARAMS = {
    "fbclid", "gclid", "dclid", "gclsrc", "msclkid", "yclid", "igshid", "mc_cid", "mc_eid",
    "_ga", "_gl", "xtor", "smid", "smtyp", "ocid", "cmpid", "ref_src", "ref_url", "amp",
    "outputtype", "ito", "icid", "ns_campaign", "ns_mchannel", "ns_source", "ns_linkname",
    "ns_fee", "spm", "wt.mc_id",
}
TRACKING_PREFIXES = ("utm_", "at_", "pk_", "mtm_", "hsa_")
HOST_PREFIXES = ("www.", "amp.", "m.", "mobile.")
VARIANT_PREFIXES = ("amp.", "m.", "mobile.")  # variants of a site's host, not its name
AMP_CACHE = re.compile(r"^[a-z0-9-]+\.cdn\.ampproject\.org$")


def _strip_amp_path(path: str) -> str:
    path = re.sub(r"/amp/?$", "", path)
    path = re.sub(r"^/amp(/|$)", "/", path)
    path = re.sub(r"\.amp(\.html?)?$", r"\1", path)
    path = re.sub(r"\.amp$", "", path)
    return path


def canonical_url(url: str | None) -> str | None:
    """The normalised form of an http(s) URL, or None when it is not one."""
    if not url:
        return None
    url = url.strip()
    if url.startswith("//"):
        url = "https:" + url
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    if parts.scheme.lower() not in {"http", "https"} or not parts.hostname:
        return None
    host = parts.hostname.lower().rstrip(".")
    path = parts.path or "/"
    if AMP_CACHE.match(host):
        # https://www-example-com.cdn.ampproject.org/c/s/www.example.com/path -> inner URL
        inner = re.match(r"^/[a-z]/(s/)?(.+)$", path)
        if inner:
            return canonical_url(("https://" if inner.group(1) else "http://") + inner.group(2)
                                 + (f"?{parts.query}" if parts.query else ""))
    for prefix in VARIANT_PREFIXES:
        if host.startswith(prefix) and host.count(".") >= 2:
            host = host[len(prefix):]
            break
    netloc = host if port in (None, 80, 443) else f"{host}:{port}"
    path = re.sub(r"/{2,}", "/", path)
    path = _strip_amp_path(path)
    if len(path) > 1:
        path = path.rstrip("/") or "/"
    query_pairs = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if k.lower() not in TRACKING_PARAMS and not k.lower().startswith(TRACKING_PREFIXES)
    ]
    query = urlencode(sorted(query_pairs))
    return urlunsplit(("https", netloc, path, query, ""))


def same_article_urls(url: str) -> tuple[str, str]:
    """A canonical URL and its twin with ``www.`` added or removed: both name one article."""
    parts = urlsplit(url)
    host = parts.netloc
    twin = host[4:] if host.startswith("www.") and host.count(".") >= 2 else "www." + host
    return url, urlunsplit((parts.scheme, twin, parts.path, parts.query, parts.fragment))


def host_of(url: str | None) -> str | None:
    """The host of a URL without ``www.``-style prefixes, lower-cased."""
    if not url:
        return None
    try:
        host = urlsplit(url.strip()).hostname
    except ValueError:
        return None
    if not host:
        return None
    host = unquote(host).lower().rstrip(".")
    for prefix in HOST_PREFIXES:
        if host.startswith(prefix) and host.count(".") >= 2:
            return host[len(prefix):]
    return host
