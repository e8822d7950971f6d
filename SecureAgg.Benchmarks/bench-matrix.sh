#!/usr/bin/env bash
# The `secagg bench` runs quoted in docs/RESULTS.md ("Protocol bench"): one CSV row per run in $OUT/bench.csv and each
# run's full table in $OUT/*.txt. Takes about five minutes on 2 cores. Usage: SecureAgg.Benchmarks/bench-matrix.sh [OUT]
set -euo pipefail
cd "$(dirname "$0")/.."
OUT="${1:-out/bench-matrix}"
mkdir -p "$OUT"
rm -f "$OUT/bench.csv"
dotnet build SecureAgg.Host -c Release -v quiet -nologo >/dev/null
SECAGG=./SecureAgg.Host/bin/Release/net10.0/secagg

run() {
  local name="$1"; shift
  echo "== $name: secagg bench $*"
  "$SECAGG" bench "$@" --csv "$OUT/bench.csv" > "$OUT/$name.txt" 2>&1 || true
  tail -n 1 "$OUT/$name.txt"
}

openssl speed -evp aes-128-ctr -seconds 2 2>/dev/null | tail -n 1 | tee "$OUT/openssl-aes-128-ctr.txt"
for n in 100 500; do
  for d in 0 0.1 0.3; do
    run "secagg-n$n-d$d" --clients "$n" --length 100000 --dropout "$d"
  done
done
run secagg-n100-d0.3-sequential --clients 100 --length 100000 --dropout 0.3 --sequential
run secagg-n100-d0.3-active --clients 100 --length 100000 --dropout 0.3 --security active
run secaggplus-n1000-k41-d0.1 --clients 1000 --length 100000 --dropout 0.1 --protocol secagg+ --neighbours 41
run secaggplus-n1000-k41-d0.1-sequential --clients 1000 --length 100000 --dropout 0.1 --protocol secagg+ --neighbours 41 --sequential
run secaggplus-n1000-k41-d0.1-active --clients 1000 --length 100000 --dropout 0.1 --protocol secagg+ --neighbours 41 --security active
run secaggplus-n1000-auto-d0.1 --clients 1000 --length 100000 --dropout 0.1 --protocol secagg+
echo "rows: $OUT/bench.csv"
