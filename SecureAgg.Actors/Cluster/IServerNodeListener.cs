using SecureAgg.Crypto;
using SecureAgg.Protocol;

namespace SecureAgg.Actors.Cluster;

/// <summary>What the server node's host hears from the coordinator (progress lines, CSV rows, exit).</summary>
public interface IServerNodeListener
{
    /// <summary>
    /// The node is up and its journal replayed: <paramref name="continuing"/> when it resumes a run a crash interrupted
    /// (so result files are appended to, not started afresh).
    /// </summary>
    void RunStarted(bool continuing);

    void ClientJoined(string name, int registered);

    void ClientLeft(string name, int registered);

    void SessionOpened(ClusterSessionOpened opened, bool resumed);

    void RoundClosed(int index, RoundClosedNotice notice);

    void SessionFinished(ClusterSessionResult result);

    /// <summary>No more sessions to run (all done), or the node cannot go on (<paramref name="error"/>).</summary>
    void Stopped(string? error);
}
