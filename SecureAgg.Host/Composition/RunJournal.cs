using SecureAgg.Persistence;

namespace SecureAgg.Host.Composition;

/// <summary>
/// Where a single-process run (simulate, train) journals, and what it does with what is there: the default journal in
/// OUT belongs to one run, so a run starts it afresh (its metrics.csv is rewritten too, and a report of OUT then shows
/// this run's sessions only); a journal named with --journal is never wiped, this run's sessions are added to it. The
/// key file stays: it is the operator's, and a fresh database needs no fresh key.
/// </summary>
public static class RunJournal
{
    /// <summary>The SQLite files of the journal at <paramref name="path"/>: the database, its snapshot store, and their side files.</summary>
    public static IEnumerable<string> Files(string path) =>
        from database in new[] { path, path + ".snapshots" }
        from suffix in new[] { "", "-wal", "-shm", "-journal" }
        select database + suffix;

    /// <summary>Prepares the journal and returns the one line that says what this run journals into.</summary>
    /// <param name="isDefault">The journal is the default OUT/journal.db (no --journal).</param>
    public static string Prepare(JournalTarget journal, bool isDefault)
    {
        if (journal.Kind == JournalKind.Memory)
            return "journal: memory (kept only while this run lasts)";
        if (!isDefault)
            return $"journal: {journal} (given with --journal: kept, this run's sessions are added to what it holds)";
        var replaced = false;
        foreach (var file in Files(journal.Location).Where(File.Exists))
        {
            File.Delete(file);
            replaced = true;
        }
        return $"journal: fresh {journal}{(replaced ? " (the previous run's journal was replaced)" : "")}";
    }
}
