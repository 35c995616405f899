#!/usr/bin/env bash
# npm run test:install — deploy/install.sh on a fresh Debian 12 (bookworm) booted with systemd:
# debootstrap a root file system, boot it with systemd-nspawn (host network), copy this machine's
# Node in, then install with --no-kiosk and check what an operator relies on: the unit, the user,
# file modes, /api/health, exit 2 on a broken config without a restart loop, restart after kill -9,
# an upgrade with /api/health answering throughout the build, rollback by hand and after a failed
# health check, backup and restore. Needs root, debootstrap and systemd-nspawn (installed with apt
# when missing and run as root), and network access to the Debian and npm mirrors.
#
# The debootstrapped base, downloaded .debs and the npm cache are kept in
# $FRONTDESK_INSTALL_TEST_CACHE (default /var/cache/frontdesk-install-test) to make later runs
# faster; --no-cache runs from nothing. Time limit: $FRONTDESK_INSTALL_TEST_TIMEOUT s (1800).
set -euo pipefail

if [ -z "${FRONTDESK_INSTALL_TEST_INNER:-}" ]; then
  # The whole run under a hard limit; the cleanup trap still runs when it strikes.
  FRONTDESK_INSTALL_TEST_INNER=1 exec timeout --kill-after=60 "${FRONTDESK_INSTALL_TEST_TIMEOUT:-1800}" bash "$0" "$@"
fi

REPO="$(cd "$(dirname "$0")/.." && pwd)"
CACHE="${FRONTDESK_INSTALL_TEST_CACHE:-/var/cache/frontdesk-install-test}"
USE_CACHE=1
[ "${1:-}" = --no-cache ] && USE_CACHE=0
SUITE=bookworm
MIRROR="${FRONTDESK_INSTALL_TEST_MIRROR:-http://deb.debian.org/debian}"
# What a fresh Debian with systemd needs to boot in a container; the installer brings the rest.
INCLUDE=systemd,systemd-sysv,dbus,ca-certificates
STARTED=$SECONDS

phase_start=$SECONDS
phase() { printf '\n== [%4ss] %s\n' "$((SECONDS - STARTED))" "$*"; phase_start=$SECONDS; }
ok() { printf '  ok   %s\n' "$*"; }
fail() {
  printf '  FAIL %s\n' "$*" >&2
  if [ -n "${LEADER:-}" ]; then
    echo "---- journal of frontdesk.service (last 30 lines)" >&2
    ct 'journalctl -u frontdesk.service -n 30 --no-pager' >&2 || true
  fi
  exit 1
}
check() { # check "what" command...: passes when the command succeeds
  local what="$1"; shift
  if "$@"; then ok "$what"; else fail "$what"; fi
}

# ---------------------------------------------------------------------------------------------
# What this test needs from the machine
# ---------------------------------------------------------------------------------------------
need_tools() {
  local missing=() packages=()
  for tool in debootstrap:debootstrap systemd-nspawn:systemd-container nsenter:util-linux rsync:rsync curl:curl; do
    command -v "${tool%%:*}" >/dev/null 2>&1 || { missing+=("${tool%%:*}"); packages+=("${tool#*:}"); }
  done
  if [ "$(id -u)" -ne 0 ]; then
    echo "test:install needs root: it debootstraps a Debian root file system and boots it with systemd-nspawn."
    echo "Run:  sudo npm run test:install"
    exit 2
  fi
  [ ${#missing[@]} -eq 0 ] && return 0
  if command -v apt-get >/dev/null; then
    echo "== installing ${packages[*]} (for ${missing[*]})"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${packages[@]}") >/tmp/frontdesk-install-test-apt.log 2>&1 && return 0
    echo "apt-get failed (see /tmp/frontdesk-install-test-apt.log)"
  fi
  echo "test:install needs ${missing[*]}: apt-get install ${packages[*]}"
  exit 2
}
need_tools

RUN="$(mktemp -d /var/tmp/frontdesk-install-test.XXXXXX)"
ROOT="$RUN/root"
NAME="fdtest-$$"
NSPAWN_PID=""
LEADER=""
POLLER=""
cleanup() {
  local code=$?
  set +e # every step of the cleanup runs, whatever already stopped
  [ -n "$POLLER" ] && kill "$POLLER" 2>/dev/null
  if [ -n "$NSPAWN_PID" ] && kill -0 "$NSPAWN_PID" 2>/dev/null; then
    # SIGTERM makes systemd-nspawn shut the container's systemd down cleanly.
    kill "$NSPAWN_PID" 2>/dev/null || true
    for _ in $(seq 40); do kill -0 "$NSPAWN_PID" 2>/dev/null || break; sleep 0.5; done
    kill -9 "$NSPAWN_PID" 2>/dev/null || true
    wait "$NSPAWN_PID" 2>/dev/null || true
  fi
  rm -rf "$RUN"
  printf '\n%s in %ss\n' "$([ $code -eq 0 ] && echo 'test:install passed' || echo "test:install FAILED (exit $code)")" "$((SECONDS - STARTED))"
  exit $code
}
trap cleanup EXIT
trap 'exit 143' TERM INT

if [ "$USE_CACHE" = 1 ] && ! mkdir -p "$CACHE" 2>/dev/null; then
  echo "  (cache $CACHE is not writable: running without it)"
  USE_CACHE=0
fi
[ "$USE_CACHE" = 1 ] || CACHE="$RUN/cache"
mkdir -p "$CACHE/apt-archives/partial" "$CACHE/npm"

# ---------------------------------------------------------------------------------------------
phase "Debian $SUITE root file system"
BASE="$CACHE/$SUITE-$(dpkg --print-architecture)-$(echo "$INCLUDE" | md5sum | cut -c1-8)"
(
  flock 9 # one debootstrap at a time; the others wait for its result
  if [ ! -x "$BASE/usr/lib/systemd/systemd" ]; then
    echo "  debootstrap $SUITE (minbase + $INCLUDE) from $MIRROR"
    rm -rf "$BASE.partial"
    if ! debootstrap --variant=minbase --include="$INCLUDE" "$SUITE" "$BASE.partial" "$MIRROR" >"$RUN/debootstrap.log" 2>&1; then
      tail -20 "$RUN/debootstrap.log"
      echo "debootstrap failed: it needs network access to $MIRROR (set FRONTDESK_INSTALL_TEST_MIRROR for another mirror)"
      exit 2
    fi
    mv -T "$BASE.partial" "$BASE"
  else
    echo "  cached: $BASE"
  fi
) 9>"$CACHE/.lock"
cp -a "$BASE" "$ROOT"
echo "frontdesk-test" >"$ROOT/etc/hostname"

# Node as this machine has it (the Pi gets it from the Node.js project's packages).
NODE_HOST="$(command -v node)"
NPM_HOST="$(dirname "$(readlink -f "$(command -v npm)")")/.."
install -m 0755 "$NODE_HOST" "$ROOT/usr/local/bin/node"
mkdir -p "$ROOT/usr/local/lib/node_modules"
cp -a "$(readlink -f "$NPM_HOST")" "$ROOT/usr/local/lib/node_modules/npm"
ln -s ../lib/node_modules/npm/bin/npm-cli.js "$ROOT/usr/local/bin/npm"
ln -s ../lib/node_modules/npm/bin/npx-cli.js "$ROOT/usr/local/bin/npx"
echo "  node $("$NODE_HOST" --version), npm $(npm --version) copied in"
# Where this machine builds native modules against local Node headers (npm's nodedir, as with
# no route to the headers' download site), the container gets the same headers and setting.
NODEDIR_HOST="$(npm config get nodedir 2>/dev/null || true)"
if [ -n "$NODEDIR_HOST" ] && [ "$NODEDIR_HOST" != undefined ] && [ -d "$NODEDIR_HOST/include/node" ]; then
  mkdir -p "$ROOT/usr/local/include"
  cp -a "$NODEDIR_HOST/include/node" "$ROOT/usr/local/include/node"
fi

# The container trusts what this machine trusts (e.g. the CA of a TLS-inspecting proxy in CI).
if compgen -G '/usr/local/share/ca-certificates/*.crt' >/dev/null; then
  cp /usr/local/share/ca-certificates/*.crt "$ROOT/usr/local/share/ca-certificates/"
  chroot "$ROOT" update-ca-certificates >/dev/null 2>&1 || true
fi
CT_ENV=()
[ -d "$ROOT/usr/local/include/node" ] && CT_ENV+=("npm_config_nodedir=/usr/local")
[ -n "${NODE_EXTRA_CA_CERTS:-}" ] && CT_ENV+=("NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt")
for proxy in http_proxy https_proxy no_proxy HTTP_PROXY HTTPS_PROXY NO_PROXY; do
  [ -n "${!proxy:-}" ] && CT_ENV+=("$proxy=${!proxy}")
done

# The checkout as a new user would have it: no node_modules, no build output.
rsync -a --exclude .git --exclude node_modules --exclude build --exclude kiosk-ui/dist --exclude test/artifacts \
  --exclude data --exclude .cache "$REPO/" "$ROOT/root/frontdesk/"

# The operator's own config, on a port nothing else uses here (the container shares the host network).
PORT="$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"
mkdir -p "$ROOT/etc/frontdesk"
sed -e "s/^  port: 8080\$/  port: $PORT/" -e 's/^mqtt: auto$/mqtt: "off"/' "$REPO/config/default.yaml" >"$ROOT/root/frontdesk.yaml"
grep -q "port: $PORT" "$ROOT/root/frontdesk.yaml" || fail "config/default.yaml no longer has 'port: 8080' under http: update this test"
HEALTH="http://127.0.0.1:$PORT/api/health"
echo "  (${SECONDS}s so far)"

# ---------------------------------------------------------------------------------------------
phase "boot it: systemd-nspawn -b --register=no --keep-unit (host network)"
systemd-nspawn -q -D "$ROOT" -M "$NAME" --register=no --keep-unit -b \
  --bind="$CACHE/apt-archives:/var/cache/apt/archives" --bind="$CACHE/npm:/root/.npm" \
  </dev/null >"$RUN/console.log" 2>&1 &
NSPAWN_PID=$!
for _ in $(seq 150); do
  for child in $(pgrep -P "$NSPAWN_PID" 2>/dev/null) "$NSPAWN_PID"; do
    LEADER="$(pgrep -P "$child" -x systemd 2>/dev/null | head -1 || true)"
    [ -n "$LEADER" ] && break 2
  done
  kill -0 "$NSPAWN_PID" 2>/dev/null || break
  sleep 0.2
done
if [ -z "$LEADER" ]; then
  tail -20 "$RUN/console.log"
  echo "systemd-nspawn could not boot the container. It needs root, a kernel that allows new namespaces and"
  echo "mounts here, and cgroups (on a host without systemd as PID 1: --register=no --keep-unit, as used)."
  exit 2
fi

# A command inside the container (as root, a clean login-like environment).
ct() {
  nsenter -t "$LEADER" -m -u -i -p -n -- /usr/bin/env -i HOME=/root LANG=C.UTF-8 TERM=dumb "${CT_ENV[@]}" \
    PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin /bin/bash -c "$1"
}
# Until systemd's own socket is up, systemctl cannot even ask: retry for up to 2 minutes.
state=""
for _ in $(seq 120); do
  state="$(timeout 60 nsenter -t "$LEADER" -m -u -i -p -n -- /bin/systemctl is-system-running --wait 2>/dev/null || true)"
  case "$state" in running|degraded|maintenance|stopping) break ;; esac
  sleep 1
done
case "$state" in running|degraded) ok "systemd in the container is $state" ;; *) tail -20 "$RUN/console.log"; fail "container systemd did not come up (state: ${state:-none})" ;; esac

# ---------------------------------------------------------------------------------------------
phase "preconditions are checked before any change"
out="$(ct 'cd /root/frontdesk && deploy/install.sh 2>&1' || echo "exit=$?")"
[[ "$out" == *"exit=2"* && "$out" == *"no desktop user for the kiosk"* && "$out" == *"nothing was changed"* ]] || { echo "$out"; fail "install.sh from a root shell without --kiosk-user exits 2 naming the missing kiosk user"; }
ok "install.sh from a root shell without a kiosk user: exit 2, nothing was changed"
check "…and nothing was: no user, no /opt/frontdesk, no unit" ct '! id frontdesk >/dev/null 2>&1 && [ ! -e /opt/frontdesk ] && [ ! -e /etc/systemd/system/frontdesk.service ]'
out="$(ct 'cd /root/frontdesk && deploy/install.sh --kiosk-user 2>&1' || echo "exit=$?")"
[[ "$out" == *"exit=2"* && "$out" == *"--kiosk-user needs a value"* ]] || { echo "$out"; fail "--kiosk-user without a value"; }
ok "--kiosk-user without a value: exit 2, \"--kiosk-user needs a value\""
out="$(ct 'cd /root/frontdesk && deploy/install.sh --kiosk-user root 2>&1' || echo "exit=$?")"
[[ "$out" == *"exit=2"* && "$out" == *"must not run as root"* ]] || { echo "$out"; fail "--kiosk-user root is refused"; }
ok "--kiosk-user root: refused before any change"

# ---------------------------------------------------------------------------------------------
phase "install.sh --no-kiosk (fresh system, the operator's config in place)"
ct "install -d -m 0755 /etc/frontdesk && install -m 0600 /root/frontdesk.yaml /etc/frontdesk/frontdesk.yaml"
if ! ct 'cd /root/frontdesk && deploy/install.sh --no-kiosk' >"$RUN/install-1.log" 2>&1; then
  tail -40 "$RUN/install-1.log"; fail "install.sh --no-kiosk"
fi
ok "install.sh --no-kiosk exit 0 ($((SECONDS - phase_start)) s)"
grep -q 'udev did not reload' "$RUN/install-1.log" && ok "no udevd in the container: a warning, and the install went on"
check "service active and enabled" ct 'systemctl is-active --quiet frontdesk && systemctl is-enabled --quiet frontdesk'
check "nightly backup timer enabled and waiting" ct 'systemctl is-enabled --quiet frontdesk-backup.timer && systemctl is-active --quiet frontdesk-backup.timer'
check "user frontdesk: system account, no login shell, in dialout and audio" \
  ct '[ "$(getent passwd frontdesk | cut -d: -f7)" = /usr/sbin/nologin ] && [ "$(id -u frontdesk)" -lt 1000 ] && id -nG frontdesk | grep -qw dialout && id -nG frontdesk | grep -qw audio'
check "service runs as frontdesk" ct '[ "$(stat -c %U /proc/"$(systemctl show -p MainPID --value frontdesk)")" = frontdesk ]'
modes="$(ct 'stat -c "%n %U:%G %a" /etc/frontdesk /etc/frontdesk/frontdesk.yaml /var/lib/frontdesk /opt/frontdesk/releases "$(readlink -f /opt/frontdesk/current)"')"
expected="/etc/frontdesk root:frontdesk 750
/etc/frontdesk/frontdesk.yaml root:frontdesk 640
/var/lib/frontdesk frontdesk:frontdesk 750"
[ "$(echo "$modes" | head -3)" = "$expected" ] || { echo "$modes"; fail "file modes"; }
echo "$modes" | tail -2 | grep -qv 'root:root 755' && { echo "$modes"; fail "releases are root:root 755"; }
ok "modes: config dir 750 and file 640 root:frontdesk, data 750 frontdesk, releases root 755"
check "nothing in the release is writable by the service user" ct '[ -z "$(runuser -u frontdesk -- find -L /opt/frontdesk/current/ -writable -print -quit 2>/dev/null)" ]'
check "/opt/frontdesk/current is a symlink into releases/" ct '[ -L /opt/frontdesk/current ] && readlink /opt/frontdesk/current | grep -q "^/opt/frontdesk/releases/"'
check "no Chromium with --no-kiosk" ct '! dpkg -s chromium >/dev/null 2>&1 && ! dpkg -s chromium-browser >/dev/null 2>&1'
check "on systemd 252 no restart-backoff drop-in" ct '[ "$(systemctl --version | awk "NR==1{print \$2}")" -ge 254 ] || [ ! -e /etc/systemd/system/frontdesk.service.d/restart-backoff.conf ]'
warnings="$(ct 'journalctl -b --no-pager' | grep -iE 'frontdesk.*(unknown key|mode is different|ignoring)' || true)"
[ -z "$warnings" ] || { echo "$warnings"; fail "systemd logs no warnings about the units"; }
ok "systemd logs no warnings about the units"
check "/api/health answers" curl -fsS --max-time 5 -o /dev/null "$HEALTH"
SERVICE_ID="$(grep -m1 -E '^  - id: ' "$REPO/config/default.yaml" | sed 's/.*id: *//; s/["'"'"']//g')"
take_ticket() { curl -fsS --max-time 5 -H 'content-type: application/json' -d "{\"service\":\"$SERVICE_ID\"}" "http://127.0.0.1:$PORT/api/tickets" | sed -n 's/.*"id":"\([^"]*\)".*/\1/p'; }
ticket_status() { curl -s -o /dev/null -w '%{http_code}' --max-time 5 "http://127.0.0.1:$PORT/api/tickets/$1"; }
TICKET_1="$(take_ticket)"
[ -n "$TICKET_1" ] || fail "take a ticket (service $SERVICE_ID)"
ok "ticket $TICKET_1 taken"

# ---------------------------------------------------------------------------------------------
phase "faults: a broken config stops with exit 2 and no restart loop; kill -9 restarts"
ct 'cp /etc/frontdesk/frontdesk.yaml /root/good.yaml && echo "colour: red" >>/etc/frontdesk/frontdesk.yaml && systemctl restart frontdesk'
sleep 8 # four times RestartSec: a restart loop would have restarted by now
show="$(ct 'systemctl show frontdesk -p ActiveState -p ExecMainStatus -p NRestarts | sort | paste -sd " "')"
[ "$show" = "ActiveState=failed ExecMainStatus=2 NRestarts=0" ] || fail "broken config: $show (expected: failed, exit 2, 0 restarts)"
ok "broken config: exit 2, 0 restarts, failed (operator must fix)"
ct 'journalctl -u frontdesk -n 20 --no-pager' | grep -q 'unknown key "colour"' && ok "the journal names the bad key"
ct 'install -m 0640 -o root -g frontdesk /root/good.yaml /etc/frontdesk/frontdesk.yaml && systemctl reset-failed frontdesk && systemctl start frontdesk'
wait_health() { for _ in $(seq "${1:-60}"); do curl -fsS --max-time 2 -o /dev/null "$HEALTH" && return 0; sleep 1; done; return 1; }
check "fixed config: answers again" wait_health 60
ct 'systemctl kill -s KILL frontdesk'
sleep 1
check "after kill -9: restarted and answering" wait_health 60
[ "$(ticket_status "$TICKET_1")" = 200 ] && ok "ticket $TICKET_1 still there after kill -9" || fail "ticket $TICKET_1 after kill -9"

# ---------------------------------------------------------------------------------------------
phase "upgrade to a newer build while the desk serves"
make_build() { # $1 folder, $2 version: a copy of the checkout as a newer build
  ct "rm -rf $1 && cp -a /root/frontdesk $1 && cd $1 && npm version $2 --no-git-tag-version --allow-same-version >/dev/null"
}
make_build /root/frontdesk-v2 0.1.1-test.2
RELEASE_1="$(ct 'readlink /opt/frontdesk/current')"
CONFIG_SUM="$(ct 'sha256sum /etc/frontdesk/frontdesk.yaml')"
( while :; do
    if curl -fsS --max-time 1 -o /dev/null "$HEALTH"; then echo "$(date +%s.%N) ok"; else echo "$(date +%s.%N) fail"; fi
    sleep 0.2
  done ) >"$RUN/poll.log" 2>/dev/null &
POLLER=$!
if ! ct 'cd /root/frontdesk-v2 && deploy/install.sh --no-kiosk' >"$RUN/install-2.log" 2>&1; then
  tail -40 "$RUN/install-2.log"; fail "upgrade"
fi
kill "$POLLER"; POLLER=""
ok "upgrade exit 0 ($((SECONDS - phase_start)) s)"
RELEASE_2="$(ct 'readlink /opt/frontdesk/current')"
[[ "$RELEASE_2" == */releases/0.1.1-test.2-* ]] || fail "current is the new release (is: $RELEASE_2)"
[ "$(ct 'readlink /opt/frontdesk/previous')" = "$RELEASE_1" ] || fail "previous is the old release"
ok "current → $(basename "$RELEASE_2"), previous → $(basename "$RELEASE_1")"
check "the running process is the new release" ct '[ "$(readlink /proc/$(systemctl show -p MainPID --value frontdesk)/cwd)" = "$(readlink /opt/frontdesk/current)" ]'
[ "$(ct 'sha256sum /etc/frontdesk/frontdesk.yaml')" = "$CONFIG_SUM" ] && ok "config unchanged" || fail "config unchanged by the upgrade"
[ "$(ticket_status "$TICKET_1")" = 200 ] && ok "data kept: ticket $TICKET_1" || fail "data kept across the upgrade"
# /api/health during the upgrade: answered at every poll but within the one restart at the switch.
read -r polls failed gaps longest < <(awk '
  { t = $1; if ($2 == "ok") { if (down) { gap = t - since; if (gap > longest) longest = gap; down = 0 } }
    else { failed++; if (!down) { down = 1; since = prev; gaps++ } } prev = t; n++ }
  END { printf "%d %d %d %.1f\n", n, failed, gaps, longest }' "$RUN/poll.log")
echo "  /api/health polled $polls times during the upgrade (every 0.2 s): $failed unanswered, in $gaps gap(s), longest ${longest} s"
[ "$polls" -ge 20 ] || fail "the health poller ran during the upgrade"
[ "$gaps" -le 1 ] && awk -v l="$longest" 'BEGIN { exit !(l <= 10) }' || fail "health answered throughout but for one restart of ≤ 10 s"
ok "health answered throughout the build; the switch's restart left it unanswered for ${longest} s"

# ---------------------------------------------------------------------------------------------
phase "rollback by hand: install.sh --rollback"
ct 'cd /root/frontdesk && deploy/install.sh --rollback' >"$RUN/rollback.log" 2>&1 || { cat "$RUN/rollback.log"; fail "install.sh --rollback"; }
[ "$(ct 'readlink /opt/frontdesk/current')" = "$RELEASE_1" ] && [ "$(ct 'readlink /opt/frontdesk/previous')" = "$RELEASE_2" ] || fail "rollback switches current and previous"
check "back on $(basename "$RELEASE_1"), answering" wait_health 10
check "the running process is the old release" ct '[ "$(readlink /proc/$(systemctl show -p MainPID --value frontdesk)/cwd)" = "'"$RELEASE_1"'" ]'

# ---------------------------------------------------------------------------------------------
phase "a release that does not answer /api/health is switched back by itself"
make_build /root/frontdesk-broken 0.1.2-test.3
ct "sed -i '2i if (process.argv[2] === \"serve\") { console.error(\"deliberately broken release\"); process.exit(1); }' /root/frontdesk-broken/bin/frontdesk.js"
set +e
ct 'cd /root/frontdesk-broken && deploy/install.sh --no-kiosk --health-timeout 20' >"$RUN/install-3.log" 2>&1
code=$?
set -e
[ $code -ne 0 ] || fail "install of a broken release reports failure"
grep -q 'switching back to' "$RUN/install-3.log" || { tail -30 "$RUN/install-3.log"; fail "the installer says it switches back"; }
ok "broken release: exit $code, \"switching back\""
[ "$(ct 'readlink /opt/frontdesk/current')" = "$RELEASE_1" ] || fail "current is the release before the broken one"
[ "$(ct 'readlink /opt/frontdesk/previous')" = "$RELEASE_2" ] || fail "previous is unchanged by the failed upgrade"
check "back on $(basename "$RELEASE_1"), answering" wait_health 10
[ "$(ticket_status "$TICKET_1")" = 200 ] && ok "data kept: ticket $TICKET_1" || fail "data kept across the failed upgrade"

# ---------------------------------------------------------------------------------------------
phase "backup (the timer's service) and restore"
ct 'systemctl start frontdesk-backup.service' || fail "frontdesk-backup.service runs"
BACKUP="$(ct 'ls -1d /var/lib/frontdesk/backups/frontdesk-backup-* | tail -1')"
[ -n "$BACKUP" ] || fail "a backup in /var/lib/frontdesk/backups"
check "backup $(basename "$BACKUP"): database, config, manifest, owned by frontdesk" \
  ct "[ -f $BACKUP/frontdesk.sqlite ] && [ -f $BACKUP/config/frontdesk.yaml ] && [ -f $BACKUP/manifest.json ] && [ \"\$(stat -c %U $BACKUP/frontdesk.sqlite)\" = frontdesk ]"
TICKET_2="$(take_ticket)"
[ -n "$TICKET_2" ] || fail "take a ticket after the backup"
out="$(ct "frontdesk restore $BACKUP 2>&1" || echo "exit=$?")"
[[ "$out" == *"exit=1"* && "$out" == *"refused: the service is running"* ]] || { echo "$out"; fail "restore is refused while the service runs"; }
ok "restore refused while the service runs"
ct "systemctl stop frontdesk && frontdesk restore $BACKUP" >"$RUN/restore.log" 2>&1 || { cat "$RUN/restore.log"; fail "restore with the service stopped"; }
check "restored database belongs to frontdesk" ct '[ "$(stat -c %U /var/lib/frontdesk/frontdesk.sqlite)" = frontdesk ]'
check "restored config keeps root:frontdesk 640" ct '[ "$(stat -c "%U:%G %a" /etc/frontdesk/frontdesk.yaml)" = "root:frontdesk 640" ]'
ct 'systemctl start frontdesk'
check "started after the restore" wait_health 60
[ "$(ticket_status "$TICKET_1")" = 200 ] && [ "$(ticket_status "$TICKET_2")" = 404 ] || fail "after the restore: ticket before the backup back (200), ticket after it gone (404)"
ok "the backed-up state is back: $TICKET_1 there, $TICKET_2 (taken after the backup) gone"
ct 'frontdesk backup --keep 2 && frontdesk backup --keep 2' >/dev/null || fail "sudo frontdesk backup --keep 2"
check "retention: --keep 2 leaves 2 backups, all owned by frontdesk" \
  ct '[ "$(ls -1d /var/lib/frontdesk/backups/frontdesk-backup-* | wc -l)" = 2 ] && [ -z "$(find /var/lib/frontdesk/backups ! -user frontdesk)" ]'

# ---------------------------------------------------------------------------------------------
phase "--dry-run changes nothing"
before="$(ct 'ls /opt/frontdesk/releases; readlink /opt/frontdesk/current; systemctl show -p MainPID --value frontdesk')"
out="$(ct 'cd /root/frontdesk && deploy/install.sh --no-kiosk --dry-run 2>&1')" || { echo "$out"; fail "--dry-run"; }
[[ "$out" == *"dry run: nothing was changed"* && "$out" != *"Wrote the demo config"* ]] || { echo "$out"; fail "--dry-run says what it would do"; }
[ "$(ct 'ls /opt/frontdesk/releases; readlink /opt/frontdesk/current; systemctl show -p MainPID --value frontdesk')" = "$before" ] || fail "--dry-run left releases, current and the service alone"
ok "--dry-run: printed the steps, changed nothing"
