using System.Globalization;
using System.Text;
using SecureAgg.Learning.Data;

namespace SecureAgg.Tests.Learning.Data;

/// <summary>
/// Writes a small HAPT-layout folder whose sample values encode their position, so a test can check the exact value
/// of every sample it gets back. All values are exact in float (integers and quarters below 2^20, over 2048) and lie
/// inside the loader's <see cref="SensorRange"/>.
/// </summary>
public static class SyntheticHapt
{
    public static float Value(int experiment, int channel, int row) => channel switch
    {
        Window.AccX => experiment * 10_000 + row,
        Window.AccY => -(experiment * 10_000 + row),
        Window.AccZ => row + 0.5f,
        Window.GyroX => row / 4f,
        Window.GyroY => 100_000 + row,
        _ => -(row + 0.25f),
    } / 2048f;

    public static string Signal(int experiment, int rows, bool gyro, string newline = "\n")
    {
        var text = new StringBuilder();
        var offset = gyro ? 3 : 0;
        for (var row = 1; row <= rows; row++)
        {
            text.Append(CultureInfo.InvariantCulture,
                $"{Value(experiment, offset, row).ToString("R", CultureInfo.InvariantCulture)} " +
                $"{Value(experiment, offset + 1, row).ToString("R", CultureInfo.InvariantCulture)} " +
                $"{Value(experiment, offset + 2, row).ToString("R", CultureInfo.InvariantCulture)}{newline}");
        }
        return text.ToString();
    }

    /// <summary>Experiments (id, subject, rows) with their acc and gyro files and the given labels.txt rows.</summary>
    public static void Write(TempFolder folder, (int Experiment, int Subject, int Rows)[] experiments, params string[] labelLines)
    {
        foreach (var (experiment, subject, rows) in experiments)
        {
            folder.Write($"RawData/{HaptDataset.SignalFileNameFor("acc", experiment, subject)}", Signal(experiment, rows, gyro: false));
            folder.Write($"RawData/{HaptDataset.SignalFileNameFor("gyro", experiment, subject)}", Signal(experiment, rows, gyro: true));
        }
        folder.Write("RawData/labels.txt", string.Concat(labelLines.Select(l => l + "\n")));
    }

    /// <summary>Two subjects, three experiments, basic activities and one transition.</summary>
    public static void WriteStandard(TempFolder folder) => Write(folder,
        [(1, 1, 1000), (2, 1, 600), (3, 2, 700)],
        "1 1 5 10 300",   // 291 rows: 3 windows
        "1 1 7 301 350",  // transition, 50 rows: none
        "1 1 4 351 700",  // 350 rows: 4 windows
        "2 1 1 1 128",    // exactly one window
        "2 1 2 200 327",  // 128 rows: one
        "3 2 6 100 226"); // 127 rows: none
}
