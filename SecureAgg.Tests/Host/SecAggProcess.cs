using System.Diagnostics;

namespace SecureAgg.Tests.Host;

/// <summary>Runs the built <c>secagg</c> program as a real process, bounded in time.</summary>
public static class SecAggProcess
{
    public sealed record Outcome(int ExitCode, string Output, string Error)
    {
        public string LastLine => Output.TrimEnd().Split('\n').Last().Trim();
    }

    public static Outcome Run(TimeSpan timeout, params string[] arguments)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("exec");
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "secagg.dll"));
        foreach (var argument in arguments)
            info.ArgumentList.Add(argument);
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"secagg {string.Join(' ', arguments)} did not finish within {timeout}.");
        }
        return new Outcome(process.ExitCode, output.Result, error.Result);
    }
}
