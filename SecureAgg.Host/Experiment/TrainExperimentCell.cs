using System.Globalization;
using SecureAgg.Host.Configuration;
using SecureAgg.Learning.Training;
using SecureAgg.Simulation;

namespace SecureAgg.Host.Experiment;

/// <summary>
/// One point of a training grid: the aggregation (secure or plaintext) and the dropout every selected client of every
/// round suffers, with probability <paramref name="Dropout"/> at the protocol round <paramref name="DropoutRound"/>.
/// A plaintext cell draws the same dropouts as a secure one (as <c>secagg train --aggregation plaintext --dropout P</c>
/// does): a client that drops before its update would have been delivered (advertise, share, mask) is left out of
/// the sum; one that drops later (consistency, unmask) delivered it already. Plaintext FedAvg has no threshold, so it
/// never skips a round for too few clients.
/// </summary>
public sealed record TrainExperimentCell(string Aggregation, double Dropout, string DropoutRound)
{
    public const string Secure = "secure";
    public const string Plaintext = "plaintext";

    public bool IsSecure => Aggregation == Secure;

    public TrainingMode Mode => IsSecure ? TrainingMode.Secure : TrainingMode.FedAvg;

    /// <summary>The cell's identity in cells.jsonl: every axis value, spelled one way.</summary>
    public string Key => string.Create(CultureInfo.InvariantCulture, $"aggregation={Aggregation} p={Dropout} round={DropoutRound}");

    /// <summary>The legend and table name of the cell, e.g. "secure, p = 0.1 at mask".</summary>
    public string Label => string.Create(CultureInfo.InvariantCulture, $"{Aggregation}, p = {Dropout} at {DropoutRound}");

    /// <summary>The schedule <c>secagg train --dropout P --dropout-round R</c> builds (p = 0 included: it drops nobody).</summary>
    public DropoutSchedule Schedule() => DropoutSchedule.At(RoundNames.Parse(DropoutRound), Dropout);
}
