namespace SecureAgg.Host.Experiment;

/// <summary>A finished cell as a line of cells.jsonl (<see cref="ExperimentStore{T}"/>): the cell's key and how many runs it holds.</summary>
public interface IFinishedCell
{
    string Key { get; }

    int RunCount { get; }
}
