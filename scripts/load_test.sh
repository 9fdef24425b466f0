#!/usr/bin/env bash
# Load test of `khabar serve` with wrk, as in issue #8: a store holding
# SaudiNewsNet and ANT (62k articles), then 60 s at 64 connections on
# /api/stories and on /api/search with varied queries.
#
#   scripts/load_test.sh [STORE_DIR] [DURATION] [CONNECTIONS]
#
# Needs wrk (`apt-get install -y wrk`) and python3. The store is built on the
# first run (about 40 s) and reused afterwards.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
shared="$repo/../shared"
store=${1:-/tmp/khabar-load-store}
duration=${2:-60s}
connections=${3:-64}
port=${PORT:-18089}
khabar="$repo/target/release/khabar"

command -v wrk >/dev/null || { echo "wrk is not installed: apt-get install -y wrk" >&2; exit 1; }
(cd "$repo" && cargo build --release --locked -p khabar >/dev/null)

if [ ! -d "$store" ]; then
  "$khabar" --data-dir "$store" ingest \
    "$shared/data/saudinewsnet.jsonl.gz" "$shared/data/ant-multisource.jsonl.gz"
fi

# 1,000 varied queries: one to three consecutive title words of random stored
# articles, URL-encoded. Fixed seed, so every run sends the same queries.
queries="$store/load-queries.txt"
"$khabar" --data-dir "$store" export | python3 -c '
import json, random, sys, urllib.parse
titles = [json.loads(line).get("title") or "" for line in sys.stdin]
rng = random.Random(8)
out = []
while len(out) < 1000:
    words = [w for w in rng.choice(titles).split() if len(w) > 2 and w.isalpha()]
    if not words:
        continue
    width = rng.choice([1, 2, 3])
    start = rng.randrange(max(1, len(words) - width + 1))
    out.append(urllib.parse.quote(" ".join(words[start:start + width])))
print("\n".join(out))
' > "$queries"

"$khabar" --data-dir "$store" serve --addr "127.0.0.1:$port" &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
# Ready once /health answers and the front stories' cards are built.
for _ in $(seq 1 600); do
  curl -fs "http://127.0.0.1:$port/health" 2>/dev/null | grep -q '"warming_up":false' && break
  sleep 0.2
done

echo "== /api/stories ($connections connections, $duration)"
wrk -t2 -c"$connections" -d"$duration" --latency -s "$repo/scripts/load/stories.lua" "http://127.0.0.1:$port"
echo "== /api/search, varied queries ($connections connections, $duration)"
QUERIES="$queries" wrk -t2 -c"$connections" -d"$duration" --latency -s "$repo/scripts/load/search.lua" "http://127.0.0.1:$port"
