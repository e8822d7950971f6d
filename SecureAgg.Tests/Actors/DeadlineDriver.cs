using Akka.Actor;
using Akka.TestKit;
using SecureAgg.Actors;
using SecureAgg.Crypto;
using SecureAgg.Protocol;

namespace SecureAgg.Tests.Actors;

/// <summary>
/// Fires a round's deadline once every client the round waits for has either been accepted by the server or is an
/// injected dropout that fell silent, and at least one is silent (otherwise the round closes by itself). The server
/// announces the round after starting its timer and each accepted answer after applying it, so when the scheduler is
/// advanced the deadline is due and every live answer is already counted.
/// </summary>
public sealed class DeadlineDriver : ReceiveActor
{
    private readonly TestScheduler _scheduler;
    private readonly Dictionary<(SessionId, ServerPhase), Round> _rounds = [];

    public DeadlineDriver(TestScheduler scheduler)
    {
        _scheduler = scheduler;
        Receive<RoundOpenedNotice>(opened => Update(opened.Session, opened.Phase, round => round.Open(opened.Expected, opened.Deadline)));
        Receive<MessageAcceptedNotice>(accepted => Update(accepted.Session, accepted.Phase, round => round.Accepted.Add(accepted.Sender)));
        // A client falls silent on the server's request for the round it would answer, which is the phase of that number.
        Receive<DropoutInjectedNotice>(silent => Update(silent.Session, (ServerPhase)(int)silent.Round, round => round.Silent.Add(silent.Client)));
    }

    private void Update(SessionId session, ServerPhase phase, Action<Round> change)
    {
        if (!_rounds.TryGetValue((session, phase), out var round))
            _rounds[(session, phase)] = round = new Round();
        change(round);
        if (round.WaitsOnlyForSilentClients)
        {
            round.Fired = true;
            _scheduler.Advance(round.Deadline);
        }
    }

    private sealed class Round
    {
        private int? _expected;

        public TimeSpan Deadline { get; private set; }

        public HashSet<int> Accepted { get; } = [];

        public HashSet<int> Silent { get; } = [];

        public bool Fired { get; set; }

        public bool WaitsOnlyForSilentClients =>
            !Fired && _expected is { } expected && Silent.Count > 0 && Accepted.Count + Silent.Count >= expected;

        public void Open(int expected, TimeSpan deadline)
        {
            _expected = expected;
            Deadline = deadline;
        }
    }
}
