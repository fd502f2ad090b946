"""The readers' small archive (tests/web) is the data the French walk runs on, with one page
captured from the loopback test site (tests/capture) for the replay page."""

from tests.capture.conftest import capture_settings, config  # noqa: F401
from tests.web.conftest import _fresh_cache, archive, index_root, indexed_archive  # noqa: F401
