#!/usr/bin/env bash
# Writes the journals of this folder (into OUT) with the PRE-rename code (SecAgg.*, commit 75600c1).
# Usage: make-fixtures.sh OLD-TREE [OUT]   e.g. make-fixtures.sh /work/wt-old /tmp/pre-rename-fixtures
# Never run against the new tree: the point is bytes written by the old assemblies. Session ids and keys are random
# per run, so a rerun needs the ids, hashes and sums in ../../PreRename*.cs and README.md updated (the script prints
# them); then copy OUT/Simulate and OUT/Cluster over this folder's.
set -euo pipefail
OLD="$(cd "$1" && pwd)"
OUT="$(mkdir -p "${2:-/tmp/pre-rename-fixtures}" && cd "${2:-/tmp/pre-rename-fixtures}" && pwd)"
PORT="${PORT:-47391}"
rm -rf "$OUT"/{Simulate,Cluster,work}
mkdir -p "$OUT"/Simulate/CrashAfterMask "$OUT"/Simulate/SnapshotAndKill "$OUT"/Cluster/ActiveKilledInUnmasking "$OUT"/work
(cd "$OLD" && git rev-parse HEAD && dotnet build SecAgg.Host -c Release -nologo -v quiet >/dev/null)
SECAGG="$OLD/SecAgg.Host/bin/Release/net10.0/secagg"

# 1. Simulate/CrashAfterMask: the CLI as users run it. 2 aggregations of 5 clients, m = 8, b = 16, seed 11; client 5
#    silent at the mask round (found by the 1 s deadline); the server crashes right after journalling each mask close
#    and recovers in-process. No snapshot (the CLI's threshold is 8 MiB of masked input).
echo 'secagg.simulation { dropout.mask.clients = [5] }' > "$OUT/work/drop-5-at-mask.hocon"
"$SECAGG" simulate --config "$OUT/work/drop-5-at-mask.hocon" --clients 5 --rounds 2 --length 8 --bits 16 --round-timeout 1s \
  --seed 11 --crash-after mask --journal "sqlite:$OUT/Simulate/CrashAfterMask/journal.db" --out "$OUT/work/simulate"
cat "$OUT/work/simulate/metrics.csv"

# 2. Simulate/SnapshotAndKill: the same ActorSimulation API from a scratch program (the CLI exposes neither a small
#    snapshot threshold nor a hard kill). Seed 21, 5 clients, m = 8, b = 16, snapshot-after-bytes = 1.
mkdir -p "$OUT/work/generator"
cat > "$OUT/work/generator/Generator.csproj" <<'EOF'
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
    <ImplicitUsings>enable</ImplicitUsings>
  </PropertyGroup>
  <ItemGroup>
    <ProjectReference Include="$(OldTree)/SecAgg.Actors/SecAgg.Actors.csproj" />
  </ItemGroup>
</Project>
EOF
cat > "$OUT/work/generator/Program.cs" <<'EOF'
// Writes the pre-rename "snapshot-and-kill" journal with the pre-rename SecAgg.Actors (ActorSimulation, the API
// `secagg simulate` runs on), for settings the CLI does not expose: a snapshot after every mask round, and a process
// killed (SIGKILL) mid-round. Usage: dotnet run -- JOURNAL-PATH
using System.Diagnostics;
using Microsoft.Data.Sqlite;
using SecAgg.Persistence;
using SecAgg.Protocol;
using SecAgg.Simulation;

var path = Path.GetFullPath(args[0]);
const int Seed = 21;
var parameters = ProtocolParameters.WithDefaults(5, 8, bits: 16);
var journal = JournalTarget.Sqlite(path);
static DropoutSchedule Silent(ProtocolRound round, int client) =>
    new(new Dictionary<ProtocolRound, RoundDropout> { [round] = new(0, [client]) });

// Aggregation 1: client 5 silent at the mask round (1 s deadline); a snapshot once any masked input was journalled.
var finished = new SimulationSettings(parameters, 1, Silent(ProtocolRound.MaskedInputCollection, 5), TimeSpan.FromSeconds(1), journal, Seed,
    SnapshotAfterBytes: 1);
await using (var simulation = new ActorSimulation(finished))
{
    var result = await simulation.RunRoundAsync(1);
    Console.WriteLine($"aggregation 1: session {result.Report.Session} {result.Outcome} verified={result.Verified} " +
                      $"U1..U5 = {string.Join(" / ", result.Report.Survivors.Select(s => string.Join(",", s)))}");
    if (!result.Verified)
        return 1;
}

// Aggregation 2: client 5 silent at Unmasking under a 10-minute deadline; once the journal holds the other four
// unmask responses (22 events) and the snapshot taken at the mask round's close, the process kills itself.
var killed = new SimulationSettings(parameters, 2, Silent(ProtocolRound.Unmasking, 5), TimeSpan.FromMinutes(10), journal, Seed,
    SnapshotAfterBytes: 1);
var simulation2 = new ActorSimulation(killed);
_ = simulation2.RunRoundAsync(2);
var clock = Stopwatch.StartNew();
while (clock.Elapsed < TimeSpan.FromMinutes(2))
{
    await Task.Delay(200);
    var session = Scalar<string>(path, "SELECT persistence_id FROM journal ORDER BY ordering DESC LIMIT 1");
    if (session is null || Scalar<long>(path, $"SELECT COUNT(*) FROM journal WHERE persistence_id = '{session}'") != 22)
        continue;
    if (!File.Exists(path + ".snapshots") || Scalar<long>(path + ".snapshots", $"SELECT COUNT(*) FROM snapshot WHERE persistence_id = '{session}'") < 1)
        continue;
    Console.WriteLine($"aggregation 2: {session} has 22 events and a snapshot; killing the process (SIGKILL)");
    Console.Out.Flush();
    Process.GetCurrentProcess().Kill();
}
Console.Error.WriteLine("aggregation 2 never reached its 22nd event");
return 1;

static T? Scalar<T>(string file, string sql)
{
    try
    {
        using var connection = new SqliteConnection($"Data Source={file};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar() is T value ? value : default;
    }
    catch (SqliteException)
    {
        return default; // not created yet, or busy
    }
}
EOF
# The program SIGKILLs itself on purpose (exit status 137).
dotnet run --project "$OUT/work/generator" -c Release -p:OldTree="$OLD" -- "$OUT/Simulate/SnapshotAndKill/journal.db" || true

# 3. Cluster/ActiveKilledInUnmasking: `secagg server` + 2 `secagg client` nodes on 127.0.0.1, active mode with trusted
#    keys. node1 hosts 5 clients (ids 1-5), node2 one client (id 6) that answers every request 4 s late, so each
#    round waits for it; n = 6, t = 5, m = 8, b = 16, seed 31, round timeout 8 s, 3 sessions. Once session 3 holds
#    the ConsistencyCheck close and node1's 5 unmask responses (node2's is still on its way) the server is SIGKILLed.
"$SECAGG" keys --nodes node1,node2 --clients 5 --out "$OUT/work/keys"
cp "$OUT/work/keys/trusted-keys.txt" "$OUT/Cluster/ActiveKilledInUnmasking/trusted-keys.txt"
J="$OUT/Cluster/ActiveKilledInUnmasking/journal.db"
"$SECAGG" server --config "$OLD/hocon/server.hocon" --port "$PORT" --journal "sqlite:$J" --min-clients 6 --sessions 3 --join-timeout 120s \
  --length 8 --bits 16 --round-timeout 8s --seed 31 --mode active --trusted-keys "$OUT/work/keys/trusted-keys.txt" \
  --out "$OUT/work/server" > "$OUT/work/server.log" 2>&1 &
server=$!
"$SECAGG" client --config "$OLD/hocon/client.hocon" --seed-node "akka.tcp://secagg@127.0.0.1:$PORT" --clients 5 --name node1 \
  --trusted-keys "$OUT/work/keys/trusted-keys.txt" --identity-dir "$OUT/work/keys" > "$OUT/work/client1.log" 2>&1 &
client1=$!
"$SECAGG" client --config "$OLD/hocon/client.hocon" --seed-node "akka.tcp://secagg@127.0.0.1:$PORT" --clients 1 --name node2 --answer-delay 4s \
  --trusted-keys "$OUT/work/keys/trusted-keys.txt" --identity-dir "$OUT/work/keys" > "$OUT/work/client2.log" 2>&1 &
client2=$!
trap 'kill -9 $server $client1 $client2 2>/dev/null || true' EXIT
q() { sqlite3 -readonly "$J" "$1" 2>/dev/null || echo 0; }
for _ in $(seq 1 900); do
  sleep 0.2
  [ -f "$J" ] || continue
  [ "$(q "SELECT COUNT(DISTINCT persistence_id) FROM journal WHERE persistence_id LIKE 'secagg-session-%'")" = 3 ] || continue
  pid=$(q "SELECT persistence_id FROM journal WHERE persistence_id LIKE 'secagg-session-%' ORDER BY ordering DESC LIMIT 1")
  after=$(q "SELECT COUNT(*) FROM journal WHERE persistence_id = '$pid' AND manifest = 'A' AND sequence_number >
             (SELECT sequence_number FROM journal WHERE persistence_id = '$pid' AND manifest = 'C' AND message = x'03')")
  if [ "$after" = 5 ]; then
    kill -9 "$server"
    echo "killed the server with $pid in Unmasking (5 of 6 unmask responses journalled)"
    break
  fi
done
kill -9 "$client1" "$client2" 2>/dev/null || true
wait 2>/dev/null || true
grep -v "^\s*$" "$OUT/work/server.log" | head -40 || true

for j in "$OUT"/Simulate/*/journal.db "$J"; do
  echo "== $j"; ls -l "$j"*; "$SECAGG" report --journal "sqlite:$j" || true
done

# 4. The expected aggregates, computed by the pre-rename code: Σ x_u mod 2^16 over U3 of each session's seeded inputs.
mkdir -p "$OUT/work/sums"
cp "$OUT/work/generator/Generator.csproj" "$OUT/work/sums/Sums.csproj"
cat > "$OUT/work/sums/Program.cs" <<'EOF'
using SecAgg.Protocol;
using SecAgg.Simulation;
void Print(string label, ProtocolParameters p, int seed, int round, int[] clients) =>
    Console.WriteLine($"{label}: [{string.Join(", ", PlaintextSum.Of(p, clients, id => SimulatedInput.Of(p, seed, round, id)))}]");
var simulate = ProtocolParameters.WithDefaults(5, 8, bits: 16);
Print("CrashAfterMask round 1 (seed 11), U3 = 1..4", simulate, 11, 1, [1, 2, 3, 4]);
Print("CrashAfterMask round 2 (seed 11), U3 = 1..4", simulate, 11, 2, [1, 2, 3, 4]);
Print("SnapshotAndKill round 1 (seed 21), U3 = 1..4", simulate, 21, 1, [1, 2, 3, 4]);
Print("SnapshotAndKill round 2 (seed 21), U3 = 1..5", simulate, 21, 2, [1, 2, 3, 4, 5]);
var cluster = ProtocolParameters.WithDefaults(6, 8, bits: 16, mode: SecurityMode.Active);
for (var index = 1; index <= 3; index++)
{
    var sum = PlaintextSum.Of(cluster, [1, 2, 3, 4, 5, 6], id => SimulatedInput.Of(cluster, 31, index, id));
    var sha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(sum.SelectMany(BitConverter.GetBytes).ToArray()));
    Console.WriteLine($"Cluster session #{index} (seed 31), U3 = 1..6: [{string.Join(", ", sum)}] sha256 {sha}");
}
EOF
dotnet run --project "$OUT/work/sums" -c Release -p:OldTree="$OLD"
