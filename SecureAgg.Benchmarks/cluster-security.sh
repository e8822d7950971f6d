# Sourced by cluster-run.sh and cluster-train.sh (needs SECAGG, OUT, NODES, PER_NODE): the nodes' TLS certificates
# (TLS=on, the default; TLS=off runs plain TCP with --insecure-transport, to measure what TLS costs), the server's
# identity and each node's enrolled client keys. Sets server_security (an array); client_security N prints node N's flags.
TLS="${TLS:-on}"
nodes_list="$(seq -s, -f 'node%g' 1 "$NODES")"
"$SECAGG" keys --nodes "$nodes_list" --clients "$PER_NODE" --out "$OUT/keys" >/dev/null
server_security=(--identity "$OUT/keys/server.key" --trusted-keys "$OUT/keys/trusted-keys.txt")
if [[ "$TLS" == on ]]; then
  "$SECAGG" pki --nodes "$nodes_list" --out "$OUT/pki" >/dev/null
  server_security+=(--certificate "$OUT/pki/server.pfx" --ca "$OUT/pki/ca.crt")
  client_security() { echo --server-key "$OUT/keys/server.pub" --identity-dir "$OUT/keys/node$1" --certificate "$OUT/pki/node$1.pfx" --ca "$OUT/pki/ca.crt"; }
else
  server_security+=(--insecure-transport)
  client_security() { echo --server-key "$OUT/keys/server.pub" --identity-dir "$OUT/keys/node$1" --insecure-transport; }
fi
