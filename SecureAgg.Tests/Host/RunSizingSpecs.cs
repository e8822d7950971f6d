using SecureAgg.Host.Bench;
using SecureAgg.Host.Output;
using SecureAgg.Host.Simulate;
using SecureAgg.Host.Sizing;
using SecureAgg.Protocol;
using SecureAgg.Protocol.Messages;
using SecureAgg.Simulation;

namespace SecureAgg.Tests.Host;

/// <summary>bench and simulate refuse a run that cannot fit in memory before allocating it, and a long run prints progress.</summary>
public sealed class RunSizingSpecs
{
    private const long GiB = 1L << 30;

    [Fact]
    public void A_hundred_thousand_clients_of_full_SecAgg_is_refused_naming_the_estimate_and_the_memory()
    {
        var estimate = BenchMemory.Of(ProtocolParameters.WithDefaults(100_000, 1));

        var error = Assert.Throws<ArgumentException>(() => estimate.Check("this round", 16 * GiB));
        Assert.Equal("this round needs about 9.3 TiB of memory (n = 100,000 clients × m = 1 words × 32 B + 9,999,900,000 neighbour pairs × 1024 B), " +
                     "more than the 16 GiB this machine has; use fewer clients, a shorter vector or secagg+.", error.Message);
    }

    [Fact]
    public void The_estimate_covers_what_runs_measured_and_the_default_runs_fit_in_one_GiB()
    {
        // Measured peaks (RSS, 2 cores): bench n = 800, m = 1: 483 MiB; n = 100, m = 800,000: 1.48 GiB; n = 50, m = 1.6 M: 2.35 GiB.
        Assert.InRange(BenchMemory.Of(ProtocolParameters.WithDefaults(800, 1)).Bytes, 483 << 20, 1 * GiB);
        Assert.InRange(BenchMemory.Of(ProtocolParameters.WithDefaults(100, 800_000)).Bytes, 1.48 * GiB, 3 * GiB);
        Assert.InRange(BenchMemory.Of(ProtocolParameters.WithDefaults(50, 1_600_000)).Bytes, 2.35 * GiB, 4 * GiB);
        Assert.True(BenchMemory.Of(ProtocolParameters.WithDefaults(100, 100_000)).Bytes < GiB);
        Assert.True(SimulationMemory.Of(SimulationConfig.From(null)).Bytes < GiB);
    }

    [Fact]
    public void SecAgg_plus_needs_only_its_neighbourhoods()
    {
        var full = BenchMemory.Of(ProtocolParameters.WithDefaults(20_000, 1));
        var sparse = BenchMemory.Of(ProtocolParameters.WithDefaults(20_000, 1, neighbours: 60));

        Assert.True(full.Bytes > 300 * GiB);
        Assert.True(sparse.Bytes < 2 * GiB);
    }

    [Fact]
    public void The_in_memory_journal_adds_every_rounds_masked_inputs()
    {
        var settings = SimulationConfig.From(null) with { Clients = 100, Length = 400_000, Rounds = 3 };
        var sqlite = SimulationMemory.Of(settings).Bytes;
        var memory = SimulationMemory.Of(settings with { Journal = "memory" }).Bytes;

        // Measured: 3 rounds with the in-memory journal peaked 1.84 GiB, 0.25 GiB over the SQLite journal's.
        Assert.InRange(memory - sqlite, 3 * 100 * 400_000 * 8.0, 3 * 100 * 400_000 * 8.0 + (100 << 20));
        Assert.InRange(memory, 1.84 * GiB, 3 * GiB);
    }

    [Fact]
    public void A_local_round_reports_its_step_and_clients_done_while_it_runs()
    {
        var progress = new LocalRoundProgress();
        var seen = new List<string>();
        var hooks = new LocalRoundHooks(OnServerMessage: message =>
        {
            lock (seen)
                seen.Add(progress.ToString());
            return message;
        });

        LocalRound.Run(ProtocolParameters.WithDefaults(6, 8), DropoutPlan.None, hooks: hooks, progress: progress);

        Assert.Contains(seen, line => line.StartsWith("ShareKeys: ", StringComparison.Ordinal) && line.EndsWith("/6 clients", StringComparison.Ordinal));
        Assert.Contains(seen, line => line.StartsWith("MaskedInputCollection: ", StringComparison.Ordinal));
        Assert.Equal("checking the aggregate against the plaintext sum", progress.ToString());
    }

    [Fact]
    public void The_ticker_prints_the_status_every_period_and_nothing_after_it_is_disposed()
    {
        var output = new StringWriter();
        var ticks = 0;
        using (new ProgressTicker(new ProgressLog(output), () => $"bench: step {Interlocked.Increment(ref ticks)}", TimeSpan.FromMilliseconds(50)))
        {
            // Timer callbacks run on the thread pool, which other tests keep busy: wait for two rather than a fixed time.
            Assert.True(SpinWait.SpinUntil(() => Volatile.Read(ref ticks) >= 2, TimeSpan.FromSeconds(30)));
        }
        var printed = output.ToString();
        Thread.Sleep(150);

        Assert.Equal(printed, output.ToString());
        Assert.Contains("] bench: step 1", printed);
        Assert.Contains("] bench: step 2", printed);
    }

    [Fact]
    public void A_quiet_simulation_round_says_which_phase_closed_last()
    {
        var output = new StringWriter();
        var display = new ProgressDisplay(output, live: false);

        display.StillRunning("", 2, 3, null, TimeSpan.FromSeconds(5.04));
        display.StillRunning("[1/2 dropout=0.1] ", 2, 3, ServerPhase.ShareKeys, TimeSpan.FromSeconds(12.3));

        Assert.Equal(["round 2/3 · no phase closed yet, still running · 5.0 s", "[1/2 dropout=0.1] round 2/3 · ShareKeys closed, still running · 12.3 s"],
            output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
    }
}
