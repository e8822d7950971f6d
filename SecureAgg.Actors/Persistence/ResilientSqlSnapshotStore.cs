using Akka.Configuration;
using Akka.Event;
using Akka.Persistence;
using Akka.Persistence.Sql.Snapshot;

namespace SecureAgg.Persistence;

/// <summary>Akka.Persistence.Sql's snapshot store, every call run under the <see cref="JournalOutagePolicy"/> (see <see cref="ResilientSqlJournal"/>).</summary>
public sealed class ResilientSqlSnapshotStore : SqlSnapshotStore
{
    private readonly JournalOutagePolicy _policy;

    public ResilientSqlSnapshotStore(Config snapshotConfig) : base(snapshotConfig) =>
        _policy = new JournalOutagePolicy(snapshotConfig.GetTimeSpan(ResilientSqlJournal.OutageBudgetKey, JournalOutagePolicy.DefaultBudget), Context.GetLogger());

    protected override Task<SelectedSnapshot?> LoadAsync(string persistenceId, SnapshotSelectionCriteria criteria, CancellationToken cancellationToken) =>
        _policy.Run($"loading the snapshot of {persistenceId}", () => base.LoadAsync(persistenceId, criteria, cancellationToken)!, cancellationToken);

    protected override Task SaveAsync(SnapshotMetadata metadata, object snapshot, CancellationToken cancellationToken) =>
        _policy.Run($"saving a snapshot of {metadata.PersistenceId}", () => base.SaveAsync(metadata, snapshot, cancellationToken), cancellationToken);

    protected override Task DeleteAsync(SnapshotMetadata metadata, CancellationToken cancellationToken) =>
        _policy.Run($"deleting a snapshot of {metadata.PersistenceId}", () => base.DeleteAsync(metadata, cancellationToken), cancellationToken);

    protected override Task DeleteAsync(string persistenceId, SnapshotSelectionCriteria criteria, CancellationToken cancellationToken) =>
        _policy.Run($"deleting the snapshots of {persistenceId}", () => base.DeleteAsync(persistenceId, criteria, cancellationToken), cancellationToken);
}
