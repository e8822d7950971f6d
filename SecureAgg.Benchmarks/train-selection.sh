#!/usr/bin/env bash
# Model selection without the test set: each variant runs `secagg train --cross-validate 3` (three folds of the 21
# training subjects, one seed per fold; the test subjects are never loaded) with plaintext aggregation (secure
# aggregation tracks it within the quantisation bound), and the table ranks variants by mean validation accuracy at
# their best round. Writes $OUT/selection.csv, $OUT/selection.md and each variant's folder (validation.csv/.md/.png).
# Usage: [ROUNDS=40] [SECAGG=path/to/secagg] SecureAgg.Benchmarks/train-selection.sh [OUT] [VARIANT...]   (no variant names: all of them)
set -euo pipefail
cd "$(dirname "$0")/.."
OUT="${1:-out/train-selection}"
shift || true
mkdir -p "$OUT"
export SECAGG_DATA="${SECAGG_DATA:-../shared/data/uci-hapt}"
# SECAGG=PATH runs a copy (a build during a long selection then cannot change the binary under it).
if [[ -z "${SECAGG:-}" ]]; then
  dotnet build SecureAgg.Host -c Release -v quiet -nologo >/dev/null
  SECAGG=./SecureAgg.Host/bin/Release/net10.0/secagg
fi

# name|flags: the ladder of levers, each row adding one to a row above it.
VARIANTS=(
  "fedavg|--server-optimizer fedavg"
  "fedadam|--server-optimizer fedadam"
  "fedadam-cosine|--server-optimizer fedadam --lr-schedule cosine"
  "fedadam-cosine-noise0.2|--server-optimizer fedadam --lr-schedule cosine --input-noise 0.2"
  "fedadam-cosine-wd1e-3|--server-optimizer fedadam --lr-schedule cosine --weight-decay 1e-3"
  "fedadam-cosine-256x128|--server-optimizer fedadam --lr-schedule cosine --hidden 256,128"
  "fedadam-cosine-e1|--server-optimizer fedadam --lr-schedule cosine --local-epochs 1"
)

[[ -f "$OUT/selection.csv" ]] || echo "variant,flags,rounds,best_round,validation_accuracy,sd,last_round_accuracy,last_sd,seconds" > "$OUT/selection.csv"
for entry in "${VARIANTS[@]}"; do
  name="${entry%%|*}"
  flags="${entry#*|}"
  if (($# > 0)) && ! printf '%s\n' "$@" | grep -qx "$name"; then continue; fi
  if grep -q "^$name," "$OUT/selection.csv"; then echo "$name: done before"; continue; fi
  start=$SECONDS
  # shellcheck disable=SC2086
  "$SECAGG" train --cross-validate 3 --aggregation plaintext --rounds "${ROUNDS:-40}" --out "$OUT/$name" $flags > "$OUT/$name.log"
  line=$(grep '^train cross-validation' "$OUT/$name.log" | tail -n 1)
  field() { sed -n "s/.* $1=\([0-9.]*\).*/\1/p" <<<"$line"; }
  last_sd=$(awk -F, -v r="$(field rounds)" 'NR > 1 && $2 == r { print $5 }' "$OUT/$name/validation.csv")
  printf '%s,"%s",%s,%s,%s,%s,%s,%s,%d\n' "$name" "$flags" "$(field rounds)" "$(field best_round)" "$(field validation_accuracy)" "$(field sd)" \
    "$(field last_round_accuracy)" "$last_sd" "$((SECONDS - start))" | tee -a "$OUT/selection.csv"
done

{
  echo "| variant | flags | best round | validation accuracy at best (mean ± sd, 3 folds) | at the last round (mean ± sd) | s |"
  echo "|---|---|---:|---:|---:|---:|"
  tail -n +2 "$OUT/selection.csv" | while IFS=, read -r name rest; do
    flags=$(sed 's/^"\([^"]*\)".*/\1/' <<<"$rest")
    IFS=, read -r rounds best acc sd last lsd secs <<<"$(sed 's/^"[^"]*",//' <<<"$rest")"
    echo "| $name | \`$flags\` | $best | $acc ± $sd | $last ± $lsd | $secs |"
  done
} > "$OUT/selection.md"
cat "$OUT/selection.md"
