namespace SecureAgg.Host.Report;

/// <summary>
/// One row of the Akka.Persistence.Sql <c>journal</c> table, the columns the report uses: <c>persistence_id</c>,
/// <c>sequence_number</c>, <c>created</c> (UTC ticks of the write), <c>deleted</c>, <c>manifest</c>, <c>identifier</c>
/// (the serializer id) and <c>message</c> (the serialized event).
/// </summary>
public sealed record JournalRow(string PersistenceId, long SequenceNumber, long CreatedTicks, bool Deleted, string? Manifest, int? SerializerId, byte[] Message);
