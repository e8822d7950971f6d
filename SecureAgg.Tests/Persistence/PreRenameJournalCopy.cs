using SecureAgg.Persistence;

namespace SecureAgg.Tests.Persistence;

/// <summary>
/// A journal the pre-rename code wrote (<c>Fixtures/PreRename/</c>, see its README), copied to a fresh temporary
/// folder: replaying appends events (a resumed session journals its last close), and the committed bytes must stay
/// exactly as the old assemblies wrote them.
/// </summary>
public sealed class PreRenameJournalCopy : IDisposable
{
    private PreRenameJournalCopy(string folder) => Folder = folder;

    public static string FixtureFolder(string fixture) => Path.Combine(AppContext.BaseDirectory, "Persistence", "Fixtures", "PreRename", fixture);

    /// <summary>Copies every file of one fixture (journal.db, journal.db.snapshots, and e.g. the trusted keys).</summary>
    public static PreRenameJournalCopy Of(string fixture)
    {
        var source = FixtureFolder(fixture);
        if (!File.Exists(Path.Combine(source, "journal.db")))
            throw new FileNotFoundException($"No fixture journal at {source}: is it copied to the test output?", Path.Combine(source, "journal.db"));
        var folder = Path.Combine(Path.GetTempPath(), "secagg-tests", "pre-rename-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        foreach (var file in Directory.GetFiles(source))
            File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
        return new PreRenameJournalCopy(folder);
    }

    public string Folder { get; }

    public string JournalPath => Path.Combine(Folder, "journal.db");

    public JournalTarget Target => JournalTarget.Sqlite(JournalPath);

    public string PathOf(string file) => Path.Combine(Folder, file);

    public void Dispose()
    {
        try
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A connection still closing; the OS temp cleaner gets it.
        }
    }
}
