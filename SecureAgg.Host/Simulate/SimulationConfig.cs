using Akka.Configuration;
using SecureAgg.Host.Bench;
using SecureAgg.Host.Configuration;
using SecureAgg.Persistence;
using SecureAgg.Protocol;
using SecureAgg.Protocol.Messages;
using SecureAgg.Simulation;

namespace SecureAgg.Host.Simulate;

/// <summary>
/// The <c>secagg.simulation</c> HOCON block (hocon/simulation.hocon documents every key with its default), merged
/// over the built-in defaults; command-line flags override it.
/// </summary>
public sealed record SimulationConfig(
    int Clients, int Rounds, int Length, int Bits, int? Threshold, bool SparseGraph, int? Neighbours, SecurityMode Mode,
    TimeSpan RoundTimeout, int Seed, string? Journal, string Out, bool SerializeMessages, DropoutSchedule Dropouts,
    IReadOnlyList<double> Sweep, ProtocolRound SweepRound, ServerPhase? CrashServerAfter = null)
{
    public const string Defaults = """
        secagg.simulation {
          clients = 20
          rounds = 3
          length = 1000
          bits = 32
          threshold = 0
          protocol = secagg
          neighbours = 0
          mode = semi-honest
          round-timeout = 2s
          seed = 1
          journal = ""
          out = "out/simulate"
          serialize-messages = off
          dropout {
            advertise { probability = 0, clients = [] }
            share { probability = 0, clients = [] }
            mask { probability = 0, clients = [] }
            consistency { probability = 0, clients = [] }
            unmask { probability = 0, clients = [] }
          }
          sweep = []
          sweep-round = mask
        }
        """;

    private static readonly HashSet<string> Keys =
    [
        "clients", "rounds", "length", "bits", "threshold", "protocol", "neighbours", "mode", "round-timeout", "seed", "journal", "out",
        "serialize-messages", "dropout", "sweep", "sweep-round",
    ];

    public static SimulationConfig From(Config? file)
    {
        if (file is not null && !file.IsEmpty)
            CheckKeys(file);
        try
        {
            return Read((file ?? Config.Empty).WithFallback(ConfigurationFactory.ParseString(Defaults)).GetConfig("secagg.simulation"));
        }
        catch (Exception error) when (error is FormatException or InvalidCastException or OverflowException or ConfigurationException)
        {
            throw new ArgumentException($"secagg.simulation has a value of the wrong type: {error.Message}");
        }
    }

    // The HOCON parser is lenient, so a misspelt key would silently fall back to its default: refuse unknown keys.
    private static void CheckKeys(Config file)
    {
        if (!file.HasPath("secagg.simulation"))
            throw new ArgumentException("The config has no secagg.simulation block.");
        var block = file.GetConfig("secagg.simulation");
        foreach (var key in block.AsEnumerable().Select(k => k.Key))
        {
            if (!Keys.Contains(key))
                throw new ArgumentException($"Unknown key secagg.simulation.{key}; known keys: {string.Join(", ", Keys)}.");
        }
        if (block.GetConfig("dropout") is not { } dropout || dropout.IsEmpty)
            return;
        foreach (var round in dropout.AsEnumerable().Select(k => k.Key))
        {
            if (!RoundNames.All.ContainsKey(round))
                throw new ArgumentException($"Unknown round secagg.simulation.dropout.{round}; use {string.Join(", ", RoundNames.All.Keys)}.");
            foreach (var key in dropout.GetConfig(round).AsEnumerable().Select(k => k.Key))
            {
                if (key is not ("probability" or "clients"))
                    throw new ArgumentException($"Unknown key secagg.simulation.dropout.{round}.{key}; use probability and clients.");
            }
        }
    }

    private static SimulationConfig Read(Config config)
    {
        var dropouts = new Dictionary<ProtocolRound, RoundDropout>();
        foreach (var (name, round) in RoundNames.All)
        {
            var block = config.GetConfig($"dropout.{name}");
            var probability = block.GetDouble("probability", 0);
            var clients = block.GetIntList("clients") ?? [];
            if (probability != 0 || clients.Count > 0)
                dropouts[round] = new RoundDropout(probability, clients.ToArray());
        }
        var protocol = config.GetString("protocol");
        var mode = config.GetString("mode");
        var threshold = config.GetInt("threshold");
        var neighbours = config.GetInt("neighbours");
        var journal = config.GetString("journal");
        return new SimulationConfig(
            config.GetInt("clients"), config.GetInt("rounds"), config.GetInt("length"), config.GetInt("bits"),
            threshold > 0 ? threshold : null,
            protocol switch { "secagg" => false, "secagg+" => true, _ => throw new ArgumentException($"secagg.simulation.protocol must be secagg or secagg+, got '{protocol}'.") },
            neighbours > 0 ? neighbours : null,
            mode switch { "semi-honest" => SecurityMode.SemiHonest, "active" => SecurityMode.Active, _ => throw new ArgumentException($"secagg.simulation.mode must be semi-honest or active, got '{mode}'.") },
            config.GetTimeSpan("round-timeout"), config.GetInt("seed"), string.IsNullOrWhiteSpace(journal) ? null : journal,
            config.GetString("out"), config.GetBoolean("serialize-messages"), new DropoutSchedule(dropouts),
            (config.GetDoubleList("sweep") ?? []).ToArray(), RoundNames.Parse(config.GetString("sweep-round")));
    }


    public ProtocolParameters Parameters(double dropoutForGraph)
    {
        int? k = null;
        if (SparseGraph)
            k = Neighbours ?? SecAggPlusDegree.Safe(Clients, dropoutForGraph, Threshold);
        return ProtocolParameters.WithDefaults(Clients, Length, Bits, Mode, k, Threshold);
    }

    /// <summary>One experiment per sweep value (the value replaces the sweep round's probability), else just this one.</summary>
    public IReadOnlyList<(double? SweepValue, DropoutSchedule Dropouts)> Experiments()
    {
        if (Sweep.Count == 0)
            return [(null, Dropouts)];
        return Sweep.Select(value =>
        {
            var rounds = new Dictionary<ProtocolRound, RoundDropout>(Dropouts.Rounds);
            var clients = rounds.TryGetValue(SweepRound, out var existing) ? existing.Clients : [];
            rounds[SweepRound] = new RoundDropout(value, clients);
            return ((double?)value, new DropoutSchedule(rounds));
        }).ToArray();
    }

    public JournalTarget JournalTarget() => Journal is null ? Persistence.JournalTarget.Sqlite(Path.Combine(Out, "journal.db")) : Persistence.JournalTarget.Parse(Journal);

    public void Validate()
    {
        if (Rounds < 1)
            throw new ArgumentException($"rounds must be at least 1, got {Rounds}.");
        foreach (var value in Sweep)
        {
            if (value is < 0 or > 1)
                throw new ArgumentException($"sweep values are dropout probabilities between 0 and 1, got {value}.");
        }
        foreach (var (_, schedule) in Experiments())
            schedule.Validate(Clients);
        Parameters(0);
        JournalTarget();
    }
}
