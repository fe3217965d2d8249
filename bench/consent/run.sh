#!/usr/bin/env bash
# Consent ledger benchmark on SQLite: recording throughput, then the decision API against /healthz.
#
#   cargo build --release -p tutela && bench/consent/run.sh
#
# 1. Records SUBJECTS subjects × 5 purposes through POST /api/v1/consents with wrk (64 connections,
#    one subject's five choices per request) and reports acknowledged records per second.
# 2. Drives GET /api/v1/decision once with a cold decision cache, then GET /healthz, the decisions
#    again and /healthz again (random subject and purpose) for DURATION seconds each, 64 connections,
#    and reports requests per second and latency percentiles of each.
# wrk runs in its own process on the same machine (apt-get install wrk). Results go to BENCHMARKS.md.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
bin=${TUTELA_BIN:-${CARGO_TARGET_DIR:-$root/target}/release/tutela}
subjects=${SUBJECTS:-100000}
connections=${CONNECTIONS:-64}
# wrk threads for the /healthz and decision runs: one thread drives 64 connections at over 30,000
# requests/s and leaves the second core to the server (THREADS=2 makes wrk and the server contend).
threads=${THREADS:-1}
duration=${DURATION:-30}
record_seconds=${RECORD_SECONDS:-60}
port=${PORT:-18181}
url="http://127.0.0.1:$port"
dir=$(mktemp -d)

command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)" >&2; exit 2; }
[ -x "$bin" ] || { echo "no tutela binary at $bin: cargo build --release -p tutela" >&2; exit 2; }

"$bin" operator create --data-dir "$dir" --slug bench --name "Bench Ltd" >/dev/null
token=$("$bin" token issue --data-dir "$dir" --operator bench --name bench --roles admin 2>/dev/null | tail -n 1)
"$bin" serve --data-dir "$dir" --port "$port" --no-scheduler \
  --decision-cache-subjects "${CACHE_SUBJECTS:-100000}" >"$dir/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$dir"' EXIT
for _ in $(seq 100); do curl -fs "$url/healthz" >/dev/null && break; sleep 0.1; done

auth=(-H "Authorization: Bearer $token" -H "Content-Type: application/json")
python3 -c 'import json,sys; print(json.dumps({"files": [{"name": "datamap.yaml", "text": open(sys.argv[1]).read()}]}))' \
  "$here/datamap.yaml" | curl -fs -X PUT "${auth[@]}" --data-binary @- "$url/api/v1/datamap" >/dev/null
notice=$(curl -fs -X PUT "${auth[@]}" -d '{"text": "We will send you news. You may withdraw at any time.", "language": "en"}' \
  "$url/api/v1/consent-notices" | python3 -c 'import json,sys; print(json.load(sys.stdin)["sha256"])')

# wrk prints "N requests in Xs"; this sums them up across the recording runs.
count_requests() { awk '/requests in/ { print $1 }' "$1"; }
non_2xx() { awk '/Non-2xx/ { print $5 }' "$1"; }

echo "== recording $subjects subjects x 5 purposes ($connections connections)"
acknowledged=0 # requests answered 201, each 5 records
next=0         # the subject the next run starts at
started=$(date +%s.%N)
while [ "$next" -le "$subjects" ]; do
  # One wrk thread numbers the subjects in one sequence. A run's answered requests need not be the
  # first ones sent: up to one per connection may still be in flight when wrk stops (and the server
  # drops them with the connection), so the next run starts that many subjects back and records them
  # again, which leaves no subject below SUBJECTS unrecorded for the decisions to ask about.
  TOKEN=$token NOTICE=$notice OFFSET=$next THREADS=1 \
    wrk -t1 -c"$connections" -d"${record_seconds}s" -s "$here/record.lua" "$url" >"$dir/record.txt"
  requests=$(count_requests "$dir/record.txt")
  failed=$(non_2xx "$dir/record.txt")
  [ -z "$failed" ] || { echo "recording: $failed responses were not 2xx" >&2; cat "$dir/record.txt" >&2; exit 1; }
  acknowledged=$((acknowledged + requests))
  next=$((next + requests - connections))
  grep -E "Requests/sec|Latency " "$dir/record.txt" | sed 's/^/  /'
done
elapsed=$(echo "$(date +%s.%N) - $started" | bc)
echo "recorded $acknowledged requests = $((acknowledged * 5)) acknowledged records in ${elapsed}s:" \
  "$(echo "$acknowledged * 5 / $elapsed" | bc) records/s"

curl -fs "${auth[@]}" "$url/api/v1/decision?subject=s1&purpose=p1" >/dev/null || { echo "decision failed" >&2; exit 1; }

run() { # name, then wrk's arguments
  local name=$1; shift
  wrk -t"$threads" -c"$connections" -d"${duration}s" --latency "$@" >"$dir/$name.txt"
  local rps p50 p99 errors
  rps=$(awk '/Requests\/sec/ { print $2 }' "$dir/$name.txt")
  p50=$(awk '$1 == "50%" { print $2 }' "$dir/$name.txt")
  p99=$(awk '$1 == "99%" { print $2 }' "$dir/$name.txt")
  errors=$(non_2xx "$dir/$name.txt")
  printf '%-9s %10s req/s   p50 %8s   p99 %8s   non-2xx %s\n' "$name" "$rps" "$p50" "$p99" "${errors:-0}"
}

rss_mib() { echo $(($(ps -o rss= -p "$server") / 1024)); }

echo "== decisions vs /healthz ($connections connections, ${duration}s each)"
echo "server resident memory before: $(rss_mib) MiB"
# The first decision run meets a cold cache (each subject's first decision reads the database); the
# second one, measured between the two /healthz runs, meets the cache as a server that has been up
# for a while does. /healthz itself reads the database once (SELECT 1).
TOKEN=$token SUBJECTS=$subjects run cold -s "$here/decide.lua" "$url"
run healthz "$url/healthz"
TOKEN=$token SUBJECTS=$subjects run decision -s "$here/decide.lua" "$url"
run healthz2 "$url/healthz"
echo "server resident memory after: $(rss_mib) MiB (the decision cache holds up to ${CACHE_SUBJECTS:-100000} subjects)"
