#!/usr/bin/env bash
# PII discovery benchmark: throughput of `tutela scan` on a generated 50 MB multilingual corpus with
# 1 and 2 threads, precision and recall per kind against the corpus labels, ripgrep with ASCII-only
# patterns over the same file as a yardstick, and Presidio's pattern recognisers over a slice.
#
#   bench/pii/run.sh [BYTES] [PRESIDIO_BYTES]      (defaults 50000000 and 1000000)
#
# Needs: cargo, python3 (for Presidio, installed into bench/pii/.venv), hyperfine and rg (Debian
# packages hyperfine and ripgrep); the ripgrep and Presidio parts are skipped when missing.
# Results are printed; BENCHMARKS.md records a run. Timings on a shared machine vary: hyperfine
# reports wall time, and the user+system CPU time is shown beside it.
set -euo pipefail
cd "$(dirname "$0")"
here=$(pwd)
root=$(cd ../.. && pwd)
bytes=${1:-50000000}
presidio_bytes=${2:-1000000}
out="$here/out"
mkdir -p "$out"
target=${CARGO_TARGET_DIR:-$root/target}

echo "== building (release)"
(cd "$root" && cargo build --release -q -p tutela && cargo build --release -q -p tutela-pii --example scan_file)
(cd "$here/corpus" && CARGO_TARGET_DIR="$target" cargo build --release -q)
tutela="$target/release/tutela"
corpus_tool="$target/release/pii-corpus"

echo "== generating $bytes bytes (seed 42)"
"$corpus_tool" gen --seed 42 --bytes "$bytes" --out "$out/corpus.txt" --labels "$out/labels.jsonl"
size=$(stat -c %s "$out/corpus.txt")
cat "$out/corpus.txt" > /dev/null # into the page cache

mb_per_s() { python3 -c "import json,sys; r=json.load(open(sys.argv[1]))['results'][0]; s=$size/1e6; print(f\"wall {s/r['mean']:.1f} MB/s (mean {r['mean']:.3f} s, ±{r['stddev']:.3f}); CPU {s/(r['user']+r['system']):.1f} MB/s per CPU-second\")" "$1"; }

echo "== engine alone, 1 thread, file in memory (5 runs of 3 passes; CPU rate of each)"
for _ in 1 2 3 4 5; do "$target/release/examples/scan_file" "$out/corpus.txt" --repeat 3; done

for threads in 1 2; do
  echo "== tutela scan, $threads thread(s)"
  if command -v hyperfine > /dev/null; then
    hyperfine -N --warmup 1 --runs 5 --export-json "$out/tutela-$threads.json" \
      "$tutela scan $out/corpus.txt --threads $threads --format jsonl" --output=null > /dev/null
    mb_per_s "$out/tutela-$threads.json"
  else
    /usr/bin/time -f "%e s wall, %U s user" "$tutela" scan "$out/corpus.txt" --threads "$threads" > /dev/null
  fi
done

echo "== precision and recall per kind"
"$tutela" scan "$out/corpus.txt" --show-values > "$out/findings.jsonl" 2> /dev/null
"$corpus_tool" eval --labels "$out/labels.jsonl" --findings "$out/findings.jsonl"

if command -v rg > /dev/null && command -v hyperfine > /dev/null; then
  echo "== ripgrep yardstick (ASCII-only patterns, no validation, one thread)"
  patterns="-e '(?-u)[0-9]{7,22}' -e '(?-u)[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}'"
  patterns+=" -e '(?-u)\+[0-9][0-9()\x20-]{6,}' -e '(?-u)[0-9]{4}[\x20-][0-9]{4}[\x20-][0-9]{4}'"
  patterns+=" -e '(?-u)[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}'"
  hyperfine --warmup 1 --runs 5 --export-json "$out/rg.json" "rg -c -j1 $patterns $out/corpus.txt" > /dev/null
  mb_per_s "$out/rg.json"
fi

echo "== Presidio (pattern recognisers, blank spaCy pipeline) over the first $presidio_bytes bytes"
if [ ! -x "$here/.venv/bin/python" ]; then
  python3 -m venv "$here/.venv" && "$here/.venv/bin/pip" install -q presidio-analyzer || true
fi
if "$here/.venv/bin/python" -c "import presidio_analyzer" 2> /dev/null; then
  line=$("$here/.venv/bin/python" "$here/presidio_bench.py" "$out/corpus.txt" "$presidio_bytes" "$out/presidio.jsonl" 2> "$out/presidio.log")
  echo "$line"
  presidio_bytes_used=$(sed -n 's/.*presidio_bytes=\([0-9]*\).*/\1/p' <<< "$line")
  "$corpus_tool" eval --labels "$out/labels.jsonl" --findings "$out/presidio.jsonl" --limit "$presidio_bytes_used"
  python3 - "$out/tutela-1.json" "$line" "$size" << 'PY'
import json, re, sys
r = json.load(open(sys.argv[1]))["results"][0]
tutela = int(sys.argv[3]) / 1e6 / r["mean"]
presidio = float(re.search(r"presidio_mb_per_s=([0-9.]+)", sys.argv[2]).group(1))
print(f"throughput ratio, tutela (1 thread) / Presidio: {tutela / presidio:.0f}x ({tutela:.1f} vs {presidio:.3f} MB/s)")
PY
else
  echo "presidio-analyzer could not be installed; skipped"
fi
