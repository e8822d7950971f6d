using Akka.Configuration;
using Akka.Hosting;
using Akka.Persistence.Hosting;
using Akka.Persistence.Sql.Hosting;
using SecureAgg.Actors.Wire;
using SecureAgg.Persistence;
using SecureAgg.Serialization;
using AkkaLogLevel = Akka.Event.LogLevel;

namespace SecureAgg.Host.Composition;

/// <summary>The building blocks every command's ActorSystem is made of, as Akka.Hosting builder steps.</summary>
public static class AkkaBuilderExtensions
{
    /// <summary>
    /// <see cref="SecAggSerializer"/> for every <see cref="IWireMessage"/> (never the default JSON serializer), with
    /// the deployment's vector-length cap; <paramref name="verifyEveryMessage"/> serializes in-process messages too.
    /// </summary>
    public static AkkaConfigurationBuilder WithSecureAggSerializer(this AkkaConfigurationBuilder builder, int maxVectorLength, bool verifyEveryMessage = false) =>
        builder
            .AddHocon(ConfigurationFactory.ParseString($"""
                secagg.serialization.max-vector-length = {maxVectorLength}
                akka.actor.serialize-messages = {(verifyEveryMessage ? "on" : "off")}
                """), HoconAddMode.Prepend)
            .WithCustomSerializer("secagg", [typeof(IWireMessage)], system => new SecAggSerializer(system));

    /// <summary>
    /// The server's journal: Akka.Persistence.Sql on SQLite (journal and snapshots in two files, so the two stores
    /// never contend for one database lock) or PostgreSQL, riding out outages up to <paramref name="outageBudget"/>
    /// (<see cref="JournalOutagePolicy"/>); or the in-memory plugins.
    /// </summary>
    public static AkkaConfigurationBuilder WithJournal(this AkkaConfigurationBuilder builder, JournalTarget journal, TimeSpan? outageBudget = null)
    {
        if (journal.Kind == JournalKind.Memory)
            return builder.WithInMemoryJournal().WithInMemorySnapshotStore();
        var (journalConnection, snapshotConnection, provider) = journal.SqlConnection();
        return builder.AddHocon(JournalTarget.OutageConfig(outageBudget ?? JournalOutagePolicy.DefaultBudget), HoconAddMode.Prepend).WithSqlPersistence(
            new Akka.Persistence.Sql.Hosting.SqlJournalOptions(true) { ConnectionString = journalConnection, ProviderName = provider, AutoInitialize = true },
            new Akka.Persistence.Sql.Hosting.SqlSnapshotOptions(true) { ConnectionString = snapshotConnection, ProviderName = provider, AutoInitialize = true });
    }

    /// <summary>Akka's log events go to Microsoft.Extensions.Logging (one console format for the whole program).</summary>
    public static AkkaConfigurationBuilder WithHostLogging(this AkkaConfigurationBuilder builder, string akkaLogLevel) =>
        builder
            .AddHocon(ConfigurationFactory.ParseString("""
                akka.log-dead-letters = 10
                akka.log-dead-letters-during-shutdown = off
                akka.stdout-loglevel = OFF
                """), HoconAddMode.Prepend)
            .ConfigureLoggers(loggers =>
            {
                loggers.LogLevel = ParseLevel(akkaLogLevel);
                loggers.LogConfigOnStart = false;
                loggers.ClearLoggers();
                loggers.AddLoggerFactory();
            });

    /// <summary>
    /// CPU-heavy work (unmasking, local training, data loading) runs on <see cref="CpuDispatcher"/>'s own threads,
    /// and remoting and cluster heartbeats on dedicated threads: a node computing at 100% of every core still answers
    /// heartbeats, because no message waits for a thread-pool thread behind the computation.
    /// </summary>
    public static AkkaConfigurationBuilder WithDedicatedDispatchers(this AkkaConfigurationBuilder builder) =>
        builder.AddHocon(ConfigurationFactory.ParseString($$"""
            {{CpuDispatcher}} {
              type = ForkJoinDispatcher
              throughput = 1
              dedicated-thread-pool { thread-count = {{Environment.ProcessorCount}} }
            }
            secagg.heartbeat-dispatcher {
              type = ForkJoinDispatcher
              throughput = 100
              dedicated-thread-pool { thread-count = 2 }
            }
            akka.cluster.use-dispatcher = secagg.heartbeat-dispatcher
            akka.remote.use-dispatcher = secagg.heartbeat-dispatcher
            """), HoconAddMode.Prepend);

    /// <summary>The dispatcher for actors that compute (see <see cref="WithDedicatedDispatchers"/>).</summary>
    public const string CpuDispatcher = SecureAgg.Actors.CpuDispatcher.Id;

    private static AkkaLogLevel ParseLevel(string level) => NodeLogging.MinimumLevel(level) switch
    {
        Microsoft.Extensions.Logging.LogLevel.Debug => AkkaLogLevel.DebugLevel,
        Microsoft.Extensions.Logging.LogLevel.Information => AkkaLogLevel.InfoLevel,
        Microsoft.Extensions.Logging.LogLevel.Error => AkkaLogLevel.ErrorLevel,
        _ => AkkaLogLevel.WarningLevel,
    };
}
