using System.Globalization;
using System.Text.Json;
using Akka.Configuration;
using SecureAgg.Host.Configuration;
using SecureAgg.Protocol;

namespace SecureAgg.Host.Experiment;

/// <summary>
/// A validated grid: the settings every cell shares and the cells, the cross product of the axes in the order
/// protocol, neighbours, security, clients, length, bits, threshold, dropout-round, dropout (the last varies fastest).
/// The neighbours axis multiplies only the secagg+ cells.
/// </summary>
public sealed record ExperimentGrid(
    bool ActorEngine, int Repetitions, int Seed, TimeSpan RoundTimeout, string Journal, string Out, IReadOnlyList<ExperimentCell> Cells)
{
    private const string Axes = ExperimentOptions.Block + ".axes";

    /// <summary>Binds the file's <c>secagg.experiment</c> block (<see cref="HoconFile"/> made sure it has one) and checks it.</summary>
    public static ExperimentGrid Load(Config file, string? outFlag = null)
    {
        var options = SettingsLayers.Bind<ExperimentOptions>(file, ExperimentOptions.Block);
        if (outFlag is not null)
            options.Out = outFlag;
        return Of(options, key => file.HasPath($"{Axes}.{key}"));
    }

    /// <summary>The grid of bound options; <paramref name="written"/> tells an axis left out from one written as [].</summary>
    public static ExperimentGrid Of(ExperimentOptions o, Func<string, bool> written)
    {
        var a = o.Axes;
        var protocols = Axis("protocol", a.Protocol, ["secagg"], written);
        var securities = Axis("security", a.Security, ["semi-honest"], written);
        var neighbours = Axis("neighbours", a.Neighbours, [0], written);
        var clients = Axis("clients", a.Clients, null, written);
        var lengths = Axis("length", a.Length, [1000], written);
        var bits = Axis("bits", a.Bits, [ProtocolParameters.DefaultBits], written);
        var thresholds = Axis("threshold", a.Threshold, [0], written);
        var dropouts = Axis("dropout", a.Dropout, [0.0], written);
        var rounds = Axis("dropout-round", a.DropoutRound, ["mask"], written);

        OneOf("protocol", protocols, "secagg", "secagg+");
        OneOf("security", securities, "semi-honest", "active");
        OneOf("dropout-round", rounds, [.. DropoutRounds.Names]);
        if (written("neighbours") && !protocols.Contains("secagg+"))
            throw new ArgumentException($"{Axes}.neighbours applies to secagg+ cells only, and the protocol axis has none.");
        if (rounds.Contains("consistency") && securities.Contains("semi-honest"))
            throw new ArgumentException($"{Axes}.dropout-round = consistency needs security = [active]: a semi-honest session has no ConsistencyCheck round.");
        Each("neighbours", neighbours, k => k >= 0, "must be 0 (the smallest safe k) or a neighbour count");
        Each("clients", clients, n => n is >= 2 and <= ProtocolParameters.MaxClients, $"must be between 2 and {ProtocolParameters.MaxClients}");
        Each("length", lengths, m => m is >= 1 and <= ProtocolParameters.MaxVectorLength, $"must be between 1 and {ProtocolParameters.MaxVectorLength}");
        Each("bits", bits, b => b is >= ProtocolParameters.MinBits and <= ProtocolParameters.MaxBits, $"must be between {ProtocolParameters.MinBits} and {ProtocolParameters.MaxBits}");
        Each("threshold", thresholds, t => t >= 0, "must be 0 (the protocol's default) or a client count");
        Each("dropout", dropouts, p => p is >= 0 and <= 1, "is a probability between 0 and 1");

        var cells = new List<ExperimentCell>();
        foreach (var protocol in protocols)
        foreach (var k in protocol == "secagg+" ? neighbours : [0])
        foreach (var security in securities)
        foreach (var n in clients)
        foreach (var m in lengths)
        foreach (var b in bits)
        foreach (var t in thresholds)
        foreach (var round in rounds)
        foreach (var p in dropouts)
        {
            var cell = new ExperimentCell(protocol, k > 0 ? k : null, security == "active" ? SecurityMode.Active : SecurityMode.SemiHonest, n, m, b,
                t > 0 ? t : null, p, round);
            Check(cell);
            cells.Add(cell);
        }
        return new ExperimentGrid(o.Engine == "actors", o.Repetitions, o.Seed, o.RoundTimeout, o.Journal, o.Out, cells);
    }

    /// <summary>What the results depend on (not where they go): a folder holds the results of one fingerprint.</summary>
    public string Fingerprint() => JsonSerializer.Serialize(new
    {
        engine = ActorEngine ? "actors" : "core",
        repetitions = Repetitions,
        seed = Seed,
        round_timeout_ms = ActorEngine ? RoundTimeout.TotalMilliseconds : (double?)null,
        cells = Cells.Select(c => c.Key).ToArray(),
    }, new JsonSerializerOptions { WriteIndented = true });

    private static void Check(ExperimentCell cell)
    {
        if (cell.Threshold is { } t && t > cell.Clients)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{Axes}.threshold = {t} exceeds the client count n = {cell.Clients}."));
        if (cell.Neighbours is { } k && k >= cell.Clients)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{Axes}.neighbours = {k} must be below the client count n = {cell.Clients}."));
        try
        {
            cell.Parameters();
        }
        catch (ArgumentException error)
        {
            throw new ArgumentException($"{ExperimentOptions.Block}: the cell {cell.Key} is not a valid session: {error.Message}");
        }
    }

    private static T[] Axis<T>(string key, T[] values, T[]? fallback, Func<string, bool> written) => GridAxis.Values(Axes, key, values, fallback, written);

    private static void OneOf(string key, string[] values, params string[] allowed) => GridAxis.OneOf(Axes, key, values, allowed);

    private static void Each<T>(string key, T[] values, Func<T, bool> valid, string rule) where T : IFormattable => GridAxis.Each(Axes, key, values, valid, rule);
}
