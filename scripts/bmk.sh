#!/usr/bin/env bash
# One command on a fresh machine: set everything up, then run the main job on the embedded
# Béni Mellal-Khénifra defaults (territories, legal populations, council sessions).
# Extra arguments go to `shafaf bmk` (e.g. --lang ar, --date 2026-10-01).
set -euo pipefail
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/setup.sh"
shafaf bmk "$@"
