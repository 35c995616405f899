#!/usr/bin/env bash
# Installs or upgrades the front desk on a Raspberry Pi (Raspberry Pi OS / Debian 12 Bookworm) from this checkout:
#   sudo deploy/install.sh [--kiosk-user USER | --no-kiosk] [--health-timeout SEC] [--allow-incompatible-migrations] [--dry-run]
#   sudo deploy/install.sh --rollback [--health-timeout SEC]
# Every precondition is checked before anything changes. Each run builds a new release beside the
# running one (/opt/frontdesk/releases/<version>-<time>), checks the database migrations against
# the running release, then switches /opt/frontdesk/current atomically and restarts; when the new
# release does not answer /api/health in time it switches back by itself. --rollback returns to the
# previous release. Config (/etc/frontdesk) and data (/var/lib/frontdesk) are kept.
set -euo pipefail

BASE=/opt/frontdesk
RELEASES="$BASE/releases"
CONFIG=/etc/frontdesk/frontdesk.yaml
DATA_DIR=/var/lib/frontdesk
SERVICE_USER=frontdesk
UNIT_DIR=/etc/systemd/system
KEEP_RELEASES=3
MIN_FREE_MB=700
KIOSK_USER=""
KIOSK=1
DRY=0
MODE=install
HEALTH_TIMEOUT=90
ALLOW_INCOMPATIBLE=0
SRC="$(cd "$(dirname "$0")/.." && pwd)"

die() { echo "install.sh: $1" >&2; exit "${2:-1}"; }
usage_error() { die "$1 (see: deploy/install.sh --help)" 2; }
say() { printf '\n== [%ss] %s\n' "$SECONDS" "$*"; }
run() { if [ "$DRY" = 1 ]; then printf '+ %s\n' "$*"; else "$@"; fi; }
value_of() { # an option's value must be there and must not be the next option
  [ $# -ge 2 ] && [ -n "$2" ] && [ "${2#--}" = "$2" ] || usage_error "$1 needs a value"
}

while [ $# -gt 0 ]; do
  case "$1" in
    --kiosk-user) value_of "$@"; KIOSK_USER="$2"; shift 2 ;;
    --no-kiosk) KIOSK=0; shift ;;
    --health-timeout) value_of "$@"; HEALTH_TIMEOUT="$2"; shift 2 ;;
    --allow-incompatible-migrations) ALLOW_INCOMPATIBLE=1; shift ;;
    --rollback) MODE=rollback; shift ;;
    --dry-run) DRY=1; shift ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) usage_error "unknown option $1" ;;
  esac
done
case "$HEALTH_TIMEOUT" in ''|*[!0-9]*) usage_error "--health-timeout takes whole seconds" ;; esac

# ---------------------------------------------------------------------------------------------
# Preconditions: all of them, before the first change.
# ---------------------------------------------------------------------------------------------
problems=()
problem() { problems+=("$1"); }

[ "$DRY" = 1 ] || [ "$(id -u)" -eq 0 ] || problem "run as root: sudo deploy/install.sh"
[ -d /run/systemd/system ] && command -v systemctl >/dev/null || problem "systemd is not running here (the service is a systemd unit)"

NODE_BIN="$(command -v node || true)"
if [ -z "$NODE_BIN" ] || [ "$("$NODE_BIN" -p 'process.versions.node.split(".")[0]')" -lt 20 ]; then
  problem "Node.js 20 or newer is needed (found: $("$NODE_BIN" --version 2>/dev/null || echo none)); on a Pi install Node 22 or 24 LTS from the Node.js project's Debian packages (Bookworm's own nodejs is 18)"
fi

if [ "$MODE" = rollback ]; then
  [ -L "$BASE/previous" ] && [ -d "$BASE/previous/" ] || problem "no previous release to roll back to ($BASE/previous is missing)"
  [ -L "$BASE/current" ] || problem "no current release ($BASE/current is missing): nothing is installed"
  if [ -e "$BASE/current/.one-way-migration" ]; then
    problem "the current release migrated the database in a way the previous release cannot read: restore the backup taken before the upgrade instead (see README: Backups and restores)"
  fi
else
  command -v npm >/dev/null || problem "npm is missing (it comes with the Node.js packages)"
  command -v apt-get >/dev/null || problem "apt-get is missing: this installer is for Debian / Raspberry Pi OS"
  [ -f "$SRC/package.json" ] && [ -f "$SRC/package-lock.json" ] || problem "$SRC is not a frontdesk checkout (package.json or package-lock.json missing)"
  free_mb=$(df -Pm "$(dirname "$BASE")" | awk 'NR==2 {print $4}')
  [ "${free_mb:-0}" -ge "$MIN_FREE_MB" ] || problem "$(dirname "$BASE") has ${free_mb:-0} MB free; a release build needs $MIN_FREE_MB MB"
  if [ "$KIOSK" = 1 ]; then
    # sudo from a root shell sets SUDO_USER=root: that is not a desktop user.
    [ -n "$KIOSK_USER" ] || [ "${SUDO_USER:-root}" = root ] || KIOSK_USER="$SUDO_USER"
    if [ -z "$KIOSK_USER" ]; then
      problem "no desktop user for the kiosk: name the account that logs in on the touchscreen with --kiosk-user USER, or install without the kiosk: --no-kiosk"
    elif ! id "$KIOSK_USER" >/dev/null 2>&1; then
      problem "--kiosk-user $KIOSK_USER: no such user"
    elif [ "$(id -u "$KIOSK_USER")" -eq 0 ]; then
      problem "--kiosk-user $KIOSK_USER: the kiosk must not run as root; name the desktop user (e.g. pi)"
    else
      KIOSK_HOME="$(getent passwd "$KIOSK_USER" | cut -d: -f6)"
      [ -d "$KIOSK_HOME" ] || problem "--kiosk-user $KIOSK_USER: home directory $KIOSK_HOME does not exist"
    fi
  fi
fi

if [ ${#problems[@]} -gt 0 ]; then
  echo "install.sh: nothing was changed, because:" >&2
  printf '  - %s\n' "${problems[@]}" >&2
  exit 2
fi
[ -n "$NODE_BIN" ] || NODE_BIN=/usr/bin/node

# ---------------------------------------------------------------------------------------------
# Release switching (install and rollback)
# ---------------------------------------------------------------------------------------------

# The health URL from the config the service uses (host 0.0.0.0 is reached on 127.0.0.1).
health_url() {
  local release="$1"
  FRONTDESK_DATA_DIR="$DATA_DIR" "$NODE_BIN" --input-type=module -e "
    const { loadConfig } = await import('$release/build/config/load-config.js');
    const { host, port } = loadConfig('$CONFIG').config.http;
    console.log('http://' + (host === '0.0.0.0' ? '127.0.0.1' : host) + ':' + port + '/api/health');
  " 2>/dev/null || echo "http://127.0.0.1:8080/api/health"
}

# Waits up to HEALTH_TIMEOUT seconds for the restarted service to answer /api/health.
wait_healthy() {
  local url="$1" deadline=$((SECONDS + HEALTH_TIMEOUT))
  while [ $SECONDS -lt $deadline ]; do
    if systemctl is-active --quiet frontdesk.service && curl -fsS --max-time 2 -o /dev/null "$url"; then return 0; fi
    sleep 1
  done
  return 1
}

# Points $BASE/<link> at a release in one rename(2): the link is never missing or half-written.
point() {
  local link="$1" target="$2"
  ln -sfn "$target" "$BASE/.$link.new"
  mv -T "$BASE/.$link.new" "$BASE/$link"
}

# Makes $1 the current release and restarts; on no health within the limit, switches back.
switch_to() {
  local new="$1" old older
  old="$(readlink "$BASE/current" 2>/dev/null || true)"
  older="$(readlink "$BASE/previous" 2>/dev/null || true)"
  [ "$DRY" = 1 ] && { echo "+ switch $BASE/current -> $new (was: ${old:-none}), restart, wait for /api/health up to ${HEALTH_TIMEOUT}s"; return 0; }
  [ -n "$old" ] && [ "$old" != "$new" ] && point previous "$old"
  point current "$new"
  systemctl reset-failed frontdesk.service 2>/dev/null || true
  systemctl restart frontdesk.service || true
  local url
  url="$(health_url "$BASE/current")"
  if wait_healthy "$url"; then
    echo "  $(basename "$new") answers $url"
    return 0
  fi
  echo "install.sh: $(basename "$new") did not answer $url within ${HEALTH_TIMEOUT}s; last service log:" >&2
  journalctl -u frontdesk.service -n 15 --no-pager >&2 2>/dev/null || true
  if [ -z "$old" ] || [ "$old" = "$new" ]; then return 1; fi
  echo "install.sh: switching back to $(basename "$old")" >&2
  point current "$old"
  if [ -n "$older" ] && [ "$older" != "$new" ]; then point previous "$older"; else point previous "$new"; fi
  systemctl reset-failed frontdesk.service 2>/dev/null || true
  systemctl restart frontdesk.service || true
  if wait_healthy "$(health_url "$BASE/current")"; then
    echo "install.sh: back on $(basename "$old"), which answers; $(basename "$new") stays in $RELEASES for a look" >&2
  else
    echo "install.sh: $(basename "$old") does not answer either: see journalctl -u frontdesk -e" >&2
  fi
  return 1
}

if [ "$MODE" = rollback ]; then
  say "rollback"
  target="$(readlink "$BASE/previous")"
  echo "  from $(basename "$(readlink "$BASE/current")") to $(basename "$target")"
  switch_to "$target" || exit 1
  say "done"
  exit 0
fi

# ---------------------------------------------------------------------------------------------
# Install / upgrade
# ---------------------------------------------------------------------------------------------
VERSION="$("$NODE_BIN" -p "require('$SRC/package.json').version")"
RELEASE="$VERSION-$(date -u +%Y%m%d-%H%M%S)"
NEW="$RELEASES/$RELEASE"
first_install=1
[ -L "$BASE/current" ] && first_install=0

say "system packages"
packages=(ca-certificates curl rsync build-essential python3 espeak-ng sox alsa-utils mpg123 fonts-wqy-microhei)
if [ "$KIOSK" = 1 ]; then
  # Chromium is "chromium-browser" on older Raspberry Pi OS images and "chromium" on newer ones.
  browser=chromium
  apt-cache show chromium-browser >/dev/null 2>&1 && ! apt-cache show chromium >/dev/null 2>&1 && browser=chromium-browser
  packages+=("$browser")
fi
# build-essential + python3: better-sqlite3 compiles from source when no prebuilt binary fits.
# espeak-ng/sox/alsa-utils/mpg123: speech, chime and music; fonts-wqy-microhei: Chinese on screen.
run apt-get update
run env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${packages[@]}"

say "service user $SERVICE_USER"
if ! id "$SERVICE_USER" >/dev/null 2>&1; then
  run useradd --system --home-dir "$DATA_DIR" --no-create-home --shell /usr/sbin/nologin "$SERVICE_USER"
fi
# The unit names these groups (SupplementaryGroups): systemd refuses to start it if one is missing,
# as plugdev or input can be on a Debian without a desktop or udev.
for group in dialout audio plugdev input; do
  getent group "$group" >/dev/null || run groupadd --system "$group"
  run usermod -aG "$group" "$SERVICE_USER"
done

say "release $RELEASE (built beside the running one)"
run mkdir -p "$RELEASES"
run rsync -a --delete --exclude .git --exclude node_modules --exclude data --exclude build --exclude .cache \
  --exclude kiosk-ui/dist --exclude test/artifacts "$SRC/" "$NEW.partial/"
# Same lock file, same Node ABI and machine as the running release: start from its installed
# packages (native modules already compiled, which takes minutes on a Pi) and add the build tools.
# (The lock's own version field changes with every release: it is left out of the comparison.)
BUILD_KEY="$("$NODE_BIN" -e '
  const lock = require(process.argv[1]); delete lock.version; delete (lock.packages?.[""] ?? {}).version;
  console.log(require("crypto").createHash("sha256").update(JSON.stringify(lock)).digest("hex").slice(0, 16));
' "$SRC/package-lock.json")-node-abi-$("$NODE_BIN" -p process.versions.modules)-$(uname -m)"
if [ -f "$BASE/current/.build-key" ] && [ "$(cat "$BASE/current/.build-key")" = "$BUILD_KEY" ] && [ -d "$BASE/current/node_modules" ]; then
  echo "  packages unchanged since $(basename "$(readlink "$BASE/current")"): reusing its compiled modules"
  run cp -a "$BASE/current/node_modules" "$NEW.partial/node_modules"
  install_packages="npm install --no-audit --no-fund --prefer-offline --no-save"
else
  install_packages="npm ci --no-audit --no-fund --prefer-offline"
fi
run bash -c "cd '$NEW.partial' && $install_packages && npm run build && npm prune --omit=dev --no-audit --no-fund"
if [ "$DRY" = 0 ]; then echo "$BUILD_KEY" >"$NEW.partial/.build-key"; fi
run chown -R root:root "$NEW.partial"
run mv -T "$NEW.partial" "$NEW"

say "database migrations"
# Before anything else changes: run from the new release, as the service user (files in the
# data dir stay the service's); a backup is taken when there are migrations to apply.
check_args=(--config "$CONFIG")
[ "$ALLOW_INCOMPATIBLE" = 1 ] && check_args+=(--allow-incompatible)
if [ ! -f "$DATA_DIR/frontdesk.sqlite" ] || [ ! -f "$CONFIG" ]; then
  echo "  no database yet: nothing to migrate"
elif [ "$DRY" = 1 ]; then
  echo "+ $NEW/bin/frontdesk.js upgrade-check ${check_args[*]} (as $SERVICE_USER)"
else
  set +e
  check_output="$(runuser -u "$SERVICE_USER" -- env FRONTDESK_DATA_DIR="$DATA_DIR" "$NODE_BIN" "$NEW/bin/frontdesk.js" upgrade-check "${check_args[@]}" 2>&1)"
  check_status=$?
  set -e
  printf '%s\n' "$check_output" | sed 's/^/  /'
  if [ $check_status -ne 0 ]; then
    rm -rf "$NEW"
    die "upgrade refused before the switch: the running release keeps running, unchanged"
  fi
  if printf '%s\n' "$check_output" | grep -q 'could not use the database'; then touch "$NEW/.one-way-migration"; fi
fi

say "config $CONFIG"
run install -d -m 0750 -o root -g "$SERVICE_USER" /etc/frontdesk
if [ -f "$CONFIG" ]; then
  # The service reads it through its group; nobody else may (PIN hashes, MQTT password).
  run chown root:"$SERVICE_USER" "$CONFIG"
  run chmod 0640 "$CONFIG"
  echo "  Kept the existing config (root:$SERVICE_USER, 0640)."
elif [ "$DRY" = 1 ]; then
  echo "  Would write the demo config (no config yet)."
else
  install -m 0640 -o root -g "$SERVICE_USER" "$SRC/config/default.yaml" "$CONFIG"
  echo "  Wrote the demo config. Before opening: set staff PINs (frontdesk hash-pin PIN), devices, site."
fi
run install -d -m 0750 -o "$SERVICE_USER" -g "$SERVICE_USER" "$DATA_DIR"

say "udev rules (/dev/frontdesk-printer, /dev/frontdesk-panel)"
run install -D -m 0644 "$SRC/deploy/99-frontdesk.rules" /etc/udev/rules.d/99-frontdesk.rules
# No udevd in containers, chroots and image builds: the rules apply at the next boot.
if [ "$DRY" = 0 ] && ! { udevadm control --reload && udevadm trigger --subsystem-match=tty --subsystem-match=hidraw; } 2>/dev/null; then
  echo "  warning: udev did not reload (no udevd here?); the rules take effect at the next boot." >&2
fi

say "systemd units"
install_unit() { # $1: file in deploy/, $2: target path; uses the node this installer found
  if [ "$DRY" = 1 ]; then printf '+ install deploy/%s -> %s (node: %s)\n' "$1" "$2" "$NODE_BIN"; return; fi
  sed "s#/usr/bin/node #$NODE_BIN #" "$SRC/deploy/$1" >"$2.new" && chmod 0644 "$2.new" && mv -T "$2.new" "$2"
}
install_unit frontdesk.service "$UNIT_DIR/frontdesk.service"
install_unit frontdesk-backup.service "$UNIT_DIR/frontdesk-backup.service"
install_unit frontdesk-backup.timer "$UNIT_DIR/frontdesk-backup.timer"
# The growing restart delay needs systemd >= 254 (Bookworm has 252, which would warn on each start).
systemd_version="$(systemctl --version | awk 'NR == 1 {print $2}')"
if [ "${systemd_version%%.*}" -ge 254 ]; then
  run install -d "$UNIT_DIR/frontdesk.service.d"
  install_unit frontdesk.service.d/restart-backoff.conf "$UNIT_DIR/frontdesk.service.d/restart-backoff.conf"
else
  run rm -f "$UNIT_DIR/frontdesk.service.d/restart-backoff.conf"
fi
run install -m 0755 "$SRC/deploy/frontdesk-cli.sh" /usr/local/bin/frontdesk
run sed -i "s#^NODE=.*#NODE=$NODE_BIN#" /usr/local/bin/frontdesk
run systemctl daemon-reload
run systemctl enable frontdesk.service frontdesk-backup.timer
run systemctl start frontdesk-backup.timer

say "switch to $RELEASE"
if [ "$DRY" = 0 ] && [ -e "$BASE/package.json" ] && [ ! -L "$BASE/current" ]; then
  # An install from before side-by-side releases: its files become a release to roll back to.
  legacy="$RELEASES/in-place-$(date -u +%Y%m%d-%H%M%S)"
  mkdir "$legacy"
  find "$BASE" -mindepth 1 -maxdepth 1 ! -name releases ! -name current ! -name previous -exec mv -t "$legacy" {} +
  point current "$legacy"
fi
if ! switch_to "$NEW"; then
  [ "$first_install" = 1 ] && die "the service does not answer; see journalctl -u frontdesk -e and check the config: frontdesk check-config $CONFIG"
  die "upgrade failed and was rolled back"
fi

if [ "$DRY" = 0 ]; then
  # Keep the newest releases (always the current and the previous one).
  current="$(readlink -f "$BASE/current")"; previous="$(readlink -f "$BASE/previous" 2>/dev/null || true)"
  ls -1dt "$RELEASES"/*/ 2>/dev/null | sed 's#/$##' | tail -n +$((KEEP_RELEASES + 1)) | while read -r old; do
    [ "$old" = "$current" ] || [ "$old" = "$previous" ] || rm -rf "$old"
  done
fi

if [ "$KIOSK" = 1 ]; then
  say "kiosk autostart for $KIOSK_USER"
  run install -m 0755 "$SRC/deploy/kiosk/frontdesk-kiosk.sh" /usr/local/bin/frontdesk-kiosk
  # X11 session (LXDE-pi): XDG autostart.
  run install -d -o "$KIOSK_USER" "$KIOSK_HOME/.config/autostart"
  run install -m 0644 -o "$KIOSK_USER" "$SRC/deploy/kiosk/frontdesk-kiosk.desktop" "$KIOSK_HOME/.config/autostart/frontdesk-kiosk.desktop"
  # labwc (Bookworm's default Wayland compositor since late 2024).
  run install -d -o "$KIOSK_USER" "$KIOSK_HOME/.config/labwc"
  if ! grep -qs frontdesk-kiosk "$KIOSK_HOME/.config/labwc/autostart"; then
    if [ "$DRY" = 1 ]; then echo "+ append deploy/kiosk/labwc-autostart to $KIOSK_HOME/.config/labwc/autostart"; else
      grep -v '^#' "$SRC/deploy/kiosk/labwc-autostart" >>"$KIOSK_HOME/.config/labwc/autostart"
      chown "$KIOSK_USER" "$KIOSK_HOME/.config/labwc/autostart"
    fi
  fi
  # wayfire (Bookworm's first Wayland compositor): an [autostart] entry.
  if [ -f "$KIOSK_HOME/.config/wayfire.ini" ] && ! grep -qs frontdesk_kiosk "$KIOSK_HOME/.config/wayfire.ini"; then
    if [ "$DRY" = 1 ]; then echo "+ add frontdesk_kiosk to [autostart] in $KIOSK_HOME/.config/wayfire.ini"; else
      if grep -q '^\[autostart\]' "$KIOSK_HOME/.config/wayfire.ini"; then
        sed -i '/^\[autostart\]/a frontdesk_kiosk = /usr/local/bin/frontdesk-kiosk' "$KIOSK_HOME/.config/wayfire.ini"
      else
        printf '\n[autostart]\nfrontdesk_kiosk = /usr/local/bin/frontdesk-kiosk\n' >>"$KIOSK_HOME/.config/wayfire.ini"
      fi
    fi
  fi
  echo "  Turn on desktop autologin for $KIOSK_USER: sudo raspi-config → System Options → Boot / Auto Login."
fi

say "done"
[ "$DRY" = 1 ] && echo "  (dry run: nothing was changed)"
echo "  release: $RELEASE    status: systemctl status frontdesk    logs: journalctl -u frontdesk -f"
echo "  check a config: frontdesk check-config $CONFIG    back up: sudo frontdesk backup    roll back: sudo deploy/install.sh --rollback"
