using SecureAgg.Learning.Data;

namespace SecureAgg.Tests.Learning.Data;

/// <summary>
/// The HAPT raw loader on generated folders: a round trip with exact values, then every format error, each of which
/// must name the file and (where there is one) the line.
/// </summary>
public sealed class HaptDatasetSpecs
{
    [Fact]
    public void Load_RoundTripsRecordingsAndSegments()
    {
        using var folder = new TempFolder();
        SyntheticHapt.WriteStandard(folder);

        var data = HaptDataset.Load(folder.Path);

        Assert.Equal([1, 2, 3], data.Recordings.Select(r => r.Experiment));
        Assert.Equal([1, 1, 2], data.Recordings.Select(r => r.Subject));
        Assert.Equal([1000, 600, 700], data.Recordings.Select(r => r.Length));
        Assert.Equal(2300, data.TotalRows);
        Assert.Equal(6, data.Segments.Count);
        Assert.Equal(new LabelledSegment(1, 1, 7, 301, 350), data.Segments[1]);
        Assert.Equal(291 + 50 + 350 + 128 + 128 + 127, data.LabelledSamples);

        var r2 = data.RecordingOf(2);
        Assert.Equal(SyntheticHapt.Value(2, Window.AccX, 1), r2.Acc.X[0]);
        Assert.Equal(SyntheticHapt.Value(2, Window.AccZ, 600), r2.Acc.Z[599]);
        Assert.Equal(SyntheticHapt.Value(2, Window.GyroX, 77), r2.Gyro.X[76]);
        Assert.Equal(SyntheticHapt.Value(2, Window.GyroZ, 600), r2.Gyro.Z[599]);
    }

    [Fact]
    public void Load_AcceptsCrlfScientificNotationExtraBlanksAndNoFinalNewline()
    {
        using var folder = new TempFolder();
        folder.Write("RawData/acc_exp01_user01.txt", "  1.5e0 -2.5E+00\t3\r\n4 5 6\r\n");
        folder.Write("RawData/gyro_exp01_user01.txt", "0.25 0.5 0.75\n-1 -2 -3");
        folder.Write("RawData/labels.txt", "1 1 1 1 2\n\n");

        var r = HaptDataset.Load(folder.Path).RecordingOf(1);

        Assert.Equal([1.5f, 4f], r.Acc.X);
        Assert.Equal([-2.5f, 5f], r.Acc.Y);
        Assert.Equal([3f, 6f], r.Acc.Z);
        Assert.Equal([0.75f, -3f], r.Gyro.Z);
    }

    [Fact]
    public void Load_ParsesWithInvariantCultureWhateverTheCurrentCulture()
    {
        using var folder = new TempFolder();
        SyntheticHapt.Write(folder, [(1, 1, 200)], "1 1 1 1 200");
        var previous = System.Globalization.CultureInfo.CurrentCulture;
        try
        {
            System.Globalization.CultureInfo.CurrentCulture = new System.Globalization.CultureInfo("de-DE");
            Assert.Equal(SyntheticHapt.Value(1, Window.AccZ, 3), HaptDataset.Load(folder.Path).RecordingOf(1).Acc.Z[2]);
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = previous;
        }
    }

    [Fact]
    public void MissingLabelsFile_IsNamed()
    {
        using var folder = new TempFolder();
        var error = Assert.Throws<DataFormatException>(() => HaptDataset.Load(folder.Path));
        Assert.Contains(Path.Combine("RawData", "labels.txt"), error.Message);
    }

    [Fact]
    public void MissingAccFile_NamesLabelsLineAndTheFile()
    {
        using var folder = new TempFolder();
        SyntheticHapt.Write(folder, [(1, 1, 300), (2, 1, 300)], "1 1 1 1 200", "2 1 1 1 200", "2 1 2 201 300");
        File.Delete(folder.File("RawData/acc_exp02_user01.txt"));

        var error = AssertError(folder, "labels.txt", 2);
        Assert.Contains("acc_exp02_user01.txt", error.Message);
        Assert.Contains("missing", error.Message);
    }

    [Fact]
    public void MissingGyroFile_NamesLabelsLineAndTheFile()
    {
        using var folder = new TempFolder();
        SyntheticHapt.Write(folder, [(1, 1, 300)], "1 1 1 1 200");
        File.Delete(folder.File("RawData/gyro_exp01_user01.txt"));

        var error = AssertError(folder, "labels.txt", 1);
        Assert.Contains("gyro_exp01_user01.txt", error.Message);
    }

    [Fact]
    public void ExperimentWithoutAnyFile_NamesBothExpectedFiles()
    {
        using var folder = new TempFolder();
        SyntheticHapt.Write(folder, [(1, 1, 300)], "1 1 1 1 200", "9 5 1 1 200");

        var error = AssertError(folder, "labels.txt", 2);
        Assert.Contains("acc_exp09_user05.txt", error.Message);
        Assert.Contains("gyro_exp09_user05.txt", error.Message);
    }

    [Theory]
    [InlineData("1 2\n", "expected 3 numbers, found 2")]
    [InlineData("1 2 3 4\n", "expected 3 numbers, found 4")]
    [InlineData("\n", "expected 3 numbers, found 0")]
    [InlineData("1 abc 3\n", "field 2 is 'abc', not a finite number")]
    [InlineData("1 2 3,5\n", "field 3 is '3,5', not a finite number")]
    [InlineData("NaN 2 3\n", "field 1 is 'NaN', not a finite number")]
    [InlineData("1 2 1e99\n", "field 3 is '1e99', not a finite number")]
    [InlineData("1 3e38 3\n", "field 2 is '3e38', outside the sensor range ±100 (g for the accelerometer, rad/s for the gyroscope)")]
    [InlineData("1 2 -100.5\n", "field 3 is '-100.5', outside the sensor range ±100")]
    public void BadSignalRow_NamesFileLineAndProblem(string badRow, string problem)
    {
        using var folder = new TempFolder();
        SyntheticHapt.Write(folder, [(1, 1, 300), (2, 3, 300)], "1 1 1 1 200", "2 3 1 1 200");
        var path = folder.File("RawData/gyro_exp02_user03.txt");
        var lines = File.ReadAllLines(path);
        File.WriteAllText(path, string.Concat(lines.Take(6).Select(l => l + "\n")) + badRow + string.Concat(lines.Skip(7).Select(l => l + "\n")));

        var error = AssertError(folder, "gyro_exp02_user03.txt", 7);
        Assert.Contains(problem, error.Message);
    }

    [Fact]
    public void AccAndGyroRowCountsThatDiffer_NameBothFilesAndCounts()
    {
        using var folder = new TempFolder();
        SyntheticHapt.Write(folder, [(1, 1, 300)], "1 1 1 1 200");
        folder.Write("RawData/gyro_exp01_user01.txt", SyntheticHapt.Signal(1, 299, gyro: true));

        var error = Assert.Throws<DataFormatException>(() => HaptDataset.Load(folder.Path));
        Assert.Contains("acc_exp01_user01.txt has 300 rows", error.Message);
        Assert.Contains("gyro_exp01_user01.txt has 299", error.Message);
    }

    [Theory]
    [InlineData("1 1 1 1", "expected 5 integers (experiment user activity start end), found 4")]
    [InlineData("1 1 1 1 2 3", "found more")]
    [InlineData("1 1 x 1 2", "field 3 is 'x', not an integer")]
    [InlineData("1 1 1 1.5 200", "field 4 is '1.5', not an integer")]
    [InlineData("1 1 13 1 200", "unknown activity id 13 (valid: 1..12)")]
    [InlineData("1 1 0 1 200", "unknown activity id 0")]
    [InlineData("1 1 1 0 200", "start row 0 must be at least 1")]
    [InlineData("1 1 1 200 199", "end row 199 is before start row 200")]
    [InlineData("1 1 1 301 310", "segment rows 301..310 of experiment 1 lie outside acc_exp01_user01.txt, which has 300 rows")]
    [InlineData("1 2 1 1 200", "experiment 1 is labelled as user 2, but line 1 says user 1")]
    public void BadLabelRow_NamesLabelsFileLineAndProblem(string badRow, string problem)
    {
        using var folder = new TempFolder();
        SyntheticHapt.Write(folder, [(1, 1, 300)], "1 1 1 1 50", badRow, "1 1 2 250 300");

        var error = AssertError(folder, "labels.txt", 2);
        Assert.Contains(problem, error.Message);
    }

    [Fact]
    public void Sensor_values_at_the_edge_of_the_range_load()
    {
        using var folder = new TempFolder();
        SyntheticHapt.Write(folder, [(1, 1, 300)], "1 1 1 1 200");
        var path = folder.File("RawData/acc_exp01_user01.txt");
        var lines = File.ReadAllLines(path);
        lines[0] = "100 -100 99.999";
        File.WriteAllLines(path, lines);

        Assert.Equal(-100f, HaptDataset.Load(folder.Path).RecordingOf(1).Acc.Y[0]);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n\n")]
    public void An_empty_labels_file_is_refused_by_name(string labels)
    {
        using var folder = new TempFolder();
        SyntheticHapt.Write(folder, [(1, 1, 300)]);
        folder.Write("RawData/labels.txt", labels);

        var error = Assert.Throws<DataFormatException>(() => HaptDataset.Load(folder.Path));
        Assert.Equal(folder.File("RawData/labels.txt"), error.FilePath);
        Assert.EndsWith("labels.txt: no labelled segments (the file is empty)", error.Message);
    }

    [Theory]
    [InlineData("1 1 1 150 250", "rows 150..250 of experiment 1 overlap rows 100..200 of line 2 (activity 1 here, 4 there)")]
    [InlineData("1 1 4 200 260", "rows 200..260 of experiment 1 overlap rows 100..200 of line 2 (both activity 4: the shared rows would count twice)")]
    [InlineData("1 1 2 120 130", "rows 120..130 of experiment 1 overlap rows 100..200 of line 2 (activity 2 here, 4 there)")]
    public void Overlapping_segments_are_refused_at_the_later_line(string third, string problem)
    {
        using var folder = new TempFolder();
        SyntheticHapt.Write(folder, [(1, 1, 300), (2, 1, 300)], "1 1 5 1 99", "1 1 4 100 200", third, "2 1 1 150 250");

        var error = AssertError(folder, "labels.txt", 3);
        Assert.Contains(problem, error.Message);
    }

    [Fact]
    public void Segments_that_only_touch_or_lie_in_other_experiments_load()
    {
        using var folder = new TempFolder();
        SyntheticHapt.Write(folder, [(1, 1, 300), (2, 1, 300)], "1 1 4 201 300", "1 1 5 1 200", "2 1 5 1 200");

        Assert.Equal(3, HaptDataset.Load(folder.Path).Segments.Count);
    }

    [Fact]
    public void SubjectInLabelsThatDiffersFromTheFileName_IsRejected()
    {
        using var folder = new TempFolder();
        SyntheticHapt.Write(folder, [(1, 1, 300), (2, 4, 300)], "1 1 1 1 200", "2 5 1 1 200");

        var error = AssertError(folder, "labels.txt", 2);
        Assert.Contains("experiment 2 is labelled as user 5, but its signal file is acc_exp02_user04.txt (user 4)", error.Message);
    }

    private static DataFormatException AssertError(TempFolder folder, string fileName, int line)
    {
        var error = Assert.Throws<DataFormatException>(() => HaptDataset.Load(folder.Path));
        Assert.Equal(fileName, Path.GetFileName(error.FilePath));
        Assert.Equal(line, error.LineNumber);
        Assert.Contains($"{fileName}, line {line}: ", error.Message);
        return error;
    }
}
