namespace SecureAgg.Tests.Processes;

/// <summary>The HOCON files the project ships in hocon/ (server.hocon, client.hocon), found above the test binaries.</summary>
public static class ShippedHocon
{
    public static string File(string name)
    {
        var folder = AppContext.BaseDirectory;
        while (!Directory.Exists(Path.Combine(folder, "hocon")))
            folder = Path.GetDirectoryName(folder) ?? throw new DirectoryNotFoundException("hocon/ not found above the test binaries.");
        return Path.Combine(folder, "hocon", name);
    }
}
