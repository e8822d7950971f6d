namespace SecureAgg.Learning.Data;

/// <summary>
/// The UCI HAR layout that the original Python project read: pre-cut windows of 128 samples in
/// <c>{train,test}/Inertial Signals/{signal}_{x,y,z}_{split}.txt</c> (one window per line), labels in
/// <c>{split}/y_{split}.txt</c> and, optionally, subjects in <c>{split}/subject_{split}.txt</c>. total_acc is the
/// accelerometer (with gravity, as HAPT's raw acc) and body_gyro the gyroscope, so the windows match HAPT's.
/// Without subject files <see cref="Window.Subject"/> is null and callers split clients by contiguous slices.
/// </summary>
public sealed class UciHarDataset
{
    public const string InertialSignalsFolder = "Inertial Signals";

    private UciHarDataset(IReadOnlyList<Window> train, IReadOnlyList<Window> test, bool hasSubjects)
    {
        Train = train;
        Test = test;
        HasSubjects = hasSubjects;
    }

    /// <summary>In file order, which is time order within each subject.</summary>
    public IReadOnlyList<Window> Train { get; }

    public IReadOnlyList<Window> Test { get; }

    /// <summary>True when both splits had a subject file.</summary>
    public bool HasSubjects { get; }

    public static bool IsUciHarLayout(string root) => Directory.Exists(Path.Combine(root, "train", InertialSignalsFolder));

    public static UciHarDataset Load(string root)
    {
        var train = LoadSplit(root, "train", out var trainHasSubjects);
        var test = LoadSplit(root, "test", out var testHasSubjects);
        if (trainHasSubjects != testHasSubjects)
            throw new DataFormatException(Path.Combine(root, trainHasSubjects ? "test" : "train", $"subject_{(trainHasSubjects ? "test" : "train")}.txt"), null,
                "file not found, but the other split has one; give both subject files or neither");
        return new UciHarDataset(train, test, trainHasSubjects);
    }

    // Order matches Window's channel indices: acc x, y, z, gyro x, y, z.
    private static readonly string[] Signals =
        ["total_acc_x", "total_acc_y", "total_acc_z", "body_gyro_x", "body_gyro_y", "body_gyro_z"];

    private static Window[] LoadSplit(string root, string split, out bool hasSubjects)
    {
        var folder = Path.Combine(root, split);
        var labelsPath = Path.Combine(folder, $"y_{split}.txt");
        var labels = ReadIntColumn(labelsPath, required: true)!;
        for (var i = 0; i < labels.Length; i++)
        {
            if (labels[i] is < 1 or > Activities.Count)
                throw new DataFormatException(labelsPath, i + 1, $"unknown activity id {labels[i]} (valid: 1..{Activities.Count})");
        }
        var subjectsPath = Path.Combine(folder, $"subject_{split}.txt");
        var subjects = ReadIntColumn(subjectsPath, required: false);
        hasSubjects = subjects is not null;
        if (subjects is not null)
        {
            CheckRows(subjectsPath, subjects.Length, labelsPath, labels.Length);
            for (var i = 0; i < subjects.Length; i++)
            {
                if (subjects[i] < 1)
                    throw new DataFormatException(subjectsPath, i + 1, $"subject id {subjects[i]} must be at least 1");
            }
        }

        var channels = new float[Signals.Length][];
        ParallelLoad.For(Signals.Length, c =>
        {
            var path = SignalPath(folder, Signals[c], split);
            channels[c] = TextScanner.ReadFloatTable(path, Window.Length, out var rows);
            CheckRows(path, rows, labelsPath, labels.Length);
        });

        var windows = new Window[labels.Length];
        for (var i = 0; i < windows.Length; i++)
        {
            var samples = new float[Window.ChannelCount * Window.Length];
            for (var c = 0; c < Window.ChannelCount; c++)
                Array.Copy(channels[c], i * Window.Length, samples, c * Window.Length, Window.Length);
            windows[i] = new Window(subjects?[i], labels[i], null, i + 1, samples);
        }
        return windows;
    }

    private static string SignalPath(string folder, string signal, string split) =>
        Path.Combine(folder, InertialSignalsFolder, $"{signal}_{split}.txt");

    private static void CheckRows(string path, int rows, string labelsPath, int labelRows)
    {
        if (rows != labelRows)
            throw new DataFormatException(path, null,
                $"has {rows} rows but {Path.GetFileName(labelsPath)} has {labelRows}; every file of a split has one row per window");
    }

    /// <summary>A file of one integer per line; null if it is missing and not <paramref name="required"/>.</summary>
    private static int[]? ReadIntColumn(string path, bool required)
    {
        if (!File.Exists(path))
            return required ? throw new DataFormatException(path, null, "file not found") : null;
        ReadOnlySpan<byte> rest = File.ReadAllBytes(path);
        var values = new List<int>();
        var lineNumber = 0;
        while (TextScanner.TryNextLine(ref rest, out var line))
        {
            lineNumber++;
            if (TextScanner.IsBlank(line) && TextScanner.IsBlank(rest))
                break;
            var fields = line;
            if (!TextScanner.TryNextField(ref fields, out var field) || !TextScanner.IsBlank(fields))
                throw new DataFormatException(path, lineNumber, "expected exactly one integer");
            if (!TextScanner.TryParseInt(field, out var value))
                throw new DataFormatException(path, lineNumber, $"{TextScanner.Show(field)} is not an integer");
            values.Add(value);
        }
        return [.. values];
    }
}
