#!/usr/bin/env bash
# Federated training across processes, the figure quoted in docs/RESULTS.md: one `secagg server --train` and NODES client
# processes of PER_NODE clients (21 subject-clients in all by default) on 127.0.0.1, ROUNDS FedAvg rounds, each a
# secure-aggregation session. With CRASH_AT_ROUND=r the server is SIGKILLed when round r's session opens and is
# restarted on the same journal: the run must end with the same accuracy as an uninterrupted one.
# Usage: SecureAgg.Benchmarks/cluster-train.sh [OUT]   (env: NODES=3 PER_NODE=7 ROUNDS=40 CRASH_AT_ROUND= SECAGG_DATA=... TLS=on|off)
set -euo pipefail
cd "$(dirname "$0")/.."
OUT="${1:-out/cluster-train}"
NODES="${NODES:-3}"; PER_NODE="${PER_NODE:-7}"; ROUNDS="${ROUNDS:-40}"; CRASH_AT_ROUND="${CRASH_AT_ROUND:-}"
export SECAGG_DATA="${SECAGG_DATA:-../shared/data/uci-hapt}"
rm -rf "$OUT"; mkdir -p "$OUT"
dotnet build SecureAgg.Host -c Release -v quiet -nologo >/dev/null
SECAGG=./SecureAgg.Host/bin/Release/net10.0/secagg
PORT=4090
CLIENTS=$((NODES * PER_NODE))
source SecureAgg.Benchmarks/cluster-security.sh
pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true' EXIT
server_args=(server --config hocon/server.hocon --port "$PORT" --journal "sqlite:$OUT/journal.db" --min-clients "$CLIENTS" --train --rounds "$ROUNDS"
  --round-timeout 60s "${server_security[@]}")
start=$(date +%s.%N)
"$SECAGG" "${server_args[@]}" --out "$OUT/server" > "$OUT/server.log" 2>&1 &
server=$!
pids+=("$server")
for i in $(seq 1 "$NODES"); do
  "$SECAGG" client --config hocon/client.hocon --seed-node "akka.tcp://secagg@127.0.0.1:$PORT" --clients "$PER_NODE" --name "node$i" \
    --server-wait 5m $(client_security "$i") > "$OUT/client$i.log" 2>&1 &
  pids+=("$!")
done
if [[ -n "$CRASH_AT_ROUND" ]]; then
  # Session 1 is the moment sum, so training round r is session r + 1.
  until grep -q "session $((CRASH_AT_ROUND + 1)) round advertise closed" "$OUT/server.log"; do sleep 0.2; done
  kill -9 "$server"; wait "$server" 2>/dev/null || true
  echo "server killed in training round $CRASH_AT_ROUND; restarting it on the same journal"
  "$SECAGG" "${server_args[@]}" --out "$OUT/server-restarted" > "$OUT/server-restarted.log" 2>&1 &
  server=$!
  pids+=("$server")
fi
wait "$server"
for pid in "${pids[@]:1}"; do wait "$pid" 2>/dev/null || true; done
end=$(date +%s.%N)
log="$OUT/server.log"; [[ -n "$CRASH_AT_ROUND" ]] && log="$OUT/server-restarted.log"
grep -E "training round|training:|server sessions=" "$log" | tail -n 4
python3 -c "import sys; print(f'wall {float(sys.argv[2]) - float(sys.argv[1]):.1f} s for $CLIENTS clients, $ROUNDS rounds')" "$start" "$end"
