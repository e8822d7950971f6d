#!/usr/bin/env bash
# The compose deployment in a real Docker engine: built, run, killed and recovered. Each scenario is its own compose
# project and always ends with `down -v`. Faults are injected at a point that is certain, not raced: every client
# answer waits 3 s (SECAGG_ANSWER_DELAY), and the fault follows the server's "round share closed" line, so the
# masked-input round is open and no masked input has arrived yet.
#
#   deploy/container-test.sh                      # every scenario
#   deploy/container-test.sh sessions server-kill # some (or SECAGG_CONTAINER_SCENARIOS="sessions server-kill")
#
# Scenarios: sessions, client-kill, server-kill (with report), postgres-restart, train, timing.
# Needs: a Docker engine, docker-compose, jq; for train and timing the built program
# (dotnet build -c Release) and the UCI HAPT data ($SECAGG_DATA). On a machine without a registry pass stand-in
# images (deploy/ci-images.sh prints them): SECAGG_SDK_IMAGE, SECAGG_RUNTIME_IMAGE, SECAGG_POSTGRES_IMAGE.
# Writes into $SECAGG_CONTAINER_RESULTS (default a new temporary folder): faults.md (one row per fault: what was done,
# when, what happened, aggregate verified or not), timing.csv, and each scenario's results and logs.
# Last line: `containers: P of N scenarios passed` (with `, F FAILED` if any failed, and exit 1).
set -euo pipefail
cd "$(dirname "$0")/.."

results="$(realpath -m "${SECAGG_CONTAINER_RESULTS:-$(mktemp -d /tmp/secagg-containers.XXXXXX)}")"
mkdir -p "$results"
exec > >(tee -a "$results/container-test.log") 2>&1
program="${SECAGG_PROGRAM:-SecureAgg.Host/bin/Release/net10.0/secagg.dll}"
journal="postgres:Host=postgres;Port=5432;Username=postgres;Password=postgres;Database=secagg"
read -r -a scenarios <<<"${*:-${SECAGG_CONTAINER_SCENARIOS:-sessions client-kill server-kill postgres-restart train timing}}"

passed=0
failed=0
project=""
files=(-f docker-compose.yml)
echo "| scenario | fault | when | what happened | aggregate |" >"$results/faults.md"
echo "|---|---|---|---|---|" >>"$results/faults.md"

say() { echo "[$(date +%H:%M:%S)] $*"; }
compose() { docker-compose -p "$project" "${files[@]}" "$@"; }
container() { compose ps -q "$1" | head -n 1; }
# server_id is set by up() in the script's own shell: a cache set inside a pipeline's subshell would be lost.
server_log() { docker logs "${server_id:-$(container server)}" 2>&1; }
fault_row() { echo "| $project | $1 | $2 | $3 | $4 |" >>"$results/faults.md"; }

# Waits until the server's log has a line matching $1 (an extended regex), at most $2 seconds.
wait_for_line() {
  local deadline=$((SECONDS + $2))
  until server_log | grep -qE "$1"; do
    ((SECONDS < deadline)) || { echo "no line /$1/ from the server within $2 s"; return 1; }
    sleep 0.2
  done
}

# The server container's exit code, waiting at most $1 seconds.
server_exit() {
  local code id
  id="${server_id:-$(container server)}"
  [[ -n "$id" ]] || { echo none; return; }
  code="$(timeout "$1" docker wait "$id")" || { echo "the server did not exit within $1 s" >&2; echo timeout; return; }
  echo "$code"
}

up() {
  compose up -d "$@" >>"$results/$project/up.log" 2>&1 || check "docker-compose up -d $*" false
  server_id="$(container server)"
}

# A jq query of the server's summary.json; null when there is none (the server failed before writing it).
summary() { jq -c "$1" "$results/$project/server/summary.json" 2>/dev/null || echo null; }

# Each check prints one line and counts a failure; a scenario fails if any of its checks did.
check() {
  local what="$1"; shift
  if "$@"; then echo "  ok      $what"; else echo "  FAILED  $what"; scenario_ok=false; fi
}

start_project() {
  project="secagg-ct-$1"
  mkdir -p "$results/$project"
  export SECAGG_OUT_DIR="$results/$project"
  server_id=""
  scenario_ok=true
  scenario_started=$SECONDS
  say "== $1 =="
  # Volumes of an earlier, interrupted run of this project would give the server someone else's journal.
  compose down -v --remove-orphans >/dev/null 2>&1 || true
}

finish_project() {
  mkdir -p "$results/$project/logs"
  local service id
  for service in $(compose config --services); do
    for id in $(compose ps -q "$service" 2>/dev/null); do
      docker logs "$id" >"$results/$project/logs/$service-${id:0:12}.log" 2>&1 || true
    done
  done
  compose down -v --remove-orphans >/dev/null 2>&1 || true
  if $scenario_ok; then
    passed=$((passed + 1)); say "$project passed in $((SECONDS - scenario_started)) s"
  else
    failed=$((failed + 1)); say "$project FAILED in $((SECONDS - scenario_started)) s; logs in $results/$project/logs"
    server_log_tail "$results/$project/logs"
  fi
  project=""
}

server_log_tail() { tail -n 15 "$1"/server-*.log 2>/dev/null | sed 's/^/  | /' || true; }
trap '[[ -n "$project" ]] && compose down -v --remove-orphans >/dev/null 2>&1; true' EXIT

all_completed_and_verified() { [[ "$(summary "[.sessions[] | select(.outcome == \"completed\" and .verified == true)] | length")" == "$1" ]]; }

scenario_sessions() {
  start_project sessions
  export SECAGG_SESSIONS=3 SECAGG_MIN_CLIENTS=10
  up
  local code; code="$(server_exit 300)"
  check "server exit code 0 (was $code)" test "$code" = 0
  check "3 sessions, all completed and verified" all_completed_and_verified 3
  check "10 members (5 containers x 2) in each session" test "$(summary '[.sessions[].members | length] | unique')" = "[10]"
  check "last line says ok" bash -c "docker logs $(container server) 2>&1 | tail -n 1 | grep -q 'verified=3 ok'"
  summary '.sessions[0].aggregateSha256' | tr -d '"' >"$results/undisturbed-session-1.sha256"
  unset SECAGG_SESSIONS SECAGG_MIN_CLIENTS
  finish_project
}

scenario_client_kill() {
  start_project client-kill
  export SECAGG_SESSIONS=2 SECAGG_MIN_CLIENTS=8 SECAGG_ANSWER_DELAY=3s SECAGG_ROUND_TIMEOUT=10s SECAGG_LOG_LEVEL=INFO
  # The victim's container starts alone and registers first, so it is certainly a member of session 1 (which opens
  # at 8 of the 10); the other four follow.
  up --scale client=1
  local victim; victim="$(container client)"
  local deadline=$((SECONDS + 120))
  until docker logs "$victim" 2>&1 | grep -q "registered with the server"; do
    ((SECONDS < deadline)) || break; sleep 0.2
  done
  up --scale client=5 --no-recreate
  local ip; ip="$(docker inspect --format '{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}' "$victim")"
  wait_for_line "session 1 round share closed" 180 || scenario_ok=false
  docker kill "$victim" >/dev/null
  local at; at="$(server_log | grep -oE '^\[ *[0-9.]+ s\] session 1 round share closed' | grep -oE '[0-9.]+ s' | head -n 1)"
  local code; code="$(server_exit 300)"
  local ids; ids="$(summary "[.sessions[0].members[] | select(.name | startswith(\"$ip:\")) | .id]")"
  check "server exit code 0 (was $code)" test "$code" = 0
  check "victim $ip had 2 clients in session 1: $ids" test "$(jq length <<<"$ids")" = 2
  check "the victim shared its keys (in U2) and sent no masked input (not in U3)" test \
    "$(summary "[$ids[] as \$i | (.sessions[0].survivors[1] | any(. == \$i)), (.sessions[0].survivors[2] | any(. == \$i) | not)] | all")" = true
  check "both sessions completed and verified" all_completed_and_verified 2
  # Session 2 may open before the dead node is removed: its clients are then members that never answer (dropouts).
  check "session 2 summed the 8 others only" test "$(summary "(.sessions[1] | [.members[] | select(.name | startswith(\"$ip:\")) | .id]) as \$dead
    | .sessions[1].survivors[2] | [length, (map(select(. as \$u | \$dead | index(\$u))) | length)]" | tr -d '\n ')" = "[8,0]"
  local verified; verified="$(summary '.sessions[0].verified')"
  fault_row "docker kill of a client container (2 clients)" "session 1, masked-input round open ($at)" \
    "session 1 completed without it (U3 = $(summary '.sessions[0].survivors[2] | length') of $(summary '.sessions[0].members | length')); session 2 summed the $(summary '.sessions[1].survivors[2] | length') others" \
    "$([[ $verified == true ]] && echo verified || echo NOT verified)"
  unset SECAGG_SESSIONS SECAGG_MIN_CLIENTS SECAGG_ANSWER_DELAY SECAGG_ROUND_TIMEOUT SECAGG_LOG_LEVEL
  finish_project
}

# Server-kill and postgres-restart: two sessions of all 10 clients, one round's answers 3 s late, started and run
# until session 1's share round closed (the moment both faults strike). Undone by end_mid_round_fault.
start_mid_round_fault() {
  start_project "$1"
  export SECAGG_SESSIONS=2 SECAGG_MIN_CLIENTS=10 SECAGG_ANSWER_DELAY=3s SECAGG_ROUND_TIMEOUT=60s
  up
  wait_for_line "session 1 round share closed" 180 || scenario_ok=false
}

end_mid_round_fault() {
  unset SECAGG_SESSIONS SECAGG_MIN_CLIENTS SECAGG_ANSWER_DELAY SECAGG_ROUND_TIMEOUT
  finish_project
}

scenario_server_kill() {
  start_mid_round_fault server-kill
  local server; server="$(container server)"
  docker kill "$server" >/dev/null
  check "killed before the masked-input round closed" bash -c "! docker logs $server 2>&1 | grep -q 'session 1 round mask closed'"
  docker logs "$server" >"$results/$project/server-before-kill.log" 2>&1
  # Started again at once, as a restart policy would: the server itself waits until the client nodes have removed
  # its dead incarnation before it joins (a new incarnation joining while they remove the old one lost client nodes).
  sleep 2
  docker start "$server" >/dev/null
  local code; code="$(server_exit 300)"
  check "restarted server exit code 0 (was $code)" test "$code" = 0
  check "it waited for the client nodes to remove its previous incarnation" bash -c "docker logs $server 2>&1 | grep -q 'rejoining through 5 known client node(s)'"
  check "it said it resumed session 1 from the journal" bash -c "docker logs $server 2>&1 | grep -q 'session 1/2 resumed from the journal'"
  check "session 1 recovered, completed and verified with all 10 in U3" \
    test "$(summary '.sessions[0] | [.recovered, .outcome, .verified, (.survivors[2] | length)]')" = '[true,"completed",true,10]'
  check "session 2 completed and verified" test "$(summary '.sessions[1] | [.outcome, .verified]')" = '["completed",true]'
  local hash; hash="$(summary '.sessions[0].aggregateSha256' | tr -d '"')"
  local reference; reference="$(cat "$results/undisturbed-session-1.sha256" 2>/dev/null || true)"
  if [[ -n "$reference" && "$reference" != null ]]; then
    check "session 1's aggregate is the undisturbed run's (sha256 ${hash:0:16})" test "$hash" = "$reference"
  else
    echo "  note    session 1's aggregate not compared: no undisturbed run (the sessions scenario) before this one"
  fi
  fault_row "docker kill of the server container, docker start 2 s later" "session 1, masked-input round open" \
    "resumed from the PostgreSQL container, session 1 completed, session 2 completed" \
    "$([[ "$(summary '.sessions[0].verified')" == true ]] && echo "verified, sha256 ${hash:0:16} = undisturbed run" || echo NOT verified)"

  # The journal report over compose, against the same PostgreSQL container.
  local report; report="$(timeout 120 docker-compose -p "$project" "${files[@]}" run --rm -T --no-deps server report --journal "$journal" --identity /identity/server.key 2>&1)" || true
  echo "$report" >"$results/$project/report.txt"
  check "report lists both sessions" grep -q "report sessions=2 completed=2" <<<"$report"
  check "report checked every seal" grep -q "2 sessions verified, 0 with unsealed records, 0 FAILED" <<<"$report"
  end_mid_round_fault
}

scenario_postgres_restart() {
  start_mid_round_fault postgres-restart
  local postgres; postgres="$(container postgres)"
  # Down for 8 s: the masked inputs (3 s after the share round) arrive, and are journalled, while it is down.
  docker stop -t 5 "$postgres" >/dev/null
  sleep 8
  docker start "$postgres" >/dev/null
  local code; code="$(server_exit 300)"
  local outcomes; outcomes="$(summary '[.sessions[].outcome]')"
  local last; last="$(docker logs "$(container server)" 2>&1 | tail -n 1)"
  if [[ "$code" == 0 ]]; then
    check "ridden out: both sessions completed and verified ($outcomes)" all_completed_and_verified 2
    check "last line says ok" grep -q ' ok$' <<<"$last"
  else
    # Failed cleanly, as the nothing-false rule defines it: exit 3, the session `failed` (not aborted), FAILED.
    check "failed cleanly: exit 3 (was $code)" test "$code" = 3
    check "a session marked failed ($outcomes)" grep -q '"failed"' <<<"$outcomes"
    check "last line says FAILED" grep -q 'FAILED$' <<<"$last"
  fi
  fault_row "docker stop of the PostgreSQL container, docker start 8 s later" "session 1, masked-input round open" \
    "$([[ $code == 0 ]] && echo "ridden out (exit 0): $outcomes" || echo "failed cleanly (exit $code): $outcomes")" \
    "$(summary '[.sessions[] | .verified]' | tr -d '\n')"
  end_mid_round_fault
}

scenario_train() {
  start_project train
  local data; data="$(realpath -m "${SECAGG_DATA:-data/uci-hapt}")"
  if [[ ! -f "$program" || ! -d "$data" ]]; then
    check "the built program ($program) and the UCI HAPT data ($data) are here" false
    finish_project; return
  fi
  files=(-f docker-compose.yml -f docker-compose.train.yml)
  # No deadline can cut a round short under load: an aborted round would train on other clients than the reference.
  export SECAGG_DATA_DIR="$data" SECAGG_ROUNDS=2 SECAGG_ROUND_TIMEOUT=10m SECAGG_SEED=1
  up
  local code; code="$(server_exit 900)"
  check "server exit code 0 (was $code)" test "$code" = 0
  # The reference: `secagg train` in one process, same seed and rounds.
  dotnet "$program" train --rounds 2 --seed 1 --data "$data" --out "$results/$project/one-process" >"$results/$project/one-process.log" 2>&1 \
    || check "secagg train in one process" false
  local cluster one
  # aggregation, round, test_accuracy, macro_f1 (the server has no training loss: the clients train remotely).
  cluster="$(cut -d, -f1,2,4,5 "$results/$project/server/metrics.csv" 2>/dev/null)"
  one="$(cut -d, -f1,2,4,5 "$results/$project/one-process/metrics.csv" 2>/dev/null)"
  printf 'compose:\n%s\none process:\n%s\n' "$cluster" "$one" >"$results/$project/compare.txt"
  check "2 rounds over compose" test "$(wc -l <<<"$cluster")" = 3
  check "the same test accuracy and macro F1 per round as secagg train with seed 1: $(tail -n 1 <<<"$cluster")" test "$cluster" = "$one"
  unset SECAGG_DATA_DIR SECAGG_ROUNDS SECAGG_ROUND_TIMEOUT SECAGG_SEED
  files=(-f docker-compose.yml)
  finish_project
}

# Time per session, containers and processes side by side in one run: 3 sessions of 10 clients on 5 nodes,
# m = 100,000, TLS on,
# PostgreSQL journal (a container for the containers; the host's, $SECAGG_TEST_POSTGRES, for the processes).
scenario_timing() {
  start_project timing
  local sessions=3 length=100000 processes=""
  if [[ -n "${SECAGG_TEST_POSTGRES:-}" && -f "$program" ]]; then
    processes="$(session_seconds_in_processes $sessions $length)" || check "processes: the run succeeded (logs in $results/$project/processes)" false
  else
    echo "  timing: no processes run (needs \$SECAGG_TEST_POSTGRES and $program)"
  fi
  export SECAGG_SESSIONS=$sessions SECAGG_MIN_CLIENTS=10 SECAGG_LENGTH=$length SECAGG_ROUND_TIMEOUT=60s
  up
  local code; code="$(server_exit 300)"
  check "containers: exit code 0 (was $code)" test "$code" = 0
  check "containers: $sessions sessions completed and verified" all_completed_and_verified $sessions
  local containers; containers="$(summary '[.sessions[].seconds] | add / length')"
  {
    echo "setting,sessions,clients,length,seconds_per_session"
    echo "containers,$sessions,10,$length,$containers"
    [[ -n "$processes" ]] && echo "processes,$sessions,10,$length,$processes"
  } >"$results/timing.csv"
  echo "  timing: seconds per session (n = 10, m = $length): containers $(printf %.2f "$containers"), processes $([[ -n $processes ]] && printf %.2f "$processes" || echo "not run")"
  unset SECAGG_SESSIONS SECAGG_MIN_CLIENTS SECAGG_LENGTH SECAGG_ROUND_TIMEOUT
  finish_project
}

# The timing run as host processes on loopback: prints the mean seconds per session.
session_seconds_in_processes() {
  local sessions=$1 length=$2 dir="$results/$project/processes" port=14053 i
  mkdir -p "$dir"
  dotnet "$program" keys --out "$dir/keys" >/dev/null
  dotnet "$program" pki --nodes client --out "$dir/pki" >/dev/null
  timeout 300 dotnet "$program" server --hostname 127.0.0.1 --port $port --journal "postgres:$SECAGG_TEST_POSTGRES" --name "timing-$RANDOM$RANDOM" \
    --min-clients 10 --sessions "$sessions" --length "$length" --round-timeout 60s --out "$dir/server" \
    --identity "$dir/keys/server.key" --open-enrolment --certificate "$dir/pki/server.pfx" --ca "$dir/pki/ca.crt" \
    >"$dir/server.log" 2>&1 &
  local server_pid=$! clients=()
  for i in 1 2 3 4 5; do
    dotnet "$program" client --seed-node "akka.tcp://secagg@127.0.0.1:$port" --hostname 127.0.0.1 --port $((port + i)) \
      --clients 2 --server-key "$dir/keys/server.pub" --certificate "$dir/pki/client.pfx" --ca "$dir/pki/ca.crt" \
      >"$dir/client-$i.log" 2>&1 &
    clients+=($!)
  done
  local code=0
  wait "$server_pid" || code=$?
  if ((code != 0)); then
    kill "${clients[@]}" 2>/dev/null || true
  fi
  for i in "${clients[@]}"; do wait "$i" 2>/dev/null || true; done
  ((code == 0)) || return 1
  jq '[.sessions[].seconds] | add / length' "$dir/server/summary.json"
}

docker info >/dev/null 2>&1 || { echo "containers: FAILED (no Docker engine answers: docker info)"; exit 1; }
say "building secagg:latest (SDK ${SECAGG_SDK_IMAGE:-official}, runtime ${SECAGG_RUNTIME_IMAGE:-official})"
build_started=$SECONDS
docker-compose -p secagg-ct-build build server >"$results/build.log" 2>&1 || { tail -n 20 "$results/build.log"; echo "containers: FAILED (docker-compose build)"; exit 1; }
say "built in $((SECONDS - build_started)) s: secagg:latest $(docker image inspect --format '{{.Size}}' secagg:latest | awk '{ printf "%d MB", $1 / 1000000 }')"

# From here every outcome is a check: one failing command must not end the run before the other scenarios and the
# last line (set -e would).
set +e
for scenario in "${scenarios[@]}"; do
  case "$scenario" in
    sessions) scenario_sessions ;;
    client-kill) scenario_client_kill ;;
    server-kill) scenario_server_kill ;;
    postgres-restart) scenario_postgres_restart ;;
    train) scenario_train ;;
    timing) scenario_timing ;;
    *) echo "unknown scenario '$scenario' (sessions, client-kill, server-kill, postgres-restart, train, timing)"; failed=$((failed + 1)) ;;
  esac
done

echo
cat "$results/faults.md"
[[ -f "$results/timing.csv" ]] && cat "$results/timing.csv"
echo "results in $results"
# Not "N passed, N failed": that line is the test run's; .ci/run adds these counts into it.
if ((failed == 0)); then
  echo "containers: $passed of $((passed + failed)) scenarios passed"
else
  echo "containers: $passed of $((passed + failed)) scenarios passed, $failed FAILED"
fi
((failed == 0))
