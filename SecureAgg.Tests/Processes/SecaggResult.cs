namespace SecureAgg.Tests.Processes;

/// <summary>How a <c>secagg</c> command that ran to its end ended: exit code and everything it printed.</summary>
public sealed record SecaggResult(int ExitCode, string Output, string Error)
{
    public string LastLine => Output.TrimEnd().Split('\n').Last().Trim();
}
