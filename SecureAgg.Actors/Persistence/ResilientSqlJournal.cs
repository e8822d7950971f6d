using System.Collections.Immutable;
using Akka.Actor;
using Akka.Configuration;
using Akka.Event;
using Akka.Persistence;
using Akka.Persistence.Sql.Journal;

namespace SecureAgg.Persistence;

/// <summary>
/// Akka.Persistence.Sql's journal, with every call run under the <see cref="JournalOutagePolicy"/>: a PostgreSQL
/// restart within the outage budget is a slow write, not a stopped session. The plugin's write and sequence-number
/// reads touch the actor's context and state, so their retries run in the journal actor's receive, as the first
/// attempt did. Before a write is tried again the stream's highest sequence number is read: a first attempt that did
/// commit (the connection broke after the commit) is not written twice. A replay that broke off resumes after the last
/// event it delivered.
/// </summary>
public sealed class ResilientSqlJournal : SqlWriteJournal
{
    /// <summary>The plugin setting that bounds an outage.</summary>
    public const string OutageBudgetKey = "outage-budget";

    private readonly JournalOutagePolicy _policy;

    public ResilientSqlJournal(Config journalConfig) : base(journalConfig) =>
        _policy = new JournalOutagePolicy(journalConfig.GetTimeSpan(OutageBudgetKey, JournalOutagePolicy.DefaultBudget), Context.GetLogger());

    protected override Task<IImmutableList<Exception>> WriteMessagesAsync(IEnumerable<AtomicWrite> messages, CancellationToken cancellationToken)
    {
        var writes = messages.ToList();
        var persistenceId = writes[0].PersistenceId;
        var last = writes.Max(write => write.HighestSequenceNr);
        var self = Self;
        var attempt = 0;
        return _policy.Run($"writing {persistenceId} up to event {last}", () =>
        {
            attempt++;
            // The first attempt runs in the journal's own receive; the plugin's write and reads use the actor's
            // context and state, so every retry is handed back to it, one call at a time.
            if (attempt == 1)
                return Write(writes, cancellationToken);
            return Retry();

            async Task<IImmutableList<Exception>> Retry()
            {
                // The attempt the outage interrupted may have committed: then these events are in the journal.
                var highest = await OnJournalThread(self, () => base.ReadHighestSequenceNrAsync(persistenceId, 0, cancellationToken), cancellationToken).ConfigureAwait(false);
                if (highest >= last)
                    return null!;
                return await OnJournalThread(self, () => Write(writes, cancellationToken), cancellationToken).ConfigureAwait(false);
            }
        }, cancellationToken);
    }

    private Task<IImmutableList<Exception>> Write(List<AtomicWrite> writes, CancellationToken cancellationToken) =>
        base.WriteMessagesAsync(writes, cancellationToken);

    protected override bool ReceivePluginInternal(object message)
    {
        if (message is not JournalThreadCall call)
            return base.ReceivePluginInternal(message);
        call.Run();
        return true;
    }

    /// <summary>Runs <paramref name="call"/> in the journal actor's receive (where the plugin's methods expect to run).</summary>
    private static Task<T> OnJournalThread<T>(IActorRef self, Func<Task<T>> call, CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        var cancelled = cancellationToken.Register(() => done.TrySetCanceled(cancellationToken));
        self.Tell(new JournalThreadCall(() =>
        {
            Task<T> running;
            try
            {
                running = call();
            }
            catch (Exception error)
            {
                running = Task.FromException<T>(error);
            }
            running.ContinueWith(finished =>
            {
                cancelled.Dispose();
                if (finished.IsCanceled)
                    done.TrySetCanceled();
                else if (finished.Exception is { } error)
                    done.TrySetException(error.InnerExceptions);
                else
                    done.TrySetResult(finished.Result);
            }, TaskScheduler.Default);
        }));
        return done.Task;
    }

    private sealed record JournalThreadCall(Action Run) : INoSerializationVerificationNeeded;

    public override Task ReplayMessagesAsync(IActorContext context, string persistenceId, long fromSequenceNr, long toSequenceNr, long max,
        Action<IPersistentRepresentation> recoveryCallback)
    {
        var delivered = 0L;
        var next = fromSequenceNr;
        return _policy.Run($"replaying {persistenceId}", async () =>
        {
            if (max - delivered <= 0 || next > toSequenceNr)
                return;
            await base.ReplayMessagesAsync(context, persistenceId, next, toSequenceNr, max - delivered, replayed =>
            {
                delivered++;
                next = replayed.SequenceNr + 1;
                recoveryCallback(replayed);
            }).ConfigureAwait(false);
        }, CancellationToken.None);
    }

    public override Task<long> ReadHighestSequenceNrAsync(string persistenceId, long fromSequenceNr, CancellationToken cancellationToken)
    {
        var self = Self;
        var attempt = 0;
        return _policy.Run($"reading the highest event of {persistenceId}", () =>
        {
            attempt++;
            return attempt == 1
                ? base.ReadHighestSequenceNrAsync(persistenceId, fromSequenceNr, cancellationToken)
                : OnJournalThread(self, () => base.ReadHighestSequenceNrAsync(persistenceId, fromSequenceNr, cancellationToken), cancellationToken);
        }, cancellationToken);
    }

    protected override Task DeleteMessagesToAsync(string persistenceId, long toSequenceNr, CancellationToken cancellationToken) =>
        _policy.Run($"deleting {persistenceId} up to event {toSequenceNr}", () => base.DeleteMessagesToAsync(persistenceId, toSequenceNr, cancellationToken), cancellationToken);
}
