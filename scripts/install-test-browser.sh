#!/usr/bin/env bash
# Debian's Chromium, ChromeDriver and a CJK font, for the review page's
# browser tests (tests/test_report.py), and LibreOffice Writer, which turns
# test files into .doc (tests/test_word.py). Installs only what is missing.
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v chromedriver >/dev/null 2>&1 || need+=(chromium-driver)
command -v soffice >/dev/null 2>&1 || need+=(libreoffice-writer-nogui)
if ! { command -v fc-list >/dev/null 2>&1 && fc-list :lang=zh | grep -q .; }; then
  need+=(fonts-wqy-microhei)
fi
[ ${#need[@]} -eq 0 ] && exit 0
sudo=""
[ "$(id -u)" -ne 0 ] && sudo=sudo
echo "installing ${need[*]} (Debian packages) for the browser and Word tests"
# wait (up to 2 minutes) for another apt or dpkg run to release its lock
# instead of failing at once
$sudo apt-get -o DPkg::Lock::Timeout=120 update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get -o DPkg::Lock::Timeout=120 install -y -qq --no-install-recommends "${need[@]}" >/dev/null
