using System.IO.Compression;

namespace SecureAgg.Learning.Data;

/// <summary>
/// Fetches the official UCI HAPT archive when no data folder exists, unpacks it next to the target, verifies every
/// RawData file against <see cref="HaptChecksums"/>, and only then moves it into place: a failed or tampered download
/// leaves nothing behind. The archive source is injectable so tests run offline.
/// </summary>
public sealed class HaptDownloader
{
    public const string ArchiveUrl =
        "https://archive.ics.uci.edu/static/public/341/smartphone+based+recognition+of+human+activities+and+postural+transitions.zip";

    private const long ProgressStep = 16L << 20;

    private readonly Func<CancellationToken, Task<Stream>> _openArchive;
    private readonly string _sourceName;
    private readonly Action<string> _log;
    private readonly IReadOnlyDictionary<string, string> _checksums;

    /// <summary>Downloads over HTTP from <paramref name="archiveUrl"/> (the official UCI URL unless a test points elsewhere).</summary>
    public HaptDownloader(HttpClient http, Action<string> log, string archiveUrl = ArchiveUrl, IReadOnlyDictionary<string, string>? checksums = null)
        : this(ct => http.GetStreamAsync(archiveUrl, ct), archiveUrl, log, checksums)
    {
    }

    /// <summary>Reads the zip archive from <paramref name="openArchive"/>; <paramref name="sourceName"/> is for messages.</summary>
    public HaptDownloader(Func<CancellationToken, Task<Stream>> openArchive, string sourceName, Action<string> log,
        IReadOnlyDictionary<string, string>? checksums = null)
    {
        _openArchive = openArchive;
        _sourceName = sourceName;
        _log = log;
        _checksums = checksums ?? HaptChecksums.RawData;
    }

    /// <summary>
    /// Returns <paramref name="location"/> as is when it holds data; otherwise downloads HAPT into the default
    /// data/uci-hapt/ and returns it with the HAPT layout. A folder named by --data or SECAGG_DATA is never downloaded
    /// into: without data it is refused (<see cref="DataLocation.RequireDataUnlessDefault"/>).
    /// </summary>
    public static async Task<DataLocation> EnsureAsync(DataLocation location, Action<string> log, HttpClient? http = null, CancellationToken ct = default)
    {
        if (location.Exists)
        {
            log(location.Describe());
            return location;
        }
        location.RequireDataUnlessDefault();
        log($"data: nothing at {location.Directory}; downloading the UCI HAPT data set");
        var owned = http is null ? new HttpClient() : null;
        try
        {
            await new HaptDownloader(http ?? owned!, log).DownloadAsync(location.Directory, ct).ConfigureAwait(false);
        }
        finally
        {
            owned?.Dispose();
        }
        return location with { Layout = DataLayout.Hapt };
    }

    /// <summary>
    /// Downloads, unpacks and verifies into <paramref name="targetDirectory"/>, which must not exist or be empty.
    /// Throws <see cref="DataDownloadException"/> when the source cannot be read (e.g. offline), the archive is not a
    /// HAPT zip, or a checksum does not match; the partial download is deleted in every case.
    /// </summary>
    public async Task DownloadAsync(string targetDirectory, CancellationToken ct = default)
    {
        var target = Path.GetFullPath(targetDirectory);
        if (Directory.Exists(target) && Directory.EnumerateFileSystemEntries(target).Any())
            throw new DataDownloadException($"{target} exists and is not empty but holds no HAPT data; move it away or pass --data DIR");
        var parent = Path.GetDirectoryName(target) ?? throw new DataDownloadException($"{target} has no parent folder");
        var createdParent = !Directory.Exists(parent);
        Directory.CreateDirectory(parent);
        // A sibling of the target, so the final move is a rename on the same file system.
        var staging = Path.Combine(parent, $".{Path.GetFileName(target)}.download-{Guid.NewGuid():N}");
        Directory.CreateDirectory(staging);
        try
        {
            var zipPath = Path.Combine(staging, "archive.zip");
            await FetchAsync(zipPath, target, ct).ConfigureAwait(false);
            var unpacked = Path.Combine(staging, "unpacked");
            _log($"data: unpacking {new FileInfo(zipPath).Length / 1e6:F1} MB");
            Extract(zipPath, unpacked);
            File.Delete(zipPath);
            var root = FindHaptRoot(unpacked) ?? throw new DataDownloadException(
                $"the archive from {_sourceName} has no {HaptDataset.RawDataFolder}/{HaptDataset.LabelsFile}; it is not the HAPT data set");

            var mismatches = HaptChecksums.FindMismatches(root, _checksums);
            if (mismatches.Count > 0)
                throw new DataDownloadException(
                    $"the archive from {_sourceName} does not match the SOURCE.md checksums ({mismatches.Count} of {_checksums.Count} files); " +
                    $"deleted what was unpacked. First: {string.Join("; ", mismatches.Take(3))}");
            _log($"data: verified {_checksums.Count} files against the SOURCE.md sha256 list");

            if (Directory.Exists(target))
                Directory.Delete(target);
            Directory.Move(root, target);
            _log($"data: HAPT unpacked into {target}");
        }
        finally
        {
            TryDelete(staging);
            // A failed download leaves no empty data/ folder of its own making behind.
            if (createdParent && !Directory.Exists(target) && !Directory.EnumerateFileSystemEntries(parent).Any())
                TryDelete(parent);
        }
    }

    private async Task FetchAsync(string zipPath, string target, CancellationToken ct)
    {
        _log($"data: downloading {_sourceName}");
        try
        {
            await using var source = await _openArchive(ct).ConfigureAwait(false);
            await using var file = File.Create(zipPath);
            var buffer = new byte[1 << 20];
            long total = 0, nextReport = ProgressStep;
            int read;
            while ((read = await source.ReadAsync(buffer, ct).ConfigureAwait(false)) > 0)
            {
                await file.WriteAsync(buffer.AsMemory(0, read), ct).ConfigureAwait(false);
                total += read;
                if (total >= nextReport)
                {
                    _log($"data: {total / 1e6:F0} MB downloaded");
                    nextReport += ProgressStep;
                }
            }
            _log($"data: downloaded {total / 1e6:F1} MB");
        }
        catch (Exception e) when (e is HttpRequestException or IOException or TimeoutException
                                      || (e is OperationCanceledException && !ct.IsCancellationRequested))
        {
            throw new DataDownloadException(
                $"could not download {_sourceName}: {e.Message}. This machine may be offline: download the zip by hand and " +
                $"unpack it so that {Path.Combine(target, HaptDataset.RawDataFolder, HaptDataset.LabelsFile)} exists, " +
                $"or pass {DataLocation.Argument} DIR / set {DataLocation.EnvironmentVariable} to a folder that has it", e);
        }
    }

    private void Extract(string zipPath, string destination)
    {
        try
        {
            // ExtractToDirectory refuses entries that would land outside the destination.
            ZipFile.ExtractToDirectory(zipPath, destination);
        }
        catch (InvalidDataException e)
        {
            throw new DataDownloadException($"the download from {_sourceName} is not a valid zip archive: {e.Message}", e);
        }
    }

    /// <summary>
    /// The folder that holds RawData/labels.txt: the top, a single wrapping folder such as "HAPT Data Set/", or inside
    /// a zip nested in the archive (UCI sometimes wraps the data set's zip in another).
    /// </summary>
    private string? FindHaptRoot(string unpacked)
    {
        if (Search(unpacked) is { } direct)
            return direct;
        foreach (var inner in Directory.EnumerateFiles(unpacked, "*.zip", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToArray())
        {
            var destination = inner[..^".zip".Length] + ".unzipped";
            Extract(inner, destination);
            File.Delete(inner);
            if (Search(destination) is { } nested)
                return nested;
        }
        return null;

        static string? Search(string folder) =>
            Directory.EnumerateFiles(folder, HaptDataset.LabelsFile, SearchOption.AllDirectories)
                .Select(labels => Path.GetDirectoryName(Path.GetDirectoryName(labels)))
                .OfType<string>()
                .Where(HaptDataset.IsHaptLayout)
                .Order(StringComparer.Ordinal)
                .FirstOrDefault();
    }

    private static void TryDelete(string folder)
    {
        try
        {
            if (Directory.Exists(folder))
                Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a leftover hidden staging folder must not hide the real error.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
