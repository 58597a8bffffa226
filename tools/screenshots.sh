#!/usr/bin/env bash
# The briefing's pictures in docs/: makes the briefing of a run and takes a
# headless Chromium screenshot of each section asked for, whole, at 800
# pixels wide.
#
#   tools/screenshots.sh RUN.h5 [SECTION_ID...]     (default: front sufficiency)
#
# The front page (id front) goes to docs/briefing-front-page.png, any other
# section ID to docs/briefing-ID.png (in CARECAST_SCREENSHOTS_DIR instead of
# docs/ when it is set). Each is taken from a copy of the
# briefing in which a small stylesheet shows that section alone, as it lays
# out on screen; a first pass measures the section's height (Chromium's
# --dump-dom after a one-line script), so the picture holds all of it and no
# more. A section the briefing lacks is reported and the others are still
# taken; the exit code is then 1. tools/dev.sh screenshots makes the default
# run and its pictures. Needs the build (build/carecast, or CARECAST_BIN) and
# Chromium (tools/install-dependencies.sh installs it).
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
carecast="${CARECAST_BIN:-$repo/build/carecast}"
out="${CARECAST_SCREENSHOTS_DIR:-$repo/docs}"
width=800

if [ $# -lt 1 ] || [ ! -f "$1" ]; then
  echo "usage: tools/screenshots.sh RUN.h5 [SECTION_ID...]" >&2
  exit 2
fi
run_file="$1"
shift
sections=("$@")
[ ${#sections[@]} -eq 0 ] && sections=(front sufficiency)

browser=""
for name in chromium chromium-browser google-chrome; do
  if command -v "$name" >/dev/null; then browser="$(command -v "$name")"; break; fi
done
if [ -z "$browser" ]; then
  echo "screenshots: Chromium is not installed (tools/install-dependencies.sh installs it)" >&2
  exit 2
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$carecast" report "$run_file" -o "$work/briefing.html" --force >/dev/null

chromium_headless() {
  local flags=(--headless --disable-gpu --hide-scrollbars --no-first-run --user-data-dir="$work/profile")
  # Chromium refuses to run as root with its sandbox.
  [ "$(id -u)" -eq 0 ] && flags+=(--no-sandbox)
  "$browser" "${flags[@]}" "$@" 2>/dev/null
}

status=0
for id in "${sections[@]}"; do
  if ! grep -q "<\(section\|header\) id=\"$id\"" "$work/briefing.html"; then
    echo "screenshots: the briefing of $run_file has no section with id $id" >&2
    status=1
    continue
  fi
  page="$work/$id.html"
  # Only this section, with no page break before it and no margin around it.
  sed "s|</style>|body > header, body > section { display: none !important; }\n#$id { display: block !important; break-before: auto; }\nbody { padding-top: 4mm; padding-bottom: 4mm; }\n</style>|" \
    "$work/briefing.html" >"$page"
  cp "$page" "$work/measure.html"
  sed -i "s|</body>|<script>document.body.setAttribute('data-height', Math.ceil(document.documentElement.getBoundingClientRect().height));</script></body>|" \
    "$work/measure.html"
  height="$(chromium_headless --window-size="$width,1000" --dump-dom "file://$work/measure.html" |
    sed -n 's/.*data-height="\([0-9]*\)".*/\1/p' | head -n 1)"
  if [ -z "$height" ]; then
    echo "screenshots: could not measure section $id" >&2
    status=1
    continue
  fi
  target="$out/briefing-$id.png"
  [ "$id" = front ] && target="$out/briefing-front-page.png"
  chromium_headless --window-size="$width,$height" --screenshot="$target" "file://$page" >/dev/null
  echo "screenshots: $target ($width x $height)"
done
exit "$status"
