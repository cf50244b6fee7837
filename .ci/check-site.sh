#!/usr/bin/env bash
# Opens every page of a rendered site in headless Chromium and takes a screenshot of chapter 6.
#
# Usage: .ci/check-site.sh SITE_DIR SCREENSHOT.png [DARK_SCREENSHOT.png]
#
# Fails (exit 1) when a page links to a file or #id that does not exist, or
# when Chromium, loading the page from file://, reports a console message, an
# uncaught exception or a resource it could not load (see check-site.py).
# When the site holds model.safetensors, the model in the page must also agree
# with `tutorial predict` (the binary of this checkout, which must be built).
# The screenshot shows the chapter 6 page at 1280x2000 in the light theme;
# the optional second one the same page with the dark theme forced. Beside
# the first, SCREENSHOT-panel.png and SCREENSHOT-panel-dark.png show the
# model panel in each theme.
set -euo pipefail

if [[ $# -lt 2 || $# -gt 3 || ! -d "$1" ]]; then
    echo "usage: $0 SITE_DIR SCREENSHOT.png [DARK_SCREENSHOT.png]" >&2
    exit 2
fi
site=$(cd "$1" && pwd)
screenshot=$2
dark_screenshot=${3:-}
here=$(cd "$(dirname "$0")" && pwd)

command -v chromium >/dev/null || { echo "check-site: chromium is not installed (apt-get install chromium)" >&2; exit 1; }

profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
model_check=()
if [[ -f "$site/model.safetensors" ]]; then
    tutorial="$(cd "$here/.." && swift build --show-bin-path)/tutorial"
    [[ -x "$tutorial" ]] || { echo "check-site: no $tutorial to compare the page's model with (swift build)" >&2; exit 1; }
    model_check=(--tutorial "$tutorial" --panel-screenshot "${screenshot%.png}-panel.png")
fi
CHECK_SITE_PROFILE="$profile/check" python3 "$here/check-site.py" "$site" "${model_check[@]}"

shopt -s nullglob
chapter6=("$site"/06-*.html)
if [[ ${#chapter6[@]} -ne 1 ]]; then
    echo "check-site: expected one chapter 6 page (06-*.html) in $site, found ${#chapter6[@]}" >&2
    exit 1
fi

# Chromium prints D-Bus and GPU noise on stderr in a container; only its exit status and the file matter.
take_screenshot() {
    local output=$1; shift
    mkdir -p "$(dirname "$output")"
    rm -f "$output"
    timeout 120 chromium --headless --no-sandbox --disable-gpu --hide-scrollbars "$@" \
        --user-data-dir="$profile/shot" --window-size=1280,2000 \
        --screenshot="$(cd "$(dirname "$output")" && pwd)/$(basename "$output")" \
        "file://${chapter6[0]}" >/dev/null 2>&1 || true
    [[ -s "$output" ]] || { echo "check-site: chromium wrote no screenshot to $output" >&2; exit 1; }
    echo "check-site: screenshot of $(basename "${chapter6[0]}") in $output"
}
take_screenshot "$screenshot"
if [[ -n "$dark_screenshot" ]]; then
    take_screenshot "$dark_screenshot" --force-dark-mode
fi
