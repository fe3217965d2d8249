#!/usr/bin/env bash
# Console and portal pages: server-side latency of every page on the demo data, signed in as the
# kursy administrator, with wrk (apt-get install wrk) on the same machine.
#
#   cargo build --release -p tutela && bench/web/run.sh
#
# Each page is requested for DURATION seconds over CONNECTIONS connections by one wrk thread (the
# second core is the server's); the script prints requests per second and the 50th, 90th and 99th
# percentile latency of each page. Latency here includes the HTTP round trip on loopback, so it
# bounds the rendering time from above. Results go to BENCHMARKS.md.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
bin=${TUTELA_BIN:-${CARGO_TARGET_DIR:-$root/target}/release/tutela}
duration=${DURATION:-10}
connections=${CONNECTIONS:-8}
port=${PORT:-18282}
url="http://127.0.0.1:$port"
dir=$(mktemp -d)

command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)" >&2; exit 2; }
[ -x "$bin" ] || { echo "no tutela binary at $bin: cargo build --release -p tutela" >&2; exit 2; }

"$bin" demo --data-dir "$dir/demo" --port "$port" >"$dir/demo.out" 2>"$dir/demo.err" &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$dir"' EXIT
for _ in $(seq 300); do curl -fs "$url/healthz" >/dev/null && break; sleep 0.1; done

# Sign in as a browser would: the form's double-submit token, then the session cookie.
jar="$dir/cookies"
form_token=$(curl -fs -c "$jar" "$url/console/sign-in" | sed -n 's/.*name="form_token" value="\([0-9a-f]*\)".*/\1/p')
curl -fs -b "$jar" -c "$jar" -o /dev/null "$url/console/sign-in" \
  --data-urlencode operator=kursy --data-urlencode email=admin@kursy.example \
  --data-urlencode password=tutela-demo --data-urlencode "form_token=$form_token"
session=$(awk '$6 == "tutela_session" { print $7 }' "$jar")
[ -n "$session" ] || { echo "sign-in failed" >&2; exit 1; }
cookie="Cookie: tutela_session=$session"
clock=$(curl -fs -H "$cookie" "$url/console" | sed -n 's|.*href="/console/clocks/\([0-9a-f-]*\)".*|\1|p' | head -1)
request=$(curl -fs -H "$cookie" "$url/console/requests" | sed -n 's|.*href="/console/requests/\([0-9a-f-]*\)".*|\1|p' | head -1)

# Sign a demo subject in to the portal: the code is read from the console's outbox (the demo shows it).
pjar="$dir/portal-cookies"
portal_form() { sed -n 's/.*name="form_token" value="\([0-9a-f]*\)".*/\1/p'; }
form_token=$(curl -fs -c "$pjar" "$url/portal/kursy/sign-in" | portal_form)
form_token=$(curl -fs -b "$pjar" -c "$pjar" "$url/portal/kursy/sign-in" \
  --data-urlencode email=daria.16@mail.example --data-urlencode "form_token=$form_token" | portal_form)
code=$(curl -fs -H "$cookie" "$url/console/outbox" | sed -n 's|.*<strong class="code"[^>]*>\([0-9]\{6\}\)</strong>.*|\1|p' | head -1)
curl -fs -b "$pjar" -c "$pjar" -o /dev/null "$url/portal/kursy/sign-in" --data-urlencode email=daria.16@mail.example \
  --data-urlencode "code=$code" --data-urlencode "form_token=$form_token"
portal=$(awk '$6 == "tutela_portal" { print $7 }' "$pjar")
[ -n "$portal" ] || { echo "portal sign-in failed" >&2; exit 1; }
cookie="$cookie; tutela_portal=$portal"

printf '%-34s %10s %8s %8s %8s\n' page req/s p50 p90 p99
for page in / /api /portal/kursy /console "/console/clocks/$clock" /console/journal /console/requests \
    "/console/requests/$request" "/console?lang=ru" "/portal/lexue?lang=zh-CN" /console/outbox \
    "/console/subjects?subject=16" /console/datamap /console/staff /console/incidents /portal/kursy/me \
    "/portal/kursy/me?lang=ru"; do
    out=$(wrk -t1 -c"$connections" -d"${duration}s" --latency -H "$cookie" "$url$page")
    rps=$(awk '/^Requests\/sec/ { print $2 }' <<<"$out")
    p50=$(awk '$1 == "50%" { print $2 }' <<<"$out")
    p90=$(awk '$1 == "90%" { print $2 }' <<<"$out")
    p99=$(awk '$1 == "99%" { print $2 }' <<<"$out")
    non2xx=$(awk '/Non-2xx/ { print $4 }' <<<"$out")
    [ -z "$non2xx" ] || { echo "$page answered $non2xx non-2xx responses" >&2; exit 1; }
    printf '%-34s %10s %8s %8s %8s\n' "${page:0:34}" "$rps" "$p50" "$p90" "$p99"
done
