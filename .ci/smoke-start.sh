#!/usr/bin/env bash
# Starts the system the way the README says (`npm start`, nothing configured), waits until every service's
# /health passes, stops it with SIGTERM, and checks that it exits cleanly and leaves no process behind.
set -euo pipefail
cd "$(dirname "$0")/.."
unset DATABASE_URL REDIS_URL AMQP_URL TEST_DATABASE_URL

log() { printf '[smoke] %s\n' "$*"; }
ports=(8000 8001 8002 8003 8004 8005 8006 8010)
output=$(mktemp)

setsid npm start >"$output" 2>&1 &
group=$!
cleanup() { kill -KILL -- "-$group" 2>/dev/null || true; }
trap cleanup EXIT

healthy=0
for _ in $(seq 1 180); do
  healthy=0
  for port in "${ports[@]}"; do
    status=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/health" || true)
    [ "$status" = 200 ] && healthy=$((healthy + 1))
  done
  [ "$healthy" -eq "${#ports[@]}" ] && break
  if ! kill -0 "$group" 2>/dev/null; then
    log 'npm start exited before the system was healthy:'; tail -n 60 "$output"; exit 1
  fi
  sleep 1
done
if [ "$healthy" -ne "${#ports[@]}" ]; then
  log "only $healthy of ${#ports[@]} services became healthy:"; tail -n 80 "$output"; exit 1
fi
log "all ${#ports[@]} services healthy"

kill -TERM -- "-$group"
for _ in $(seq 1 60); do kill -0 "$group" 2>/dev/null || break; sleep 1; done
if kill -0 "$group" 2>/dev/null; then
  log 'npm start did not stop within 60s of SIGTERM'; tail -n 40 "$output"; exit 1
fi
wait "$group" && code=0 || code=$?
leftover=$(pgrep -g "$group" || true)
if [ -n "$leftover" ]; then
  log "processes left behind: $leftover"; ps -o pid,cmd -p "$leftover" || true; exit 1
fi
for port in "${ports[@]}"; do
  if curl -s -o /dev/null "http://127.0.0.1:$port/alive"; then log "port $port still answers after stop"; exit 1; fi
done
log "stopped cleanly (exit code $code), no process left"
tail -n 15 "$output"
