#!/usr/bin/env bash
# The multi-process cluster figures quoted in docs/RESULTS.md ("Bytes on the wire"): one `secagg server` and NODES
# `secagg client` processes on 127.0.0.1, SESSIONS sessions of m = LENGTH words. Prints the server's per-round table
# and compares the payload bytes the serializer produced with every byte that crossed the loopback interface
# (Akka envelopes, TCP/IP headers, cluster heartbeats and gossip included).
# Usage: SecureAgg.Benchmarks/cluster-run.sh [OUT]
#   env: NODES=3 PER_NODE=10 LENGTH=100000 BITS=32 INPUT_BITS=$BITS SESSIONS=5 JOURNAL=sqlite:OUT/server/journal.db TLS=on|off
#   INPUT_BITS sets the plain size the expansion is measured against (Bonawitz et al.: 16-bit inputs, b = 16 + log2 n).
set -euo pipefail
cd "$(dirname "$0")/.."
OUT="${1:-out/cluster-run}"
NODES="${NODES:-3}"; PER_NODE="${PER_NODE:-10}"; LENGTH="${LENGTH:-100000}"; SESSIONS="${SESSIONS:-5}"
BITS="${BITS:-32}"; INPUT_BITS="${INPUT_BITS:-$BITS}"
JOURNAL="${JOURNAL:-sqlite:$OUT/server/journal.db}"
rm -rf "$OUT"; mkdir -p "$OUT"
dotnet build SecureAgg.Host -c Release -v quiet -nologo >/dev/null
SECAGG=./SecureAgg.Host/bin/Release/net10.0/secagg
PORT=4070
CLIENTS=$((NODES * PER_NODE))
source SecureAgg.Benchmarks/cluster-security.sh
pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true' EXIT

lo_bytes() { cat /sys/class/net/lo/statistics/tx_bytes; }
before=$(lo_bytes)
start=$(date +%s.%N)
"$SECAGG" server --config hocon/server.hocon --port "$PORT" --journal "$JOURNAL" --min-clients "$CLIENTS" --sessions "$SESSIONS" \
  --length "$LENGTH" --bits "$BITS" --round-timeout 30s --out "$OUT/server" "${server_security[@]}" > "$OUT/server.log" 2>&1 &
server=$!
pids+=("$server")
for i in $(seq 1 "$NODES"); do
  "$SECAGG" client --config hocon/client.hocon --seed-node "akka.tcp://secagg@127.0.0.1:$PORT" --clients "$PER_NODE" --name "node$i" \
    $(client_security "$i") > "$OUT/client$i.log" 2>&1 &
  pids+=("$!")
done
wait "$server" || { echo "server failed:"; cat "$OUT/server.log"; exit 1; }
for pid in "${pids[@]:1}"; do wait "$pid" || true; done
end=$(date +%s.%N)
after=$(lo_bytes)

# Drops the log lines (time node level message, e.g. "20:45:01.123 server@127.0.0.1:4070 warn ...") and stack traces;
# keeps the server's progress lines and its last line.
grep -Ev '^[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3} ' "$OUT/server.log" | grep -v '^ ' || true
python3 - "$OUT" "$CLIENTS" "$SESSIONS" "$LENGTH" "$before" "$after" "$start" "$end" "$BITS" "$INPUT_BITS" <<'PY'
import csv, sys
out, clients, sessions, length, before, after, start, end = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6]), float(sys.argv[7]), float(sys.argv[8])
bits, input_bits = int(sys.argv[9]), int(sys.argv[10])
rows = list(csv.DictReader(open(f"{out}/server/sessions.csv")))
rounds = list(csv.DictReader(open(f"{out}/server/rounds.csv")))
up = sum(float(r["bytes_up_per_client"]) for r in rows) / len(rows)
down = sum(float(r["bytes_down_per_client"]) for r in rows) / len(rows)
plain = length * input_bits / 8
wire = (after - before) / (clients * sessions)
secs = [float(r["seconds"]) for r in rows]
print(f"clients={clients} sessions={len(rows)} verified={sum(r['verified'] == 'yes' for r in rows)} m={length} b={bits} input bits={input_bits}")
print(f"payload per client per session: {up:,.0f} B up ({up / plain:.3f}x the {plain:,.0f}-byte plain input of {input_bits}-bit entries), {down:,.0f} B down")
print(f"loopback bytes (each packet counted once: payload plus Akka envelopes, TCP/IP headers, heartbeats, gossip): {after - before:,} = {wire:,.0f} per client per session ({wire / (up + down):.3f}x payload)")
print(f"session time: mean {sum(secs) / len(secs):.2f} s, first {secs[0]:.2f} s, rest mean {sum(secs[1:]) / max(1, len(secs) - 1):.2f} s; wall {end - start:.1f} s incl. start-up and joining")
for name in ["advertise", "share", "mask", "unmask"]:
    rs = [r for r in rounds if r["round"] == name]
    if rs:
        print(f"  round {name:9s} mean {sum(float(r['seconds']) for r in rs) / len(rs):.3f} s, {sum(float(r['bytes_up_per_client']) for r in rs) / len(rs):,.0f} B up / {sum(float(r['bytes_down_per_client']) for r in rs) / len(rs):,.0f} B down per client")
PY
echo "files: $OUT/server/{rounds,sessions}.csv, summary.json; logs in $OUT"
