using Akka.Actor;
using Akka.Event;

namespace SecureAgg.Actors.Cluster;

/// <summary>
/// The <see cref="ClusterSessionCoordinator"/>'s log lines and its notices to the host (the results writer), used on
/// the coordinator's own thread: what it decided, worded for operators. The decisions stay in the coordinator.
/// </summary>
internal sealed class CoordinatorReports(ILoggingAdapter log, IActorRef host)
{
    /// <summary>A notice for the host as it is (a <see cref="IServerNodeNotice"/> or a session's <see cref="RoundClosedNotice"/>).</summary>
    public void Tell(object notice) => host.Tell(notice);

    public void Rejoining(int clientNodes, int? openSession, TimeSpan delay)
    {
        log.Info("Restarted with {0} known client node(s){1}; joining the cluster through them in {2:0.#} s", clientNodes,
            openSession is null ? "" : $" and open session #{openSession}", delay.TotalSeconds);
        host.Tell(new RejoinNotice(clientNodes, delay));
    }

    public void OpenEnrolment() =>
        log.Warning("Open enrolment: names that are not enrolled register without proof; one node may pose as many clients (Sybil)");

    public void AllDoneBeforeRestart(int sessions) => log.Info("All {0} sessions of this run were done before the restart", sessions);

    /// <summary>Logs why the roster refused a registration; false when it did not.</summary>
    public bool Refused(Admission admission, string name, ActorPath from)
    {
        switch (admission)
        {
            case Admission.NoName:
                log.Warning("Refused a registration without a client name from {0}", from);
                return true;
            case Admission.Untrusted:
                log.Warning("Refused {0} from {1}: not enrolled (not in the trusted key file)", name, from);
                return true;
            case Admission.WrongKey:
                log.Warning("Refused {0} from {1}: its registration is not signed with the enrolled key", name, from);
                return true;
            case Admission.UnknownChallenge:
                log.Warning("Refused {0} from {1}: its registration answers no challenge it was given (replayed or stale)", name, from);
                return true;
            case Admission.ExpiredChallenge:
                log.Warning("Refused {0} from {1}: its registration answers an expired challenge", name, from);
                return true;
            case Admission.TooManyPending:
                log.Warning("Refused {0} from {1} for now: too many registrations are waiting for their proof", name, from);
                return true;
            case Admission.NameHeld:
                // A restarted client node's agent is admitted once the old one is gone (it keeps registering until then).
                log.Warning("Refused {0} from {1}: the name is held by a live agent", name, from);
                return true;
            default:
                return false;
        }
    }

    public void Joined(string name, int registered, bool sessionOpen)
    {
        log.Info("Client {0} registered ({1} registered){2}", name, registered, sessionOpen ? "; it joins the next session" : "");
        host.Tell(new ClientJoined(name, registered));
    }

    public void Left(string name, int registered)
    {
        log.Warning("Client {0} left the cluster ({1} registered)", name, registered);
        host.Tell(new ClientLeft(name, registered));
    }

    public void Opened(ClusterSessionOpened opened, bool resumed)
    {
        var p = opened.Parameters;
        log.Info("{0} session #{1} ({2}) with {3}", resumed ? "Resumed" : "Opened", opened.Index, opened.Session,
            $"n = {p.ClientCount}, t = {p.Threshold}, m = {p.VectorLength}, b = {p.Bits}");
        host.Tell(new SessionOpenedNotice(opened, resumed));
    }

    public void Untrusted(int index, string client) =>
        log.Warning("Session #{0}: {1} is not in the trusted key file; its messages will be refused", index, client);

    public void Ignored(MessageIgnoredNotice ignored) =>
        log.Info("Session {0}: ignored a message from client {1}: {2}", ignored.Session, ignored.Sender, ignored.Reason.Message);

    public void Refused(ClientRefusedNotice refused) =>
        log.Warning("Session {0}: client {1} refused: {2}", refused.Session, refused.Client, refused.Reason.Message);

    public void RegisteredTooLate(string name) => log.Info("{0} registered after the last session; nothing left to run", name);

    public void IgnoredAfterTheEnd(object message) => log.Debug("Ignored {0} after the last session", message.GetType().Name);

    /// <summary>The run's end: <paramref name="error"/> null when every session ran.</summary>
    public void Stopped(string? error) => host.Tell(new ServerNodeStopped(error));

    public void Stops(string error, bool infrastructure = false)
    {
        log.Error("Server stops: {0}", error);
        host.Tell(new ServerNodeStopped(error, infrastructure));
    }

    /// <summary>The coordinator's own journal failed (the actor logged why) and it stops: the run ends with that line.</summary>
    public void JournalFailed(string reason) => host.Tell(new ServerNodeStopped($"journal failed: {reason}", Infrastructure: true));

    /// <summary>The recovery failed (the actor logged why); the run ends with that line.</summary>
    public void JournalUnreadable(string reason) => host.Tell(new ServerNodeStopped($"journal recovery failed: {reason}", Infrastructure: true));
}
