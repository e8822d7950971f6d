using System.Diagnostics;
using Akka.Event;
using Polly;
using Polly.Retry;

namespace SecureAgg.Persistence;

/// <summary>
/// How the journal plugins ride out a database outage (PostgreSQL restarting, a dropped connection): every call that
/// fails with a <see cref="TransientJournalError"/> is retried with jittered exponential backoff (0.2 s up to 5 s)
/// until it succeeds or <see cref="Budget"/> has passed since its first attempt; then it fails with a
/// <see cref="JournalOutageException"/> of one line. Meanwhile the persistent actor waits for its write, as it would
/// for a slow one. One warning when a call starts waiting, one when the journal answers again.
/// </summary>
public sealed class JournalOutagePolicy
{
    public static readonly TimeSpan DefaultBudget = TimeSpan.FromSeconds(30);

    private static readonly ResiliencePropertyKey<long> StartedAt = new("secagg.journal.started-at");
    private static readonly ResiliencePropertyKey<string> Operation = new("secagg.journal.operation");

    private readonly ResiliencePipeline _pipeline;
    private readonly ILoggingAdapter _log;

    public JournalOutagePolicy(TimeSpan budget, ILoggingAdapter log)
    {
        Budget = budget;
        _log = log;
        _pipeline = new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is { } error && TransientJournalError.Is(error) && !Spent(args.Context)),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(200),
                MaxDelay = TimeSpan.FromSeconds(5),
                MaxRetryAttempts = int.MaxValue,
                OnRetry = args =>
                {
                    if (args.AttemptNumber == 0)
                        _log.Warning("The journal is unavailable ({0} failed: {1}); retrying for up to {2:0.#} s", args.Context.Properties.GetValue(Operation, "a call"),
                            args.Outcome.Exception?.GetBaseException().Message, Budget.TotalSeconds);
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
    }

    /// <summary>How long one call may keep failing transiently before it fails for good.</summary>
    public TimeSpan Budget { get; }

    /// <summary>Runs <paramref name="call"/> (<paramref name="operation"/> names it in the log) under the policy.</summary>
    public async Task<T> Run<T>(string operation, Func<Task<T>> call, CancellationToken cancellation)
    {
        var context = ResilienceContextPool.Shared.Get(cancellation);
        var started = Stopwatch.GetTimestamp();
        context.Properties.Set(StartedAt, started);
        context.Properties.Set(Operation, operation);
        var attempts = 0;
        try
        {
            var result = await _pipeline.ExecuteAsync(async _ =>
            {
                attempts++;
                return await call().ConfigureAwait(false);
            }, context).ConfigureAwait(false);
            if (attempts > 1)
                _log.Warning("The journal answers again: {0} succeeded after {1} attempts in {2:0.0} s", operation, attempts, Stopwatch.GetElapsedTime(started).TotalSeconds);
            return result;
        }
        catch (Exception error) when (!cancellation.IsCancellationRequested && (attempts > 1 || TransientJournalError.Is(error)))
        {
            throw new JournalOutageException(operation, Stopwatch.GetElapsedTime(started), attempts, error);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    public Task Run(string operation, Func<Task> call, CancellationToken cancellation) => Run(operation, async () =>
    {
        await call().ConfigureAwait(false);
        return true;
    }, cancellation);

    private bool Spent(ResilienceContext context) =>
        Stopwatch.GetElapsedTime(context.Properties.GetValue(StartedAt, 0L)) >= Budget;
}

/// <summary>A journal call that kept failing through the outage budget (or failed in a way not worth retrying after retries).</summary>
public sealed class JournalOutageException(string operation, TimeSpan elapsed, int attempts, Exception cause)
    : Exception($"{operation} failed for {elapsed.TotalSeconds:0.#} s ({attempts} attempt{(attempts == 1 ? "" : "s")}): {cause.GetBaseException().Message}", cause);
