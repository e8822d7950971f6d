using System.Globalization;
using CsvHelper;

namespace SecureAgg.Host.Output;

/// <summary>
/// A results CSV written with CsvHelper as rows arrive: a header line, then one line per row appended (and flushed)
/// at once, so a crash loses no finished row. <typeparamref name="TRow"/> is a <see cref="CsvRecordAttribute"/>
/// type: its attributes name and format the columns. RFC 4180 quoting, invariant culture, <c>\n</c> line ends.
/// </summary>
public sealed class CsvResultFile<TRow>
{
    public static CsvWriterOptions Format => ResultCsv.Format;

    public CsvResultFile(string path)
    {
        Path = path;
        using var text = new StringWriter();
        using (var csv = CsvWriter.Create(text, Format))
            csv.WriteHeader<TRow>();
        Header = text.ToString().TrimEnd('\n');
    }

    public string Path { get; }

    /// <summary>The header line (without its line end): the row type's column names.</summary>
    public string Header { get; }

    /// <summary>
    /// Starts the file with its header; a run that resumes after a crash (<paramref name="continuing"/>) keeps the
    /// rows the crashed one wrote, unless the file is missing or has another header.
    /// </summary>
    public void Start(bool continuing)
    {
        if (!continuing || !File.Exists(Path) || File.ReadLines(Path).FirstOrDefault() != Header)
            File.WriteAllText(Path, Header + Format.NewLine);
    }

    public void Append(TRow row)
    {
        using var file = new FileStream(Path, FileMode.Append, FileAccess.Write, FileShare.Read);
        using var csv = CsvWriter.Create(file, Format);
        csv.WriteRecord(row);
    }
}
