#!/usr/bin/env bash
# Sets up a fresh Debian + Node 20 machine for gceb.
#   bash scripts/setup.sh          npm packages only (enough for every gceb command)
#   bash scripts/setup.sh --test   also the Debian packages the test suite uses:
#                                  Jupyter's executor and classic Notebook (notebook tests), Chromium (report and notebook tests)
set -euo pipefail
cd "$(dirname "$0")/.."

echo "setup: installing npm packages (npm ci)" >&2
npm ci --no-audit --no-fund --loglevel=error

if [ "${1:-}" = "--test" ]; then
  packages=(jupyter-nbconvert python3-nbclient jupyter-client python3-nbformat python3-ipykernel jupyter-notebook chromium fonts-dejavu-core)
  missing=()
  for p in "${packages[@]}"; do
    dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    echo "setup: installing Debian packages: ${missing[*]}" >&2
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
fi
echo "setup: done" >&2
