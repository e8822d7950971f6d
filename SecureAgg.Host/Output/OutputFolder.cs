namespace SecureAgg.Host.Output;

/// <summary>
/// Output folders and files made, and proven writable, before a command starts its work: a bad --out costs one line
/// naming the folder and the cause, not a run whose results cannot be written.
/// </summary>
public static class OutputFolder
{
    /// <summary>Creates <paramref name="path"/> if needed and writes (and deletes) a probe file in it.</summary>
    public static void Prepare(string path, string what = "output folder")
    {
        if (string.IsNullOrWhiteSpace(path))
            throw new ArgumentException($"The {what} must be named, e.g. --out out/run1.");
        try
        {
            Directory.CreateDirectory(path);
            using var probe = File.Create(Path.Combine(path, $".secagg-write-check-{Guid.NewGuid():N}"), 1, FileOptions.DeleteOnClose);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new ArgumentException($"The {what} '{path}' cannot be written: {Cause(path, error)}.");
        }
    }

    /// <summary>A file a command appends to at the end (e.g. --csv): its folder is prepared and the file opened once for appending.</summary>
    public static void PrepareFile(string file)
    {
        if (Directory.Exists(file))
            throw new ArgumentException($"The file '{file}' cannot be written: it is a folder.");
        var folder = Path.GetDirectoryName(Path.GetFullPath(file))!;
        Prepare(folder, "folder");
        try
        {
            using var append = new FileStream(file, FileMode.Append, FileAccess.Write);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            throw new ArgumentException($"The file '{file}' cannot be written: {Cause(file, error)}.");
        }
    }

    // .NET reports ENOTDIR and a refused mkdir (e.g. under /proc) as "could not find"; the nearest existing part says which.
    private static string Cause(string path, Exception error)
    {
        if (error is UnauthorizedAccessException)
            return "permission denied";
        var full = Path.GetFullPath(path);
        if (error is FileNotFoundException or DirectoryNotFoundException || File.Exists(full))
        {
            for (var at = full; at is not null; at = Path.GetDirectoryName(at))
            {
                if (File.Exists(at))
                    return $"'{at}' is a file, not a folder";
                if (at != full && Directory.Exists(at))
                    return $"no folder can be created in '{at}'";
            }
        }
        return error.Message.TrimEnd('.');
    }
}
