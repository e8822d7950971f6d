#!/usr/bin/env bash
# What each federated-training choice is worth on UCI HAPT (subject split, 21 subject-clients), one run per variant
# with one seed, with plaintext aggregation (FedAvg summed in the clear; secure aggregation tracks it within the
# quantisation bound: see `train --compare`).
# Writes $OUT/ablation.csv and each run's output folder. Usage: SecureAgg.Benchmarks/train-ablation.sh [ROUNDS] [OUT]
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS="${1:-20}"
OUT="${2:-out/train-ablation}"
mkdir -p "$OUT"
export SECAGG_DATA="${SECAGG_DATA:-../shared/data/uci-hapt}"
dotnet build SecureAgg.Host -c Release -v quiet -nologo >/dev/null
SECAGG=./SecureAgg.Host/bin/Release/net10.0/secagg
echo "variant,rounds,accuracy,macro_f1,seconds" > "$OUT/ablation.csv"

run() {
  local name="$1"; shift
  local start line
  start=$SECONDS
  line=$("$SECAGG" train --aggregation plaintext --rounds "$ROUNDS" --out "$OUT/$name" "$@" | tail -n 1)
  local acc f1
  acc=$(sed -n 's/.* accuracy=\([0-9.]*\) .*/\1/p' <<<"$line")
  f1=$(sed -n 's/.* f1=\([0-9.]*\) .*/\1/p' <<<"$line")
  printf '%s,%s,%s,%s,%d\n' "$name" "$ROUNDS" "$acc" "$f1" "$((SECONDS - start))" | tee -a "$OUT/ablation.csv"
}

run baseline-fedavg-e2-perclient --standardize per-client
run server-fedavgm --standardize per-client --server-optimizer fedavgm
run server-fedadam --standardize per-client --server-optimizer fedadam
run local-epochs-1 --standardize per-client --local-epochs 1
run local-epochs-5 --standardize per-client --local-epochs 5
run global-standardisation --standardize global
run three-clients-per-subject --standardize per-client --clients-per-subject 3
run iid-partition --standardize per-client --partition iid
