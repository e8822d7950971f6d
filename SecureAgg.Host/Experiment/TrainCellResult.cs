using System.Text.Json.Serialization;

namespace SecureAgg.Host.Experiment;

/// <summary>
/// A finished cell of a training grid as one line of cells.jsonl: its key and every run. The tables and the plot are
/// computed from these lines, so a resumed grid's files are those of an uninterrupted one.
/// </summary>
public sealed record TrainCellResult(string Key, TrainRunOutcome[] Runs) : IFinishedCell
{
    [JsonIgnore]
    public int RunCount => Runs.Length;
}
