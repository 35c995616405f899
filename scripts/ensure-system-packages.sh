#!/usr/bin/env bash
# The tests drive real tools: socat (serial pty pairs), mosquitto (MQTT broker), chromium + a CJK
# font (UI tests), espeak-ng, sox, aplay and mpg123 (audio), PostgreSQL (the fleet's central tests). Installs what is missing when run as
# root with apt; otherwise prints the exact command and fails.
set -uo pipefail
missing=()
need() { command -v "$1" >/dev/null 2>&1 || missing+=("$2"); }
need socat socat
need mosquitto mosquitto
need mosquitto_sub mosquitto-clients
need chromium chromium
need espeak-ng espeak-ng
need sox sox
need soxi sox
need aplay alsa-utils
need mpg123 mpg123
need pg_isready postgresql-client
[ -n "${FRONTDESK_TEST_POSTGRES_URL:-}" ] || command -v pg_ctlcluster >/dev/null 2>&1 || missing+=(postgresql)
fc-list 2>/dev/null | grep -qi 'wqy\|noto sans cjk' || missing+=(fonts-wqy-microhei)
pg_running() {
  [ -n "${FRONTDESK_TEST_POSTGRES_URL:-}" ] || ! command -v pg_isready >/dev/null 2>&1 || pg_isready -q -h 127.0.0.1 -p 5432 || {
    echo "PostgreSQL is installed but not answering on 127.0.0.1:5432 (the fleet tests need it, trust auth for local TCP)."
    echo "Run:  sudo systemctl start postgresql   (or set FRONTDESK_TEST_POSTGRES_URL=postgres://user:pass@host:port/postgres)"
    return 1
  }
}
if [ ${#missing[@]} -eq 0 ]; then pg_running; exit $?; fi
mapfile -t pkgs < <(printf '%s\n' "${missing[@]}" libsox-fmt-all | sort -u)
cmd="apt-get update && apt-get install -y --no-install-recommends ${pkgs[*]}"
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
  echo "== installing system packages: ${pkgs[*]}"
  export DEBIAN_FRONTEND=noninteractive
  (apt-get update -qq && apt-get install -y -qq --no-install-recommends "${pkgs[@]}") >/tmp/frontdesk-apt.log 2>&1 \
    || { echo "apt-get failed (see /tmp/frontdesk-apt.log); run: sudo sh -c '$cmd'"; exit 1; }
  # mosquitto's package starts a broker on 1883 on some systems; the tests start their own.
  pg_running; exit $?
fi
echo "The tests need system packages that are missing: ${pkgs[*]}"
echo "Run:  sudo sh -c '$cmd'"
exit 1
