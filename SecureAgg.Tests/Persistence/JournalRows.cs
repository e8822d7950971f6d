using Microsoft.Data.Sqlite;

namespace SecureAgg.Tests.Persistence;

/// <summary>One stored row of the Akka.Persistence.Sql journal table, as the database holds it.</summary>
public sealed record JournalRow(string PersistenceId, long SequenceNumber, long Created, bool Deleted, string? Manifest, int? SerializerId, byte[] Message);

/// <summary>The raw rows of one persistence id in a SQLite journal, to compare what the renamed code appends with what the old code wrote.</summary>
public static class JournalRows
{
    public static IReadOnlyList<JournalRow> Of(string journalPath, string persistenceId)
    {
        using var connection = new SqliteConnection($"Data Source={journalPath};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT persistence_id, sequence_number, created, deleted, manifest, identifier, message FROM journal " +
                              "WHERE persistence_id = @id ORDER BY sequence_number";
        command.Parameters.AddWithValue("@id", persistenceId);
        using var reader = command.ExecuteReader();
        var rows = new List<JournalRow>();
        while (reader.Read())
        {
            rows.Add(new JournalRow(reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetBoolean(3),
                reader.IsDBNull(4) ? null : reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetInt32(5), reader.GetFieldValue<byte[]>(6)));
        }
        return rows;
    }
}
