using System.Globalization;
using System.Text;
using SecureAgg.Learning.Data;

namespace SecureAgg.Tests.Learning.Data;

/// <summary>The UCI HAR layout on generated files: total_acc → acc, body_gyro → gyro, with and without subject files.</summary>
public sealed class UciHarDatasetSpecs
{
    private static readonly string[] Signals = ["body_acc", "body_gyro", "total_acc"];

    // Distinct per (split, window, signal, axis, t), a decimal of at most 8 digits (what the file format prints) and
    // inside the loader's sensor range; body_acc gets a marker that must never be read.
    private static float Value(int split, int window, string signal, int axis, int t) =>
        (signal == "body_acc" ? -999_999 : split * 100_000 + window * 1_000 + (signal == "body_gyro" ? 500 : 0) + axis * 128 + t) / 10_000f;

    private static void WriteSplit(TempFolder folder, string split, int[] labels, int[]? subjects)
    {
        var s = split == "train" ? 1 : 2;
        foreach (var signal in Signals)
        {
            for (var axis = 0; axis < 3; axis++)
            {
                var text = new StringBuilder();
                for (var w = 0; w < labels.Length; w++)
                {
                    // The UCI files pad with leading blanks and use e-notation.
                    for (var t = 0; t < Window.Length; t++)
                        text.Append("  ").Append(Value(s, w, signal, axis, t).ToString("0.0000000e+000", CultureInfo.InvariantCulture));
                    text.Append('\n');
                }
                folder.Write($"{split}/Inertial Signals/{signal}_{"xyz"[axis]}_{split}.txt", text.ToString());
            }
        }
        folder.Write($"{split}/y_{split}.txt", string.Concat(labels.Select(l => $"{l}\n")));
        if (subjects is not null)
            folder.Write($"{split}/subject_{split}.txt", string.Concat(subjects.Select(x => $"{x}\n")));
    }

    private static void WriteBoth(TempFolder folder, bool withSubjects)
    {
        WriteSplit(folder, "train", [5, 5, 1, 2], withSubjects ? [1, 1, 3, 3] : null);
        WriteSplit(folder, "test", [6, 4, 3], withSubjects ? [2, 2, 4] : null);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Load_RoundTripsWindows(bool withSubjects)
    {
        using var folder = new TempFolder();
        WriteBoth(folder, withSubjects);

        Assert.Equal(DataLayout.UciHar, DataLocation.DetectLayout(folder.Path));
        var data = UciHarDataset.Load(folder.Path);

        Assert.Equal(withSubjects, data.HasSubjects);
        Assert.Equal([5, 5, 1, 2], data.Train.Select(w => w.Activity));
        Assert.Equal([6, 4, 3], data.Test.Select(w => w.Activity));
        Assert.Equal([1, 2, 3, 4], data.Train.Select(w => w.Start));
        Assert.All(data.Train.Concat(data.Test), w => Assert.Null(w.Experiment));
        if (withSubjects)
        {
            Assert.Equal([1, 1, 3, 3], data.Train.Select(w => w.Subject!.Value));
            Assert.Equal([2, 2, 4], data.Test.Select(w => w.Subject!.Value));
        }
        else
        {
            Assert.All(data.Train.Concat(data.Test), w => Assert.Null(w.Subject));
        }

        var window = data.Test[1];
        for (var axis = 0; axis < 3; axis++)
        {
            for (var t = 0; t < Window.Length; t++)
            {
                Assert.Equal(Value(2, 1, "total_acc", axis, t), window.Channel(Window.AccX + axis)[t]);
                Assert.Equal(Value(2, 1, "body_gyro", axis, t), window.Channel(Window.GyroX + axis)[t]);
            }
        }
    }

    [Fact]
    public void WithoutSubjects_ClientsAreContiguousSlices()
    {
        using var folder = new TempFolder();
        WriteBoth(folder, withSubjects: false);
        var data = UciHarDataset.Load(folder.Path);

        var clients = SubjectSplit.ContiguousSlices(data.Train, 3);
        Assert.Equal([2, 1, 1], clients.Select(c => c.Windows.Count));
        Assert.Equal(data.Train, clients.SelectMany(c => c.Windows));
        Assert.Throws<ArgumentException>(() => SubjectSplit.BySubject(data.Train));
    }

    [Fact]
    public void RowWithoutExactly128Values_NamesFileAndLine()
    {
        using var folder = new TempFolder();
        WriteBoth(folder, withSubjects: true);
        var path = folder.File("test/Inertial Signals/body_gyro_y_test.txt");
        var lines = File.ReadAllLines(path);
        lines[1] = lines[1][..lines[1].LastIndexOf(' ')];
        File.WriteAllLines(path, lines);

        var error = Assert.Throws<DataFormatException>(() => UciHarDataset.Load(folder.Path));
        Assert.Equal(path, error.FilePath);
        Assert.Equal(2, error.LineNumber);
        Assert.Contains("body_gyro_y_test.txt, line 2: expected 128 numbers, found 127", error.Message);
    }

    [Fact]
    public void RowCountMismatch_NamesBothFilesAndCounts()
    {
        using var folder = new TempFolder();
        WriteBoth(folder, withSubjects: true);
        folder.Write("train/subject_train.txt", "1\n1\n3\n");

        var error = Assert.Throws<DataFormatException>(() => UciHarDataset.Load(folder.Path));
        Assert.Contains("subject_train.txt: has 3 rows but y_train.txt has 4", error.Message);
    }

    [Fact]
    public void BadLabel_NamesFileAndLine()
    {
        using var folder = new TempFolder();
        WriteBoth(folder, withSubjects: true);
        folder.Write("test/y_test.txt", "6\n13\n3\n");

        var error = Assert.Throws<DataFormatException>(() => UciHarDataset.Load(folder.Path));
        Assert.Contains("y_test.txt, line 2: unknown activity id 13", error.Message);
    }

    [Fact]
    public void MissingSignalFile_IsNamed()
    {
        using var folder = new TempFolder();
        WriteBoth(folder, withSubjects: true);
        File.Delete(folder.File("train/Inertial Signals/total_acc_z_train.txt"));

        var error = Assert.Throws<DataFormatException>(() => UciHarDataset.Load(folder.Path));
        Assert.Contains("total_acc_z_train.txt: file not found", error.Message);
    }

    [Fact]
    public void SubjectFileForOnlyOneSplit_IsRejected()
    {
        using var folder = new TempFolder();
        WriteBoth(folder, withSubjects: true);
        File.Delete(folder.File("test/subject_test.txt"));

        var error = Assert.Throws<DataFormatException>(() => UciHarDataset.Load(folder.Path));
        Assert.Contains("subject_test.txt", error.Message);
    }
}
