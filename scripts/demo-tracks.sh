#!/usr/bin/env bash
# Makes the demo config's music: a few short, quiet tone tracks synthesised with sox into
# data/demo-music/{light,lively} (not committed; `npm run build` and `npm test` call this).
# Does nothing when the tracks exist or sox is missing (the desk then reports the playlist as empty).
set -euo pipefail
cd "$(dirname "$0")/.."
out=data/demo-music
command -v sox >/dev/null 2>&1 || { echo "demo-tracks: sox not installed, demo music skipped" >&2; exit 0; }
make_track() { # folder name seconds chord...
  local dir="$out/$1" file="$out/$1/$2.wav" seconds=$3; shift 3
  [ -s "$file" ] && return 0
  mkdir -p "$dir"
  local tones=()
  for freq in "$@"; do tones+=(sine "$freq"); done
  sox -q -n -r 22050 -c 1 -b 16 "$file.tmp.wav" synth "$seconds" "${tones[@]}" tremolo 0.5 40 fade 2 "$seconds" 3 norm -14
  mv "$file.tmp.wav" "$file"
}
make_track light 01-morning 24 262 330 392
make_track light 02-calm 24 220 277 330
make_track lively 01-bright 20 294 370 440
make_track lively 02-upbeat 20 330 415 494
