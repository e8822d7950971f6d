using Akka.Configuration;
using SecureAgg.Host.Bench;
using SecureAgg.Host.Configuration;
using SecureAgg.Persistence;
using SecureAgg.Protocol;
using SecureAgg.Protocol.Messages;
using SecureAgg.Simulation;

namespace SecureAgg.Host.Simulate;

/// <summary>
/// The settings of a simulate run, from the <c>secagg.simulation</c> block and the flags (<see cref="SimulationOptions"/>).
/// </summary>
public sealed record SimulationConfig(
    int Clients, int Rounds, int Length, int Bits, int? Threshold, bool SparseGraph, int? Neighbours, SecurityMode Mode,
    TimeSpan RoundTimeout, int Seed, string? Journal, string Out, bool SerializeMessages, DropoutSchedule Dropouts,
    IReadOnlyList<double> Sweep, ProtocolRound SweepRound, ServerPhase? CrashServerAfter = null, string? JournalKey = null,
    bool KeepEvents = false)
{
    /// <summary>The file's block and the built-in defaults (no flags): what a test or a config-only run gets.</summary>
    public static SimulationConfig From(Config? file) => Of(Load(file));

    /// <summary>Binds the file's <c>secagg.simulation</c> block (<see cref="HoconFile"/> made sure it has one) and the typed flags.</summary>
    public static SimulationOptions Load(Config? file, FlagBindings? flags = null, System.CommandLine.ParseResult? result = null) =>
        SettingsLayers.Bind<SimulationOptions>(file, SimulationOptions.Block, flags, result);

    /// <summary>The one mapping from the block as written to the settings a run uses.</summary>
    public static SimulationConfig Of(SimulationOptions o) => new(
        o.Clients, o.Rounds, o.Length, o.Bits, o.Threshold > 0 ? o.Threshold : null, o.Protocol == "secagg+", o.Neighbours > 0 ? o.Neighbours : null,
        o.Security == "active" ? SecurityMode.Active : SecurityMode.SemiHonest, o.RoundTimeout, o.Seed,
        string.IsNullOrWhiteSpace(o.Journal) ? null : o.Journal, o.Out, o.SerializeMessages, o.Dropout.Schedule(), o.Sweep,
        RoundNames.Parse(o.SweepRound), JournalKey: string.IsNullOrWhiteSpace(o.JournalKey) ? null : o.JournalKey,
        KeepEvents: o.KeepEvents);

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
            throw new ArgumentException($"{SimulationOptions.Block}.rounds must be at least 1, got {Rounds}.");
        foreach (var value in Sweep)
        {
            if (value is < 0 or > 1)
                throw new ArgumentException($"{SimulationOptions.Block}.sweep values are dropout probabilities between 0 and 1, got {value}.");
        }
        foreach (var (_, schedule) in Experiments())
            schedule.Validate(Clients);
        Parameters(0);
        JournalTarget();
    }
}
