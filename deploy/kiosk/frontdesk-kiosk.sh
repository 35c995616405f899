#!/bin/sh
# Starts Chromium full screen on the front desk's kiosk screen once the service answers.
# Installed as /usr/local/bin/frontdesk-kiosk; started by the desktop session's autostart.
URL="${FRONTDESK_KIOSK_URL:-http://127.0.0.1:8080/kiosk}"
HEALTH="${URL%/*}/api/health"
BROWSER=$(command -v chromium-browser || command -v chromium)

# Wait (up to 2 minutes) for the service, so the screen does not show a browser error page.
wait_for_service() {
  i=0
  while [ $i -lt 120 ] && ! curl -fsS -o /dev/null "$HEALTH"; do sleep 1; i=$((i + 1)); done
}
wait_for_service

# Keep the screen on (X session; under Wayland the compositor's idle settings apply).
command -v xset >/dev/null 2>&1 && [ -n "$DISPLAY" ] && { xset s off; xset -dpms; xset s noblank; } 2>/dev/null

# A kiosk that lost power must not ask to "restore pages": clear the crash flag first.
PROFILE="$HOME/.config/chromium/Default/Preferences"
[ -f "$PROFILE" ] && sed -i 's/"exited_cleanly":false/"exited_cleanly":true/; s/"exit_type":"Crashed"/"exit_type":"Normal"/' "$PROFILE"

# Restart the browser if it ever exits (crash, OOM), with a short pause.
while true; do
  "$BROWSER" --kiosk --noerrdialogs --disable-infobars --no-first-run --disable-session-crashed-bubble \
    --disable-features=Translate --overscroll-history-navigation=0 --disable-pinch --check-for-update-interval=31536000 \
    --password-store=basic --ozone-platform-hint=auto --lang=zh-CN "$URL"
  sleep 3
  # The browser often exits because the whole Pi is restarting or the service is: wait again.
  wait_for_service
done
