using SecureAgg.Persistence;

namespace SecureAgg.Tests.Actors;

/// <summary>A real SQLite journal in a fresh temporary folder, deleted afterwards.</summary>
public sealed class TempJournal : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "secagg-tests", Guid.NewGuid().ToString("N"));

    public TempJournal()
    {
        Directory.CreateDirectory(_folder);
        Target = JournalTarget.Sqlite(Path.Combine(_folder, "journal.db"));
    }

    public JournalTarget Target { get; }

    public void Dispose()
    {
        try
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A connection still closing; the OS temp cleaner gets it.
        }
    }
}
