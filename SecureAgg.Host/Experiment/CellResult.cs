using System.Text.Json.Serialization;

namespace SecureAgg.Host.Experiment;

/// <summary>
/// A finished cell as one line of cells.jsonl: its key, the k and t its sessions used, the theory's completion
/// chance, and every run. The tables and plots are computed from these lines, so a resumed grid's files are those of
/// an uninterrupted one.
/// </summary>
public sealed record CellResult(string Key, int? Neighbours, int Threshold, double Theory, string TheoryMethod, RunOutcome[] Runs) : IFinishedCell
{
    [JsonIgnore]
    public int RunCount => Runs.Length;
}
