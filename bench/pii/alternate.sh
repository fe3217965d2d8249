#!/usr/bin/env bash
# Runs several commands alternately, round by round, and prints the median and fastest wall time
# of each (startup included). On a machine whose speed drifts within minutes, programs compared
# this way see the same conditions; run back to back, they do not.
#
#   bench/pii/alternate.sh ROUNDS 'command one' 'command two' ...
set -euo pipefail
rounds=${1:?usage: alternate.sh ROUNDS COMMAND...}
shift
for _ in $(seq 1 "$rounds"); do
  for command in "$@"; do
    start=$(date +%s.%N)
    eval "$command" > /dev/null 2>&1
    end=$(date +%s.%N)
    printf '%s|%s\n' "$command" "$(echo "$end - $start" | bc)"
  done
done | python3 -c '
import collections, statistics, sys
times = collections.defaultdict(list)
for line in sys.stdin:
    command, seconds = line.rstrip("\n").rsplit("|", 1)
    times[command].append(float(seconds))
for command, t in times.items():
    print(f"median {statistics.median(t):.3f} s  fastest {min(t):.3f} s  {command}")
'
