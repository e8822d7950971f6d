using SecureAgg.Learning.Data;

namespace SecureAgg.Tests.Learning.Data;

/// <summary>--data, then SECAGG_DATA, then data/uci-hapt/; which layouts count as present; only the default may be missing.</summary>
public sealed class DataLocationSpecs
{
    private static Func<string, string?> Env(string? value) => name => name == DataLocation.EnvironmentVariable ? value : null;

    [Fact]
    public void ExplicitArgument_WinsOverEnvironment()
    {
        using var cwd = new TempFolder();
        var location = DataLocation.FromArgs(["train", "--data", "mine", "--rounds", "3"], Env("/elsewhere"), cwd.Path);
        Assert.Equal(DataSource.Argument, location.Source);
        Assert.Equal(Path.Combine(cwd.Path, "mine"), location.Directory);

        Assert.Equal("/abs", DataLocation.FromArgs(["--data=/abs"], Env(null), cwd.Path).Directory);
    }

    [Fact]
    public void Environment_WinsOverDefault_AndRelativePathsResolveAgainstTheCurrentDirectory()
    {
        using var cwd = new TempFolder();
        var location = DataLocation.FromArgs(["train"], Env("../shared/data/uci-hapt"), cwd.Path);
        Assert.Equal(DataSource.Environment, location.Source);
        Assert.Equal(Path.GetFullPath(Path.Combine(cwd.Path, "..", "shared", "data", "uci-hapt")), location.Directory);
    }

    [Fact]
    public void Default_IsDataUciHaptUnderTheCurrentDirectory()
    {
        using var cwd = new TempFolder();
        var location = DataLocation.Resolve(null, Env(""), cwd.Path);
        Assert.Equal(DataSource.Default, location.Source);
        Assert.Equal(Path.Combine(cwd.Path, "data", "uci-hapt"), location.Directory);
        Assert.False(location.Exists);
        Assert.Contains("(from default data/uci-hapt), no data there", location.Describe());
    }

    [Fact]
    public void DataWithoutAFolder_IsAnError()
    {
        Assert.Throws<ArgumentException>(() => DataLocation.FromArgs(["--data"], Env(null), "/"));
        Assert.Throws<ArgumentException>(() => DataLocation.FromArgs(["--data", "--rounds"], Env(null), "/"));
        Assert.Throws<ArgumentException>(() => DataLocation.FromArgs(["--data="], Env(null), "/"));
    }

    [Fact]
    public void Layout_IsHaptWithRawDataLabels_UciHarWithTrainInertialSignals_ElseNone()
    {
        using var cwd = new TempFolder();
        cwd.Write("a/RawData/labels.txt", "");
        Directory.CreateDirectory(cwd.File("b/train/Inertial Signals"));
        Directory.CreateDirectory(cwd.File("c/RawData"));

        var hapt = DataLocation.FromArgs(["--data", "a"], Env(null), cwd.Path);
        Assert.Equal(DataLayout.Hapt, hapt.Layout);
        Assert.True(hapt.Exists);
        Assert.Contains("(from --data), HAPT layout", hapt.Describe());

        var har = DataLocation.Resolve(null, Env("b"), cwd.Path);
        Assert.Equal(DataLayout.UciHar, har.Layout);
        Assert.Contains("(from SECAGG_DATA), UCI HAR layout", har.Describe());

        Assert.Null(DataLocation.Resolve("c", Env(null), cwd.Path).Layout);
    }

    [Fact]
    public void A_missing_folder_named_by_data_or_the_environment_is_refused_in_one_line()
    {
        using var cwd = new TempFolder();
        var fromArgument = Assert.Throws<DirectoryNotFoundException>(() => DataLocation.Resolve("/nonexistent", Env(null), cwd.Path).RequireDataUnlessDefault());
        Assert.Equal("data folder /nonexistent does not exist (--data)", fromArgument.Message);

        var fromEnvironment = Assert.Throws<DirectoryNotFoundException>(() => DataLocation.Resolve(null, Env("missing"), cwd.Path).RequireDataUnlessDefault());
        Assert.Equal($"data folder {cwd.File("missing")} does not exist (SECAGG_DATA)", fromEnvironment.Message);
    }

    [Fact]
    public void A_named_folder_without_data_is_refused_and_the_default_may_be_missing()
    {
        using var cwd = new TempFolder();
        Directory.CreateDirectory(cwd.File("empty"));

        var error = Assert.Throws<DataFormatException>(() => DataLocation.Resolve("empty", Env(null), cwd.Path).RequireDataUnlessDefault());
        Assert.Contains("not a data folder (--data): it has neither RawData/labels.txt (HAPT) nor train/Inertial Signals (UCI HAR)", error.Message);
        DataLocation.Resolve(null, Env(null), cwd.Path).RequireDataUnlessDefault();
    }
}
