using SecureAgg.Persistence;

namespace SecureAgg.Host.Composition;

/// <summary>
/// Where the single-process commands (simulate, train) keep the key their journal is sealed with: a key file outside
/// the database, by default beside the default journal (OUT/journal.key), made with 32 random bytes when missing.
/// </summary>
public static class JournalKeys
{
    public const string DefaultFile = "journal.key";

    /// <summary>The integrity settings and the key file used (null for an in-memory journal: its records die with the process).</summary>
    public static (JournalIntegrity? Integrity, string? File) ForInProcess(JournalTarget journal, string? keyFile, string outDir)
    {
        if (journal.Kind == JournalKind.Memory && keyFile is null)
            return (null, null);
        var file = keyFile ?? Path.Combine(outDir, DefaultFile);
        return (new JournalIntegrity(JournalKey.LoadOrCreate(file)), file);
    }
}
