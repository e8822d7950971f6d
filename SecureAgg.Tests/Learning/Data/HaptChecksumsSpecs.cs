using System.Security.Cryptography;
using System.Text;
using SecureAgg.Learning.Data;

namespace SecureAgg.Tests.Learning.Data;

/// <summary>The embedded SOURCE.md sha256 table and mismatch detection.</summary>
public sealed class HaptChecksumsSpecs
{
    internal static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    [Fact]
    public void Table_CoversEveryRawDataFile()
    {
        var table = HaptChecksums.RawData;
        Assert.Equal(123, table.Count);
        Assert.Equal(61, table.Keys.Count(k => k.StartsWith("RawData/acc_exp", StringComparison.Ordinal)));
        Assert.Equal(61, table.Keys.Count(k => k.StartsWith("RawData/gyro_exp", StringComparison.Ordinal)));
        Assert.Equal("1949f448935cf0b5f914405b7111c65e7cdc0427ab517710a04ece7d7dec934e", table["RawData/labels.txt"]);
        Assert.All(table.Values, h => Assert.Matches("^[0-9a-f]{64}$", h));
        Assert.Equal(table.Count, table.Values.Distinct().Count());
    }

    [Fact]
    public void FindMismatches_ReportsChangedAndMissingFiles_AndNothingWhenAllMatch()
    {
        using var folder = new TempFolder();
        folder.Write("RawData/labels.txt", "1 1 1 1 200\n");
        folder.Write("RawData/acc_exp01_user01.txt", "1 2 3\n");
        var table = new Dictionary<string, string>
        {
            ["RawData/labels.txt"] = Sha256("1 1 1 1 200\n"),
            ["RawData/acc_exp01_user01.txt"] = Sha256("1 2 3\n"),
        };
        Assert.Empty(HaptChecksums.FindMismatches(folder.Path, table));

        folder.Write("RawData/acc_exp01_user01.txt", "1 2 4\n");
        table["RawData/gyro_exp01_user01.txt"] = Sha256("x");
        var problems = HaptChecksums.FindMismatches(folder.Path, table).Order().ToArray();

        Assert.Equal(2, problems.Length);
        Assert.Equal($"RawData/acc_exp01_user01.txt: sha256 {Sha256("1 2 4\n")}, expected {Sha256("1 2 3\n")}", problems[0]);
        Assert.Equal("RawData/gyro_exp01_user01.txt: missing", problems[1]);
    }
}
