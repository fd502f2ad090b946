"""The research tools run on the small factory archive of tests/web, indexed in a temp dir."""

from tests.web.conftest import _fresh_cache, archive, index_root, indexed_archive  # noqa: F401
