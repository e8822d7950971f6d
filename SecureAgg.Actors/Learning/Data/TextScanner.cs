using System.Buffers;
using System.Globalization;
using System.Text;

namespace SecureAgg.Learning.Data;

/// <summary>
/// Allocation-free reading of whitespace-separated numbers from ASCII bytes: lines, fields and invariant-culture
/// parsing over spans. The full HAPT set is ~1.1 M rows per sensor, so string.Split per line would dominate the load.
/// </summary>
internal static class TextScanner
{
    private const int MaxShownChars = 40;
    private static readonly SearchValues<byte> Blanks = SearchValues.Create(" \t\r\n"u8);

    /// <summary>Cuts the next line (without its LF or CRLF) off <paramref name="rest"/>; false at the end of the text.</summary>
    public static bool TryNextLine(ref ReadOnlySpan<byte> rest, out ReadOnlySpan<byte> line)
    {
        if (rest.IsEmpty)
        {
            line = default;
            return false;
        }
        var end = rest.IndexOf((byte)'\n');
        if (end < 0)
        {
            line = rest;
            rest = default;
        }
        else
        {
            line = rest[..end];
            rest = rest[(end + 1)..];
        }
        if (!line.IsEmpty && line[^1] == (byte)'\r')
            line = line[..^1];
        return true;
    }

    /// <summary>Cuts the next space- or tab-separated field off <paramref name="rest"/>; false when only blanks remain.</summary>
    public static bool TryNextField(ref ReadOnlySpan<byte> rest, out ReadOnlySpan<byte> field)
    {
        var start = rest.IndexOfAnyExcept((byte)' ', (byte)'\t');
        if (start < 0)
        {
            rest = default;
            field = default;
            return false;
        }
        rest = rest[start..];
        var end = rest.IndexOfAny((byte)' ', (byte)'\t');
        if (end < 0)
        {
            field = rest;
            rest = default;
        }
        else
        {
            field = rest[..end];
            rest = rest[end..];
        }
        return true;
    }

    /// <summary>True when nothing but blanks and line breaks remains (trailing blank lines at the end of a file are harmless).</summary>
    public static bool IsBlank(ReadOnlySpan<byte> text) => text.IndexOfAnyExcept(Blanks) < 0;

    public static bool TryParseFloat(ReadOnlySpan<byte> field, out float value) =>
        float.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && float.IsFinite(value);

    public static bool TryParseInt(ReadOnlySpan<byte> field, out int value) =>
        int.TryParse(field, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);

    /// <summary>A field as text for an error message, shortened so a binary file does not flood the log.</summary>
    public static string Show(ReadOnlySpan<byte> field)
    {
        var text = Encoding.ASCII.GetString(field.Length > MaxShownChars ? field[..MaxShownChars] : field);
        return field.Length > MaxShownChars ? $"'{text}…'" : $"'{text}'";
    }

    /// <summary>
    /// Parses a file of rows with exactly <paramref name="columns"/> numbers each into one row-major array, which may be
    /// longer than <paramref name="rows"/> × <paramref name="columns"/> (it is sized before parsing; the tail is unused).
    /// Throws <see cref="DataFormatException"/> naming the file and line for a wrong field count, a non-number, or a
    /// sensor value outside <see cref="SensorRange"/>.
    /// </summary>
    public static float[] ReadFloatTable(string path, int columns, out int rows)
    {
        if (!File.Exists(path))
            throw new DataFormatException(path, null, "file not found");
        var bytes = File.ReadAllBytes(path);
        return ParseFloatTable(bytes, path, columns, out rows);
    }

    public static float[] ParseFloatTable(ReadOnlySpan<byte> text, string path, int columns, out int rows)
    {
        // An upper bound on the row count: one allocation, no growing.
        var values = new float[(text.Count((byte)'\n') + 1) * columns];
        var rest = text;
        var lineNumber = 0;
        var written = 0;
        while (TryNextLine(ref rest, out var line))
        {
            lineNumber++;
            if (IsBlank(line) && IsBlank(rest))
                break;
            var fields = line;
            var count = 0;
            while (TryNextField(ref fields, out var field))
            {
                if (count == columns)
                    throw new DataFormatException(path, lineNumber, $"expected {columns} numbers, found {columns + 1 + CountFields(fields)}");
                if (!TryParseFloat(field, out var value))
                    throw new DataFormatException(path, lineNumber, $"field {count + 1} is {Show(field)}, not a finite number");
                if (Math.Abs(value) > SensorRange.MaxMagnitude)
                    throw new DataFormatException(path, lineNumber, $"field {count + 1} is {Show(field)}, outside the sensor range {SensorRange.Description}");
                values[written + count++] = value;
            }
            if (count != columns)
                throw new DataFormatException(path, lineNumber, $"expected {columns} numbers, found {count}");
            written += columns;
        }
        rows = written / columns;
        return values;
    }

    private static int CountFields(ReadOnlySpan<byte> rest)
    {
        var count = 0;
        while (TryNextField(ref rest, out _))
            count++;
        return count;
    }
}
