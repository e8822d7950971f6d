namespace SecureAgg.Host;

/// <summary>
/// The program could not do its work because something it runs on failed (the journal, the network, a node), as
/// opposed to being asked the wrong thing (<see cref="UsageError"/>): one line naming what failed and why.
/// </summary>
public static class InfrastructureFailure
{
    public const int ExitCode = 3;

    public static int Print(string command, string line)
    {
        Console.Error.WriteLine($"secagg {command}: {line}");
        return ExitCode;
    }
}
