#!/usr/bin/env bash
# Throughput of `tutela scan --database` (rows and cell bytes per second) on a generated table of
# customers, in SQLite and (when TUTELA_BENCH_POSTGRES_URL is set) PostgreSQL, full and sampled.
#
#   bench/pii-db/run.sh [ROWS] [TUTELA_BINARY]
#
# ROWS defaults to 200000; the binary to target/debug/tutela (CARGO_TARGET_DIR honoured). Each row has
# an e-mail address, a phone number, a taxpayer number in an integer column, an IP address, a
# 60-byte comment that mentions a phone number on every tenth row, and a timestamp; a third of the
# cells are personal data. Needs sqlite3 (and psql for PostgreSQL). Prints the scan's own summary
# line (rows, seconds, rows/s), and the process's CPU seconds from /usr/bin/time.
set -euo pipefail
rows=${1:-200000}
bin=${2:-${CARGO_TARGET_DIR:-target}/debug/tutela}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

generate_sql() {
  cat <<SQL
CREATE TABLE customers (id INTEGER PRIMARY KEY, email TEXT, phone TEXT, inn BIGINT, last_ip TEXT, comment TEXT,
  created_at TEXT);
INSERT INTO customers
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $rows)
SELECT i, 'user' || i || '@example.org', '+7 916 ' || (1000000 + i % 8999999), 7707083893,
  '10.' || (i % 250) || '.' || (i % 200) || '.' || (i % 100 + 1),
  CASE WHEN i % 10 = 0 THEN 'перезвонить по номеру +7 495 123-45-67 после обеда' ELSE 'доставка до двери, без звонка заранее' END,
  '2024-05-01 10:00:00'
FROM n;
SQL
}

generate_sql | sqlite3 "$dir/bench.sqlite3"
bytes=$(sqlite3 "$dir/bench.sqlite3" "SELECT sum(length(email) + length(phone) + length(inn) + length(last_ip) + length(comment) + length(created_at) + length(id)) FROM customers")
echo "SQLite: $rows rows, $bytes bytes of cell text"
run() {
  /usr/bin/time -f "  %U s user, %S s system, %M KiB max RSS" "$bin" scan --database "$@" >/dev/null
}
echo "full:";        run "$dir/bench.sqlite3" --format table
echo "sample 1000:"; run "$dir/bench.sqlite3" --format table --sample 1000
echo "jsonl findings to /dev/null:"; run "$dir/bench.sqlite3"

if [[ -n "${TUTELA_BENCH_POSTGRES_URL:-}" ]]; then
  db="tutela_bench_$$"
  psql -q "$TUTELA_BENCH_POSTGRES_URL" -c "CREATE DATABASE $db"
  url="${TUTELA_BENCH_POSTGRES_URL%/*}/$db"
  psql -q "$url" <<SQL
CREATE TABLE customers (id bigint PRIMARY KEY, email text, phone text, inn bigint, last_ip inet, comment text,
  created_at timestamptz);
INSERT INTO customers SELECT i, 'user' || i || '@example.org', '+7 916 ' || (1000000 + i % 8999999), 7707083893,
  ('10.' || (i % 250) || '.' || (i % 200) || '.' || (i % 100 + 1))::inet,
  CASE WHEN i % 10 = 0 THEN 'перезвонить по номеру +7 495 123-45-67 после обеда' ELSE 'доставка до двери, без звонка заранее' END,
  '2024-05-01 10:00:00+00' FROM generate_series(1, $rows) i;
ANALYZE customers;
SQL
  echo "PostgreSQL: $rows rows"
  echo "full:";        run "$url" --format table
  echo "sample 1000:"; run "$url" --format table --sample 1000
  psql -q "$TUTELA_BENCH_POSTGRES_URL" -c "DROP DATABASE $db"
fi
