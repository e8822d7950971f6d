using SecureAgg.Learning.Data;

namespace SecureAgg.Tests.Learning.Data;

/// <summary>The UCI HAR subject split and the client partitions: membership, sizes, time contiguity, seeding.</summary>
public sealed class SubjectSplitSpecs
{
    private static Window W(int? subject, int experiment, int start) => new(subject, 1, experiment, start, new float[Window.ChannelCount * Window.Length]);

    [Fact]
    public void TestSubjects_AreTheUciHarNine_AndTrainTheOther21()
    {
        Assert.Equal([2, 4, 9, 10, 12, 13, 18, 20, 24], SubjectSplit.TestSubjects);
        Assert.Equal(21, SubjectSplit.TrainSubjects.Count);
        Assert.Empty(SubjectSplit.TrainSubjects.Intersect(SubjectSplit.TestSubjects));
        Assert.Equal(Enumerable.Range(1, 30), SubjectSplit.TrainSubjects.Union(SubjectSplit.TestSubjects).Order());
        Assert.True(SubjectSplit.IsTest(24));
        Assert.False(SubjectSplit.IsTest(1));
    }

    [Fact]
    public void Split_SendsEachWindowBySubject()
    {
        var windows = Enumerable.Range(1, 30).SelectMany(s => new[] { W(s, 2 * s, 1), W(s, 2 * s, 65) }).ToArray();

        var split = SubjectSplit.Split(windows);

        Assert.Equal(42, split.Train.Count);
        Assert.Equal(18, split.Test.Count);
        Assert.All(split.Test, w => Assert.Contains(w.Subject!.Value, SubjectSplit.TestSubjects));
        Assert.All(split.Train, w => Assert.Contains(w.Subject!.Value, SubjectSplit.TrainSubjects));
        Assert.Throws<ArgumentException>(() => SubjectSplit.Split([W(null, 1, 1)]));
    }

    [Fact]
    public void BySubject_OneClientPerSubject_InTimeOrder()
    {
        // Shuffled input: the partition must restore (experiment, start) order.
        Window[] windows = [W(3, 6, 65), W(1, 2, 1), W(3, 5, 129), W(1, 1, 65), W(3, 5, 1), W(1, 1, 1)];

        var clients = SubjectSplit.BySubject(windows);

        Assert.Equal([0, 1], clients.Select(c => c.Id));
        Assert.Equal([1, 3], clients.Select(c => c.Subject!.Value));
        Assert.Equal([(1, 1), (1, 65), (2, 1)], clients[0].Windows.Select(w => (w.Experiment!.Value, w.Start)));
        Assert.Equal([(5, 1), (5, 129), (6, 65)], clients[1].Windows.Select(w => (w.Experiment!.Value, w.Start)));
    }

    [Fact]
    public void BySubject_KClientsPerSubject_AreContiguousStretchesOfTime()
    {
        var windows = Enumerable.Range(0, 10).Select(i => W(7, 1 + i / 6, 1 + 64 * (i % 6)))
            .Concat(Enumerable.Range(0, 6).Select(i => W(8, 9, 1 + 64 * i)))
            .Reverse().ToArray();

        var clients = SubjectSplit.BySubject(windows, clientsPerSubject: 3);

        Assert.Equal(6, clients.Count);
        Assert.Equal([0, 1, 2, 3, 4, 5], clients.Select(c => c.Id));
        Assert.Equal([(7, 0), (7, 1), (7, 2), (8, 0), (8, 1), (8, 2)], clients.Select(c => (c.Subject!.Value, c.Part)));
        Assert.Equal([4, 3, 3, 2, 2, 2], clients.Select(c => c.Windows.Count));
        // Concatenating a subject's parts gives its windows in time order.
        var subject7 = clients.Where(c => c.Subject == 7).SelectMany(c => c.Windows).Select(w => (w.Experiment!.Value, w.Start)).ToArray();
        Assert.Equal(subject7.OrderBy(x => x.Item1).ThenBy(x => x.Item2), subject7);
        Assert.Equal(10, subject7.Length);

        Assert.Throws<ArgumentException>(() => SubjectSplit.BySubject(windows, clientsPerSubject: 7));
        Assert.Throws<ArgumentOutOfRangeException>(() => SubjectSplit.BySubject(windows, clientsPerSubject: 0));
    }

    [Fact]
    public void Iid_DealsASeededShuffleIntoNearlyEqualParts()
    {
        var windows = Enumerable.Range(1, 103).Select(i => W(1 + i % 5, 1, i)).ToArray();

        var clients = SubjectSplit.Iid(windows, clients: 10, seed: 42);

        Assert.Equal([11, 11, 11, 10, 10, 10, 10, 10, 10, 10], clients.Select(c => c.Windows.Count));
        Assert.All(clients, c => Assert.Null(c.Subject));
        Assert.Equal(windows.Select(w => w.Start).Order(), clients.SelectMany(c => c.Windows).Select(w => w.Start).Order());
        Assert.NotEqual(windows.Take(11).Select(w => w.Start), clients[0].Windows.Select(w => w.Start));

        var again = SubjectSplit.Iid(windows, clients: 10, seed: 42);
        Assert.Equal(clients.SelectMany(c => c.Windows), again.SelectMany(c => c.Windows));
        var other = SubjectSplit.Iid(windows, clients: 10, seed: 43);
        Assert.NotEqual(clients.SelectMany(c => c.Windows), other.SelectMany(c => c.Windows));

        Assert.Throws<ArgumentException>(() => SubjectSplit.Iid(windows, clients: 104, seed: 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => SubjectSplit.Iid(windows, clients: 0, seed: 1));
    }
}
