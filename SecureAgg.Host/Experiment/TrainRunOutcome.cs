using System.Text.Json.Serialization;
using SecureAgg.Learning.Training;
using SecureAgg.Protocol.Messages;

namespace SecureAgg.Host.Experiment;

/// <summary>
/// One federated round of a training run, as cells.jsonl keeps it. <paramref name="Planned"/>: the selected clients
/// whose update the run's dropout draw lets through (those that do not drop at advertise, share or mask);
/// <paramref name="Survivors"/>: the clients whose update is in the applied sum (0 when the round was skipped).
/// </summary>
public sealed record TrainRoundOutcome(
    int Round, double Accuracy, double MacroF1, double TrainLoss, int Selected, int Planned, int Survivors, bool Skipped, string? SkipReason,
    double SecureAggregationMs, double TrainingMs)
{
    /// <summary>An applied round summed fewer clients than the draw let through: a live client missed a deadline.</summary>
    [JsonIgnore]
    public bool Late => !Skipped && Survivors < Planned;
}

/// <summary>
/// One training run of a cell (one repetition, one seed): the final model's test accuracy and macro F1, and every round.
/// </summary>
public sealed record TrainRunOutcome(int Seed, double Accuracy, double MacroF1, double Seconds, TrainRoundOutcome[] Rounds)
{
    [JsonIgnore]
    public int RoundsSkipped => Rounds.Count(r => r.Skipped);

    [JsonIgnore]
    public int LateRounds => Rounds.Count(r => r.Late);

    /// <summary>Clients in the sum, averaged over the rounds that were applied (none when every round was skipped).</summary>
    [JsonIgnore]
    public double? MeanSurvivors => Rounds.Any(r => !r.Skipped) ? Rounds.Where(r => !r.Skipped).Average(r => r.Survivors) : null;

    /// <summary>
    /// The outcome of <paramref name="run"/>, trained with <paramref name="settings"/>. Each round's planned survivors
    /// come from the draw both aggregators make (<c>DropoutSchedule.Draw(selected, seed, round)</c>).
    /// </summary>
    public static TrainRunOutcome Of(TrainingRun run, TrainingSettings settings)
    {
        var rounds = run.Rounds.Select(r =>
        {
            var plan = settings.DropoutSchedule.Draw(r.Selected, settings.Seed, r.Round);
            var planned = r.Selected - plan.StopsAt.Values.Count(stop => stop <= ProtocolRound.MaskedInputCollection);
            return new TrainRoundOutcome(r.Round, r.TestAccuracy, r.MacroF1, r.TrainLoss, r.Selected, planned, r.Skipped ? 0 : r.Survivors, r.Skipped,
                r.SkipReason, r.SecureAggregationMs, r.TrainingMs);
        }).ToArray();
        return new TrainRunOutcome(settings.Seed, run.Final.Accuracy, run.Final.MacroF1, run.Elapsed.TotalSeconds, rounds);
    }
}
