using System.Security.Cryptography;
using SecureAgg.Crypto;
using SecureAgg.Protocol;

namespace SecureAgg.Actors.Cluster;

/// <summary>
/// A session the coordinator is about to open over <paramref name="Opened"/>'s members, or the <paramref name="Problem"/>
/// that means no session of them can run (the server stops rather than fail mid-round).
/// </summary>
public sealed record SessionOpening(ClusterSessionOpened? Opened, string? Problem)
{
    /// <summary>
    /// The next session over <paramref name="members"/>: the task's shape and payload, parameters from the settings, a
    /// fresh session id and graph seed; checked against the frame size before anyone hears of it.
    /// </summary>
    public static SessionOpening Plan(ClusterServerSettings settings, IServerSessionTask task, int index, IReadOnlyList<SessionMember> members)
    {
        ProtocolParameters parameters;
        byte[] payload;
        try
        {
            var (length, bits) = task.Shape(members.Count);
            parameters = settings.ParametersFor(members.Count, length, bits);
            payload = task.Payload();
        }
        catch (ArgumentException invalid)
        {
            return new SessionOpening(null, $"cannot run a session of {members.Count} clients: {invalid.Message}");
        }
        if (settings.FrameSizeProblem(parameters, payload.Length) is { } problem)
            return new SessionOpening(null, problem);
        return new SessionOpening(new ClusterSessionOpened(index, SessionId.New(), parameters, RandomNumberGenerator.GetBytes(32), settings.Seed,
            settings.RoundTimeout, members, payload), null);
    }
}
