"""The readers' small archive (tests/web) is the data the French walk runs on."""

from tests.web.conftest import _fresh_cache, archive, index_root, indexed_archive  # noqa: F401
