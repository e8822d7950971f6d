using System.Globalization;
using System.Text.RegularExpressions;

namespace SecureAgg.Learning.Data;

/// <summary>
/// The HAPT raw layout (<c>RawData/labels.txt</c>, <c>RawData/acc_expXX_userYY.txt</c>, <c>RawData/gyro_expXX_userYY.txt</c>),
/// loaded whole and validated. Every problem is a <see cref="DataFormatException"/> naming the file and line.
/// Only the experiments named in labels.txt are loaded (the others have no labels to learn from).
/// </summary>
public sealed partial class HaptDataset
{
    public const string RawDataFolder = "RawData";
    public const string LabelsFile = "labels.txt";

    private readonly Dictionary<int, Recording> _byExperiment;

    private HaptDataset(IReadOnlyList<Recording> recordings, IReadOnlyList<LabelledSegment> segments)
    {
        Recordings = recordings;
        Segments = segments;
        _byExperiment = recordings.ToDictionary(r => r.Experiment);
    }

    /// <summary>Ordered by experiment id.</summary>
    public IReadOnlyList<Recording> Recordings { get; }

    /// <summary>In labels.txt order (by experiment, then time).</summary>
    public IReadOnlyList<LabelledSegment> Segments { get; }

    /// <summary>Rows per sensor over all loaded recordings.</summary>
    public long TotalRows => Recordings.Sum(r => (long)r.Length);

    /// <summary>Samples (per sensor) that lie in a labelled segment.</summary>
    public long LabelledSamples => Segments.Sum(s => (long)s.Length);

    public Recording RecordingOf(int experiment) =>
        _byExperiment.TryGetValue(experiment, out var r) ? r : throw new KeyNotFoundException($"no recording for experiment {experiment}");

    public static bool IsHaptLayout(string root) => File.Exists(Path.Combine(root, RawDataFolder, LabelsFile));

    /// <summary>Loads <paramref name="root"/>/RawData (the folder that holds RawData, as unpacked from the UCI archive).</summary>
    public static HaptDataset Load(string root)
    {
        var rawData = Path.Combine(root, RawDataFolder);
        var labelsPath = Path.Combine(rawData, LabelsFile);
        if (!File.Exists(labelsPath))
            throw new DataFormatException(labelsPath, null, "file not found (is this the HAPT folder that contains RawData/?)");

        var labels = ReadLabels(labelsPath);
        var files = FindSignalFiles(rawData);
        var experiments = labels.Select(l => l.Segment.Experiment).Distinct().Order().ToArray();
        var firstLine = labels.GroupBy(l => l.Segment.Experiment).ToDictionary(g => g.Key, g => g.First());
        foreach (var experiment in experiments)
            CheckFilesFor(firstLine[experiment], labelsPath, files);

        var recordings = LoadRecordings(experiments.Select(e => (e, firstLine[e].Segment.Subject, files[e])).ToArray());
        var byExperiment = recordings.ToDictionary(r => r.Experiment);
        foreach (var (segment, line) in labels)
        {
            var length = byExperiment[segment.Experiment].Length;
            if (segment.End > length)
                throw new DataFormatException(labelsPath, line,
                    $"segment rows {segment.Start}..{segment.End} of experiment {segment.Experiment} lie outside " +
                    $"{Path.GetFileName(files[segment.Experiment].Acc)}, which has {length} rows");
        }
        return new HaptDataset(recordings, labels.Select(l => l.Segment).ToArray());
    }

    private static List<(LabelledSegment Segment, int Line)> ReadLabels(string path)
    {
        var result = new List<(LabelledSegment, int)>();
        var subjectOf = new Dictionary<int, (int Subject, int Line)>();
        ReadOnlySpan<byte> rest = File.ReadAllBytes(path);
        Span<int> v = stackalloc int[5];
        var lineNumber = 0;
        while (TextScanner.TryNextLine(ref rest, out var line))
        {
            lineNumber++;
            if (TextScanner.IsBlank(line) && TextScanner.IsBlank(rest))
                break;
            var fields = line;
            var count = 0;
            while (TextScanner.TryNextField(ref fields, out var field))
            {
                if (count == 5)
                    throw new DataFormatException(path, lineNumber, "expected 5 integers (experiment user activity start end), found more");
                if (!TextScanner.TryParseInt(field, out v[count]))
                    throw new DataFormatException(path, lineNumber, $"field {count + 1} is {TextScanner.Show(field)}, not an integer");
                count++;
            }
            if (count != 5)
                throw new DataFormatException(path, lineNumber, $"expected 5 integers (experiment user activity start end), found {count}");

            var segment = new LabelledSegment(v[0], v[1], v[2], v[3], v[4]);
            if (segment.Experiment < 1 || segment.Subject < 1)
                throw new DataFormatException(path, lineNumber, $"experiment {segment.Experiment} and user {segment.Subject} must be at least 1");
            if (!Activities.IsValid(segment.Activity))
                throw new DataFormatException(path, lineNumber, $"unknown activity id {segment.Activity} (valid: 1..{Activities.Count})");
            if (segment.Start < 1)
                throw new DataFormatException(path, lineNumber, $"start row {segment.Start} must be at least 1 (rows are 1-based)");
            if (segment.End < segment.Start)
                throw new DataFormatException(path, lineNumber, $"end row {segment.End} is before start row {segment.Start}");
            if (subjectOf.TryGetValue(segment.Experiment, out var seen) && seen.Subject != segment.Subject)
                throw new DataFormatException(path, lineNumber,
                    $"experiment {segment.Experiment} is labelled as user {segment.Subject}, but line {seen.Line} says user {seen.Subject}");
            subjectOf.TryAdd(segment.Experiment, (segment.Subject, lineNumber));
            result.Add((segment, lineNumber));
        }
        if (result.Count == 0)
            throw new DataFormatException(path, null, "no labelled segments (the file is empty)");
        CheckNoOverlaps(result, path);
        return result;
    }

    // Overlapping segments would label rows twice: with two activities a contradiction, with one the rows are windowed twice.
    private static void CheckNoOverlaps(List<(LabelledSegment Segment, int Line)> labels, string path)
    {
        foreach (var experiment in labels.GroupBy(l => l.Segment.Experiment))
        {
            (LabelledSegment Segment, int Line)? reaching = null;
            foreach (var (segment, line) in experiment.OrderBy(l => l.Segment.Start).ThenBy(l => l.Line))
            {
                if (reaching is var (other, otherLine) && segment.Start <= other.End)
                {
                    var (first, firstLine, second, secondLine) = otherLine < line ? (other, otherLine, segment, line) : (segment, line, other, otherLine);
                    throw new DataFormatException(path, secondLine,
                        $"rows {second.Start}..{second.End} of experiment {second.Experiment} overlap rows {first.Start}..{first.End} of line {firstLine} " +
                        (first.Activity == second.Activity
                            ? $"(both activity {first.Activity}: the shared rows would count twice)"
                            : $"(activity {second.Activity} here, {first.Activity} there)"));
                }
                if (reaching is null || segment.End > reaching.Value.Segment.End)
                    reaching = (segment, line);
            }
        }
    }

    private sealed record SignalFiles(int Subject, string? Acc, string? Gyro);

    private static Dictionary<int, SignalFiles> FindSignalFiles(string rawData)
    {
        var files = new Dictionary<int, SignalFiles>();
        foreach (var path in Directory.EnumerateFiles(rawData).Order(StringComparer.Ordinal))
        {
            var match = SignalFileName().Match(Path.GetFileName(path));
            if (!match.Success)
                continue;
            var experiment = int.Parse(match.Groups["exp"].ValueSpan, CultureInfo.InvariantCulture);
            var subject = int.Parse(match.Groups["user"].ValueSpan, CultureInfo.InvariantCulture);
            var isAcc = match.Groups["sensor"].Value == "acc";
            var known = files.GetValueOrDefault(experiment) ?? new SignalFiles(subject, null, null);
            if (known.Subject != subject)
                throw new DataFormatException(path, null,
                    $"names user {subject} for experiment {experiment}, but {Path.GetFileName(known.Acc ?? known.Gyro)} names user {known.Subject}");
            if ((isAcc ? known.Acc : known.Gyro) is { } duplicate)
                throw new DataFormatException(path, null, $"a second {match.Groups["sensor"].Value} file for experiment {experiment}, besides {Path.GetFileName(duplicate)}");
            files[experiment] = isAcc ? known with { Acc = path } : known with { Gyro = path };
        }
        return files;
    }

    private static void CheckFilesFor((LabelledSegment Segment, int Line) first, string labelsPath, Dictionary<int, SignalFiles> files)
    {
        var (segment, line) = first;
        var expectedAcc = SignalFileNameFor("acc", segment.Experiment, segment.Subject);
        var expectedGyro = SignalFileNameFor("gyro", segment.Experiment, segment.Subject);
        if (!files.TryGetValue(segment.Experiment, out var found))
            throw new DataFormatException(labelsPath, line,
                $"experiment {segment.Experiment} (user {segment.Subject}) is labelled here, but {RawDataFolder}/ has neither {expectedAcc} nor {expectedGyro}");
        if (found.Subject != segment.Subject)
            throw new DataFormatException(labelsPath, line,
                $"experiment {segment.Experiment} is labelled as user {segment.Subject}, but its signal file is " +
                $"{Path.GetFileName(found.Acc ?? found.Gyro)} (user {found.Subject})");
        if (found.Acc is null)
            throw new DataFormatException(labelsPath, line, $"experiment {segment.Experiment} is labelled here, but {RawDataFolder}/{expectedAcc} is missing");
        if (found.Gyro is null)
            throw new DataFormatException(labelsPath, line, $"experiment {segment.Experiment} is labelled here, but {RawDataFolder}/{expectedGyro} is missing");
    }

    private static Recording[] LoadRecordings((int Experiment, int Subject, SignalFiles Files)[] work)
    {
        var recordings = new Recording[work.Length];
        ParallelLoad.For(work.Length, i =>
            recordings[i] = LoadRecording(work[i].Experiment, work[i].Subject, work[i].Files.Acc!, work[i].Files.Gyro!));
        return recordings;
    }

    private static Recording LoadRecording(int experiment, int subject, string accPath, string gyroPath)
    {
        var acc = TextScanner.ReadFloatTable(accPath, 3, out var accRows);
        var gyro = TextScanner.ReadFloatTable(gyroPath, 3, out var gyroRows);
        if (accRows != gyroRows)
            throw new DataFormatException(accPath, null,
                $"{Path.GetFileName(accPath)} has {accRows} rows but {Path.GetFileName(gyroPath)} has {gyroRows}; " +
                "the acc and gyro files of one experiment must be row-aligned");
        return new Recording(experiment, subject, Deinterleave(acc, accRows), Deinterleave(gyro, gyroRows));
    }

    private static SensorChannels Deinterleave(float[] rowMajor, int rows)
    {
        var x = new float[rows];
        var y = new float[rows];
        var z = new float[rows];
        for (var i = 0; i < rows; i++)
        {
            x[i] = rowMajor[3 * i];
            y[i] = rowMajor[3 * i + 1];
            z[i] = rowMajor[3 * i + 2];
        }
        return new SensorChannels(x, y, z);
    }

    /// <summary>The file name the UCI archive uses, e.g. acc_exp05_user03.txt.</summary>
    public static string SignalFileNameFor(string sensor, int experiment, int subject) =>
        string.Create(CultureInfo.InvariantCulture, $"{sensor}_exp{experiment:D2}_user{subject:D2}.txt");

    [GeneratedRegex(@"^(?<sensor>acc|gyro)_exp(?<exp>\d{1,6})_user(?<user>\d{1,6})\.txt$")]
    private static partial Regex SignalFileName();
}
