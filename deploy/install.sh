#!/usr/bin/env bash
# Installs the front desk on a Raspberry Pi (Raspberry Pi OS Bookworm, 64-bit) from this checkout:
#   sudo deploy/install.sh [--kiosk-user USER] [--no-kiosk] [--dry-run]
# System packages, the "frontdesk" user (groups dialout, audio, plugdev, input), the app in
# /opt/frontdesk (built, dev packages pruned), /etc/frontdesk/frontdesk.yaml (kept if present),
# udev rules for stable device names, the systemd unit (enabled and started), and Chromium in
# kiosk mode on the touchscreen for the desktop user. Safe to run again to upgrade.
set -euo pipefail

APP_DIR=/opt/frontdesk
CONFIG=/etc/frontdesk/frontdesk.yaml
SERVICE_USER=frontdesk
KIOSK_USER="${SUDO_USER:-}"
KIOSK=1
DRY=0
SRC="$(cd "$(dirname "$0")/.." && pwd)"

while [ $# -gt 0 ]; do
  case "$1" in
    --kiosk-user) KIOSK_USER="$2"; shift 2 ;;
    --no-kiosk) KIOSK=0; shift ;;
    --dry-run) DRY=1; shift ;;
    -h|--help) sed -n '2,7p' "$0"; exit 0 ;;
    *) echo "install.sh: unknown option $1" >&2; exit 2 ;;
  esac
done

run() {
  if [ "$DRY" = 1 ]; then printf '+ %s\n' "$*"; else "$@"; fi
}
say() { printf '\n== %s\n' "$*"; }

if [ "$DRY" = 0 ] && [ "$(id -u)" -ne 0 ]; then
  echo "install.sh: run as root (sudo deploy/install.sh)" >&2
  exit 1
fi

say "system packages"
# Chromium is "chromium-browser" on older Raspberry Pi OS images and "chromium" on newer ones.
browser=chromium
apt-cache show chromium-browser >/dev/null 2>&1 && ! apt-cache show chromium >/dev/null 2>&1 && browser=chromium-browser
run apt-get update
# build-essential + python3: better-sqlite3 compiles from source on the Pi (about a minute).
# espeak-ng/sox/alsa-utils/mpg123: speech, chime and music; fonts-wqy-microhei: Chinese on screen.
run env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
  ca-certificates curl rsync build-essential python3 \
  espeak-ng sox alsa-utils mpg123 fonts-wqy-microhei "$browser"

say "Node.js (20 or newer)"
if ! command -v node >/dev/null 2>&1 || [ "$(node -p 'process.versions.node.split(".")[0]')" -lt 20 ]; then
  echo "install.sh: Node.js 20 or newer is needed (found: $(node --version 2>/dev/null || echo none))." >&2
  echo "  Install the Node.js project's Debian packages for Node 20 or 22, then run this script again." >&2
  [ "$DRY" = 1 ] || exit 1
fi
NODE_BIN="$(command -v node || echo /usr/bin/node)"

say "service user $SERVICE_USER"
if ! id "$SERVICE_USER" >/dev/null 2>&1; then
  run useradd --system --home-dir /var/lib/frontdesk --no-create-home --shell /usr/sbin/nologin "$SERVICE_USER"
fi
for group in dialout audio plugdev input; do
  getent group "$group" >/dev/null && run usermod -aG "$group" "$SERVICE_USER"
done

say "application in $APP_DIR"
run mkdir -p "$APP_DIR"
run rsync -a --delete --exclude .git --exclude node_modules --exclude data --exclude build \
  --exclude kiosk-ui/dist --exclude test/artifacts "$SRC/" "$APP_DIR/"
run bash -c "cd '$APP_DIR' && npm ci --no-audit --no-fund && npm run build && npm prune --omit=dev --no-audit --no-fund"
run chown -R root:root "$APP_DIR"

say "config $CONFIG"
run install -d -m 0750 -o root -g "$SERVICE_USER" /etc/frontdesk
if [ ! -f "$CONFIG" ]; then
  run install -m 0640 -o root -g "$SERVICE_USER" "$SRC/config/default.yaml" "$CONFIG"
  echo "  Wrote the demo config. Before opening: set staff PINs (frontdesk hash-pin PIN), devices, site."
else
  echo "  Kept the existing config."
fi
run install -d -m 0750 -o "$SERVICE_USER" -g "$SERVICE_USER" /var/lib/frontdesk

say "udev rules (/dev/frontdesk-printer, /dev/frontdesk-panel)"
run install -m 0644 "$SRC/deploy/99-frontdesk.rules" /etc/udev/rules.d/99-frontdesk.rules
run udevadm control --reload
run udevadm trigger --subsystem-match=tty --subsystem-match=hidraw

say "systemd unit"
if [ "$DRY" = 1 ]; then
  printf '+ install deploy/frontdesk.service -> /etc/systemd/system/frontdesk.service (node: %s)\n' "$NODE_BIN"
else
  sed "s#/usr/bin/node #$NODE_BIN #" "$SRC/deploy/frontdesk.service" >/etc/systemd/system/frontdesk.service
fi
run systemctl daemon-reload
run systemctl enable frontdesk.service
run systemctl restart frontdesk.service

if [ "$KIOSK" = 1 ]; then
  if [ -z "$KIOSK_USER" ] || ! id "$KIOSK_USER" >/dev/null 2>&1; then
    echo "install.sh: no desktop user for the kiosk (use --kiosk-user USER, or --no-kiosk)" >&2
    exit 2
  fi
  say "kiosk autostart for $KIOSK_USER"
  home="$(getent passwd "$KIOSK_USER" | cut -d: -f6)"
  run install -m 0755 "$SRC/deploy/kiosk/frontdesk-kiosk.sh" /usr/local/bin/frontdesk-kiosk
  # X11 session (LXDE-pi): XDG autostart.
  run install -d -o "$KIOSK_USER" "$home/.config/autostart"
  run install -m 0644 -o "$KIOSK_USER" "$SRC/deploy/kiosk/frontdesk-kiosk.desktop" "$home/.config/autostart/frontdesk-kiosk.desktop"
  # labwc (Bookworm's default Wayland compositor since late 2024).
  run install -d -o "$KIOSK_USER" "$home/.config/labwc"
  if ! grep -qs frontdesk-kiosk "$home/.config/labwc/autostart"; then
    if [ "$DRY" = 1 ]; then echo "+ append deploy/kiosk/labwc-autostart to $home/.config/labwc/autostart"; else
      grep -v '^#' "$SRC/deploy/kiosk/labwc-autostart" >>"$home/.config/labwc/autostart"
      chown "$KIOSK_USER" "$home/.config/labwc/autostart"
    fi
  fi
  # wayfire (Bookworm's first Wayland compositor): an [autostart] entry.
  if [ -f "$home/.config/wayfire.ini" ] && ! grep -qs frontdesk_kiosk "$home/.config/wayfire.ini"; then
    if [ "$DRY" = 1 ]; then echo "+ add frontdesk_kiosk to [autostart] in $home/.config/wayfire.ini"; else
      if grep -q '^\[autostart\]' "$home/.config/wayfire.ini"; then
        sed -i '/^\[autostart\]/a frontdesk_kiosk = /usr/local/bin/frontdesk-kiosk' "$home/.config/wayfire.ini"
      else
        printf '\n[autostart]\nfrontdesk_kiosk = /usr/local/bin/frontdesk-kiosk\n' >>"$home/.config/wayfire.ini"
      fi
    fi
  fi
  echo "  Turn on desktop autologin for $KIOSK_USER: sudo raspi-config → System Options → Boot / Auto Login."
fi

say "done"
echo "  status: systemctl status frontdesk    logs: journalctl -u frontdesk -f"
echo "  kiosk:  http://127.0.0.1:8080/kiosk   check a config: $NODE_BIN $APP_DIR/bin/frontdesk.js check-config $CONFIG"
