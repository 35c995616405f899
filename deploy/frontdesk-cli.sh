#!/bin/sh
# `frontdesk` for an installed desk (installed by deploy/install.sh as /usr/local/bin/frontdesk):
# the current release with the installed config and data dir, e.g. `sudo frontdesk backup`.
NODE=/usr/bin/node
export FRONTDESK_CONFIG="${FRONTDESK_CONFIG:-/etc/frontdesk/frontdesk.yaml}"
export FRONTDESK_DATA_DIR="${FRONTDESK_DATA_DIR:-/var/lib/frontdesk}"
exec "$NODE" /opt/frontdesk/current/bin/frontdesk.js "$@"
