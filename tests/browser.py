"""A headless Chromium for the review-page tests (Debian's chromium and
chromium-driver, driven by Selenium)."""

from __future__ import annotations

import os
import shutil
import tempfile

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")


def require_browser() -> None:
    """Skip without a browser on a developer's machine; fail in CI, where
    .ci/run installs one (a skipped browser test there would prove nothing)."""
    missing = [name for name, path in (("chromium", CHROMIUM), ("chromedriver", CHROMEDRIVER)) if not path]
    try:
        import selenium  # noqa: F401
    except ImportError:
        missing.append("selenium")
    if missing:
        message = f"browser test needs {', '.join(missing)} (bash scripts/install-test-browser.sh)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


def start(width: int = 1400, height: int = 900):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    profile = tempfile.mkdtemp(prefix="plankit-chromium-")
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                 "--no-first-run", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", f"--user-data-dir={profile}", f"--window-size={width},{height}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver._plankit_profile = profile
    return driver


def stop(driver) -> None:
    profile = getattr(driver, "_plankit_profile", None)
    driver.quit()
    if profile:
        shutil.rmtree(profile, ignore_errors=True)
