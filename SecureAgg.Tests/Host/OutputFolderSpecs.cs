using SecureAgg.Host.Output;

namespace SecureAgg.Tests.Host;

/// <summary>Output folders and files are created and proven writable before a command starts its work.</summary>
public sealed class OutputFolderSpecs : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "secagg-tests", "out-" + Guid.NewGuid().ToString("N"));

    public OutputFolderSpecs() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void A_new_folder_is_created_and_the_probe_leaves_nothing_behind()
    {
        var path = Path.Combine(_folder, "a", "b");

        OutputFolder.Prepare(path);

        Assert.True(Directory.Exists(path));
        Assert.Empty(Directory.EnumerateFileSystemEntries(path));
    }

    [Fact]
    public void A_folder_below_a_file_is_refused_naming_the_file()
    {
        var file = Path.Combine(_folder, "file.txt");
        File.WriteAllText(file, "x");
        var path = Path.Combine(file, "out");

        var error = Assert.Throws<ArgumentException>(() => OutputFolder.Prepare(path));
        Assert.Equal($"The output folder '{path}' cannot be written: '{file}' is a file, not a folder.", error.Message);
    }

    [Fact]
    public void A_folder_the_file_system_refuses_is_refused_naming_where()
    {
        if (!Directory.Exists("/proc/self"))
            return;
        var error = Assert.Throws<ArgumentException>(() => OutputFolder.Prepare("/proc/foo"));
        Assert.Equal("The output folder '/proc/foo' cannot be written: no folder can be created in '/proc'.", error.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void An_empty_name_is_refused(string path) =>
        Assert.Equal("The output folder must be named, e.g. --out out/run1.", Assert.Throws<ArgumentException>(() => OutputFolder.Prepare(path)).Message);

    [Fact]
    public void A_file_to_append_to_gets_its_folder_and_keeps_its_rows()
    {
        var csv = Path.Combine(_folder, "new", "rows.csv");
        OutputFolder.PrepareFile(csv);
        Assert.Equal(0, new FileInfo(csv).Length);

        File.WriteAllText(csv, "header\n");
        OutputFolder.PrepareFile(csv);
        Assert.Equal("header\n", File.ReadAllText(csv));
    }

    [Fact]
    public void A_file_whose_folder_cannot_be_made_is_refused_naming_the_folder()
    {
        var file = Path.Combine(_folder, "file.txt");
        File.WriteAllText(file, "x");

        var error = Assert.Throws<ArgumentException>(() => OutputFolder.PrepareFile(Path.Combine(file, "rows.csv")));
        Assert.Equal($"The folder '{file}' cannot be written: '{file}' is a file, not a folder.", error.Message);
    }
}
