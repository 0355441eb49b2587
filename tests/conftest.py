import pytest


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true", help="rewrite tests/golden/* from the current output")


@pytest.fixture
def update_golden(request) -> bool:
    return request.config.getoption("--update-golden")


def pytest_configure(config):
    config.addinivalue_line("markers", "slow: takes seconds (OCR of a page); -m 'not slow' leaves it out")
