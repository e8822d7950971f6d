using System.Diagnostics;
using System.IO.Compression;
using SecureAgg.Learning.Data;

namespace SecureAgg.Tests.Learning.Data;

/// <summary>
/// The downloader offline: an unreachable URL fails fast with a clear message, and an injected archive is unpacked,
/// verified against a checksum table, and moved into place, or deleted when a checksum does not match.
/// </summary>
public sealed class HaptDownloaderSpecs
{
    private static readonly (string Path, string Text)[] Files =
    [
        ("RawData/labels.txt", "1 1 1 1 200\n"),
        ("RawData/acc_exp01_user01.txt", SyntheticHapt.Signal(1, 256, gyro: false)),
        ("RawData/gyro_exp01_user01.txt", SyntheticHapt.Signal(1, 256, gyro: true)),
    ];

    private static Dictionary<string, string> Checksums() => Files.ToDictionary(f => f.Path, f => HaptChecksumsSpecs.Sha256(f.Text));

    private static byte[] Zip(string prefix, IEnumerable<(string Path, string Text)> files)
    {
        using var memory = new MemoryStream();
        using (var zip = new ZipArchive(memory, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (path, text) in files)
            {
                using var writer = new StreamWriter(zip.CreateEntry(prefix + path).Open());
                writer.Write(text);
            }
        }
        return memory.ToArray();
    }

    private static HaptDownloader FromBytes(byte[] archive, List<string> log, IReadOnlyDictionary<string, string>? checksums = null) =>
        new(_ => Task.FromResult<Stream>(new MemoryStream(archive)), "test archive", log.Add, checksums ?? Checksums());

    [Fact]
    public void ArchiveUrl_IsTheOfficialUciZip()
    {
        Assert.StartsWith("https://archive.ics.uci.edu/static/public/341/", HaptDownloader.ArchiveUrl);
        Assert.EndsWith(".zip", HaptDownloader.ArchiveUrl);
    }

    [Fact]
    public async Task Offline_FailsFastWithAClearMessage_AndLeavesNothingBehind()
    {
        using var parent = new TempFolder();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var log = new List<string>();
        var target = parent.File("data/uci-hapt");
        var clock = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<DataDownloadException>(
            () => new HaptDownloader(http, log.Add, "http://127.0.0.1:9/hapt.zip").DownloadAsync(target));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
        Assert.Contains("could not download http://127.0.0.1:9/hapt.zip", error.Message);
        Assert.Contains("offline", error.Message);
        Assert.Contains("--data DIR", error.Message);
        Assert.Contains(log, l => l.Contains("downloading http://127.0.0.1:9/hapt.zip", StringComparison.Ordinal));
        Assert.False(Directory.Exists(target));
        // The data/ folder the download created is gone too; the folder above it was there before and stays.
        Assert.False(Directory.Exists(parent.File("data")));
        Assert.True(Directory.Exists(parent.Path));
    }

    [Theory]
    [InlineData("")]
    [InlineData("HAPT Data Set/")]
    public async Task VerifiedArchive_IsUnpackedIntoTheTarget(string prefix)
    {
        using var parent = new TempFolder();
        var log = new List<string>();
        var target = parent.File("data/uci-hapt");
        var extra = new[] { ("README.txt", "readme"), ("Train/X_train.txt", "1 2") };

        await FromBytes(Zip(prefix, Files.Concat(extra)), log).DownloadAsync(target);

        Assert.Equal(DataLayout.Hapt, DataLocation.DetectLayout(target));
        Assert.Equal(256, HaptDataset.Load(target).RecordingOf(1).Length);
        Assert.True(File.Exists(Path.Combine(target, "README.txt")));
        Assert.Contains("data: verified 3 files against the SOURCE.md sha256 list", log);
        Assert.Equal([target], Directory.EnumerateFileSystemEntries(parent.File("data")));
    }

    [Fact]
    public async Task ArchiveNestedInAnArchive_IsFound()
    {
        using var parent = new TempFolder();
        var inner = Zip("", Files);
        using var outer = new MemoryStream();
        using (var zip = new ZipArchive(outer, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var entry = zip.CreateEntry("HAPT Data Set.zip").Open();
            entry.Write(inner);
        }
        var target = parent.File("uci-hapt");

        await FromBytes(outer.ToArray(), []).DownloadAsync(target);

        Assert.Equal(DataLayout.Hapt, DataLocation.DetectLayout(target));
    }

    [Fact]
    public async Task ChecksumMismatch_IsAnError_AndWhatWasUnpackedIsDeleted()
    {
        using var parent = new TempFolder();
        var tampered = Files.Select(f => f.Path.EndsWith("gyro_exp01_user01.txt", StringComparison.Ordinal) ? (f.Path, f.Text + "0 0 0\n") : f);
        var target = parent.File("data/uci-hapt");

        var error = await Assert.ThrowsAsync<DataDownloadException>(() => FromBytes(Zip("", tampered), []).DownloadAsync(target));

        Assert.Contains("does not match the SOURCE.md checksums (1 of 3 files)", error.Message);
        Assert.Contains("RawData/gyro_exp01_user01.txt: sha256 ", error.Message);
        Assert.Contains("deleted what was unpacked", error.Message);
        Assert.False(Directory.Exists(target));
        // The data/ folder the download created is gone too; the folder above it was there before and stays.
        Assert.False(Directory.Exists(parent.File("data")));
        Assert.True(Directory.Exists(parent.Path));
    }

    [Fact]
    public async Task NotAZip_OrNotHapt_IsAnError()
    {
        using var parent = new TempFolder();
        var target = parent.File("uci-hapt");

        var notZip = await Assert.ThrowsAsync<DataDownloadException>(() => FromBytes("<html>"u8.ToArray(), []).DownloadAsync(target));
        Assert.Contains("not a valid zip archive", notZip.Message);

        var notHapt = await Assert.ThrowsAsync<DataDownloadException>(() => FromBytes(Zip("", [("README.txt", "x")]), []).DownloadAsync(target));
        Assert.Contains("it is not the HAPT data set", notHapt.Message);
        Assert.Empty(Directory.EnumerateFileSystemEntries(parent.Path));
    }

    [Fact]
    public async Task NonEmptyTargetWithoutData_IsNotOverwritten()
    {
        using var parent = new TempFolder();
        parent.Write("uci-hapt/notes.txt", "mine");

        var error = await Assert.ThrowsAsync<DataDownloadException>(() => FromBytes(Zip("", Files), []).DownloadAsync(parent.File("uci-hapt")));
        Assert.Contains("exists and is not empty", error.Message);
        Assert.Equal("mine", File.ReadAllText(parent.File("uci-hapt/notes.txt")));
    }

    [Fact]
    public async Task Ensure_UsesExistingData_WithoutTouchingTheNetwork()
    {
        using var folder = new TempFolder();
        SyntheticHapt.WriteStandard(folder);
        using var http = new HttpClient(new ThrowingHandler());
        var log = new List<string>();

        var location = await HaptDownloader.EnsureAsync(DataLocation.Resolve(folder.Path, _ => null), log.Add, http);

        Assert.Equal(DataLayout.Hapt, location.Layout);
        Assert.Equal([location.Describe()], log);
    }

    [Fact]
    public async Task Ensure_NeverDownloadsIntoAFolderNamedByDataOrTheEnvironment()
    {
        using var parent = new TempFolder();
        using var http = new HttpClient(new ThrowingHandler());

        var error = await Assert.ThrowsAsync<DirectoryNotFoundException>(() =>
            HaptDownloader.EnsureAsync(DataLocation.Resolve(parent.File("typo"), _ => null), _ => { }, http));

        Assert.Equal($"data folder {parent.File("typo")} does not exist (--data)", error.Message);
        Assert.False(Directory.Exists(parent.File("typo")));
    }

    private sealed class ThrowingHandler : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("no network in this test");
    }
}
