#!/usr/bin/env bash
# Checks a rendered site in headless Chromium and takes screenshots of chapter 3.
#
# Usage: .ci/check-site.sh SITE_DIR SCREENSHOTS
#
# Fails (exit 1) when a page links to a file or #id that does not exist, uses
# an id twice, shows a picture without a text alternative or leaves an
# equation in a ```text block, or when Chromium, loading the page from
# file://, reports a console message, an uncaught exception or a resource it
# could not load (see check-site.py). When the site holds model.safetensors,
# the model in the page must also agree with `tutorial predict` (the binary of
# this checkout, which must be built); model-panel.png and model-panel-dark.png
# then show the model panel in each theme.
#
# Then it takes four screenshots of the chapter 3 page, where the LSTM's
# equations and figures are, opened at its LSTM section: light and dark theme,
# on a desktop (1280x2000) and on a 390-pixel-wide phone (390x1400 at device
# scale 2). SCREENSHOTS is a folder for chapter-3-{light,dark}-{desktop,phone}.png;
# a path ending in .png (the older form) puts them beside it, named after it.
set -euo pipefail

if [[ $# -ne 2 || ! -d "$1" ]]; then
    echo "usage: $0 SITE_DIR SCREENSHOTS" >&2
    exit 2
fi
site=$(cd "$1" && pwd)
if [[ "$2" == *.png ]]; then
    mkdir -p "$(dirname "$2")"
    prefix="$(cd "$(dirname "$2")" && pwd)/$(basename "$2" .png)-"
else
    mkdir -p "$2"
    prefix="$(cd "$2" && pwd)/"
fi
here=$(cd "$(dirname "$0")" && pwd)

command -v chromium >/dev/null || { echo "check-site: chromium is not installed (apt-get install chromium)" >&2; exit 1; }

profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
model_check=()
if [[ -f "$site/model.safetensors" ]]; then
    tutorial="$(cd "$here/.." && swift build --show-bin-path)/tutorial"
    [[ -x "$tutorial" ]] || { echo "check-site: no $tutorial to compare the page's model with (swift build)" >&2; exit 1; }
    model_check=(--tutorial "$tutorial" --panel-screenshot "${prefix}model-panel.png")
fi
# First the checks themselves: each must catch a page made to break it.
CHECK_SITE_PROFILE="$profile/self-test" python3 "$here/check-site.py" --self-test
CHECK_SITE_PROFILE="$profile/check" python3 "$here/check-site.py" "$site" "${model_check[@]}"

shopt -s nullglob
chapter3=("$site"/03-*.html)
if [[ ${#chapter3[@]} -ne 1 ]]; then
    echo "check-site: expected one chapter 3 page (03-*.html) in $site, found ${#chapter3[@]}" >&2
    exit 1
fi
at=()
for id in the-lstm-cell the-lstm; do
    grep -q "id=\"$id\"" "${chapter3[0]}" && { at=(--at "$id"); break; }
done

for theme in light dark; do
    for device in desktop phone; do
        output="${prefix}chapter-3-$theme-$device.png"
        size=(--width 1280 --height 2000)
        [[ $device == phone ]] && size=(--width 390 --height 1400)
        dark=()
        [[ $theme == dark ]] && dark=(--dark)
        rm -f "$output"
        CHECK_SITE_PROFILE="$profile/shot" timeout 120 python3 "$here/screenshot.py" "${chapter3[0]}" "$output" \
            "${size[@]}" "${dark[@]}" "${at[@]}" ||
            { echo "check-site: no screenshot of $(basename "${chapter3[0]}") ($theme, $device)" >&2; exit 1; }
        [[ -s "$output" ]] || { echo "check-site: chromium wrote no screenshot to $output" >&2; exit 1; }
        echo "check-site: screenshot of $(basename "${chapter3[0]}"), $theme theme, $device: $output"
    done
done
