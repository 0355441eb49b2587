import os
import shutil
import tempfile

import pytest


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true", help="rewrite tests/golden/* from the current output")


@pytest.fixture
def update_golden(request) -> bool:
    return request.config.getoption("--update-golden")


def pytest_configure(config):
    # plankit's caches (vocabularies, word tables, compiled patterns) go to a
    # folder of the test run's own: tests compile patterns of random
    # vocabularies, which must not pile up in the user's cache and slow every
    # later start (subprocesses of the CLI tests inherit the variable)
    config._plankit_cache = tempfile.mkdtemp(prefix="plankit-test-cache-")
    os.environ["XDG_CACHE_HOME"] = config._plankit_cache
    config.addinivalue_line("markers", "slow: takes seconds (OCR of a page); -m 'not slow' leaves it out")


def pytest_unconfigure(config):
    folder = getattr(config, "_plankit_cache", None)
    if folder:
        shutil.rmtree(folder, ignore_errors=True)
