using Akka.Actor;
using SecureAgg.Host.Report;
using SecureAgg.Persistence;

namespace SecureAgg.Host.Composition;

/// <summary>Writes and reads back one record through the node's journal (<see cref="JournalProbeActor"/>) before any round runs.</summary>
public static class JournalProbe
{
    // The plugins answer nothing at all while their initialisation keeps failing: silence is a failure too.
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    /// <summary>Throws <see cref="JournalUnavailableException"/> with one line when the journal cannot be used.</summary>
    public static async Task WriteAndReadBackAsync(ActorSystem system, JournalTarget journal, CancellationToken cancellation)
    {
        if (journal.Kind == JournalKind.Memory)
            return;
        var nonce = Guid.NewGuid().ToString("N");
        foreach (var write in new[] { true, false })
        {
            JournalProbeResult result;
            try
            {
                result = await system.ActorOf(Props(nonce, write)).Ask<JournalProbeResult>(StartProbe.Instance, Patience, cancellation);
            }
            catch (AskTimeoutException)
            {
                throw new JournalUnavailableException($"the journal did not answer within {Patience.TotalSeconds:0} s");
            }
            if (result.Failure is { } failure)
                throw new JournalUnavailableException(failure);
        }
    }

    private static Props Props(string nonce, bool write) => Akka.Actor.Props.Create(() => new ProbeAsker(nonce, write));

    // Every actor answers Identify itself, so the asker is started with a message of its own.
    private sealed record StartProbe
    {
        public static readonly StartProbe Instance = new();
    }

    // Relays the probe's one answer to the asker (the probe is a child so that it is stopped with it).
    private sealed class ProbeAsker : ReceiveActor
    {
        public ProbeAsker(string nonce, bool write) =>
            Receive<StartProbe>(_ =>
            {
                var asker = Sender;
                Context.ActorOf(JournalProbeActor.Props(nonce, write, Self));
                Become(() => Receive<JournalProbeResult>(result =>
                {
                    asker.Tell(result);
                    Context.Stop(Self);
                }));
            });
    }
}
