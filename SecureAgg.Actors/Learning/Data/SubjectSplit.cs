namespace SecureAgg.Learning.Data;

/// <summary>
/// The UCI HAR subject split (9 test subjects, 21 training subjects; no subject is in both) and the ways of dealing
/// training windows to federated clients: one client per subject (optionally K per subject, each a contiguous stretch
/// of time, like one phone session), an IID shuffle, or contiguous slices when subject ids are unknown.
/// </summary>
public static class SubjectSplit
{
    public const int SubjectCount = 30;

    public static IReadOnlySet<int> TestSubjects { get; } = new SortedSet<int> { 2, 4, 9, 10, 12, 13, 18, 20, 24 };

    public static IReadOnlySet<int> TrainSubjects { get; } =
        new SortedSet<int>(Enumerable.Range(1, SubjectCount).Where(s => !TestSubjects.Contains(s)));

    public static bool IsTest(int subject) => TestSubjects.Contains(subject);

    /// <summary>Splits by <see cref="TestSubjects"/>; every window needs a subject id.</summary>
    public static TrainTestSplit Split(IEnumerable<Window> windows)
    {
        var train = new List<Window>();
        var test = new List<Window>();
        foreach (var w in windows)
        {
            var subject = w.Subject ?? throw new ArgumentException("a window has no subject id; use the data set's own train/test files");
            (IsTest(subject) ? test : train).Add(w);
        }
        return new TrainTestSplit(train, test);
    }

    /// <summary>
    /// One client per subject (ascending subject id), or <paramref name="clientsPerSubject"/> clients per subject, each
    /// taking a contiguous stretch of the subject's windows in time order (experiment, then start row); part sizes differ
    /// by at most one. Throws if a subject has fewer windows than parts, because an empty client cannot train.
    /// </summary>
    public static IReadOnlyList<ClientShard> BySubject(IEnumerable<Window> windows, int clientsPerSubject = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(clientsPerSubject, 1);
        var clients = new List<ClientShard>();
        var bySubject = windows
            .GroupBy(w => w.Subject ?? throw new ArgumentException("a window has no subject id; use ContiguousSlices"))
            .OrderBy(g => g.Key);
        foreach (var group in bySubject)
        {
            var ordered = group.OrderBy(w => w.Experiment ?? 0).ThenBy(w => w.Start).ToArray();
            if (ordered.Length < clientsPerSubject)
                throw new ArgumentException(
                    $"subject {group.Key} has {ordered.Length} windows, fewer than the {clientsPerSubject} clients asked for", nameof(clientsPerSubject));
            var part = 0;
            foreach (var slice in Slices(ordered, clientsPerSubject))
                clients.Add(new ClientShard(clients.Count, group.Key, part++, slice));
        }
        return clients;
    }

    /// <summary>
    /// An IID partition: a Fisher–Yates shuffle with <c>new Random(seed)</c> (data shuffling is not secret), then
    /// <paramref name="clients"/> consecutive parts whose sizes differ by at most one.
    /// </summary>
    public static IReadOnlyList<ClientShard> Iid(IReadOnlyList<Window> windows, int clients, int seed)
    {
        CheckClientCount(windows.Count, clients);
        var shuffled = windows.ToArray();
        new Random(seed).Shuffle(shuffled);
        return Slices(shuffled, clients).Select((slice, i) => new ClientShard(i, null, 0, slice)).ToArray();
    }

    /// <summary>
    /// <paramref name="clients"/> consecutive parts of <paramref name="windows"/> in the given order, sizes differing by at
    /// most one: the partition for UCI HAR files without subject ids, where file order approximates subjects and time.
    /// </summary>
    public static IReadOnlyList<ClientShard> ContiguousSlices(IReadOnlyList<Window> windows, int clients)
    {
        CheckClientCount(windows.Count, clients);
        return Slices(windows.ToArray(), clients).Select((slice, i) => new ClientShard(i, null, 0, slice)).ToArray();
    }

    private static void CheckClientCount(int windows, int clients)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(clients, 1);
        if (clients > windows)
            throw new ArgumentException($"{clients} clients but only {windows} windows; a client needs at least one", nameof(clients));
    }

    // The first (length mod parts) slices take one extra window.
    private static IEnumerable<Window[]> Slices(Window[] items, int parts)
    {
        var size = items.Length / parts;
        var extra = items.Length % parts;
        var offset = 0;
        for (var p = 0; p < parts; p++)
        {
            var length = size + (p < extra ? 1 : 0);
            yield return items[offset..(offset + length)];
            offset += length;
        }
    }
}
