using SecureAgg.Learning.Data;

namespace SecureAgg.Tests.Learning.Data;

/// <summary>
/// A test on the real HAPT data: it looks for <c>shared/data/uci-hapt</c> beside the repository (walking up from the
/// test binaries), and is skipped with that reason when the data is not on this machine.
/// </summary>
public sealed class RealHaptDataFactAttribute : FactAttribute
{
    public RealHaptDataFactAttribute()
    {
        if (Folder is null)
            Skip = "the real HAPT data is not here: no ancestor of the test folder contains shared/data/uci-hapt/RawData/labels.txt";
    }

    public static string? Folder { get; } = Find();

    private static string? Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "data", "uci-hapt");
            if (HaptDataset.IsHaptLayout(candidate))
                return candidate;
        }
        return null;
    }
}
