using System.Diagnostics;
using SecureAgg.Tests.Cluster;

namespace SecureAgg.Tests.Processes;

/// <summary>The shared runner itself, on a <c>secagg server</c> that would wait ten minutes for clients.</summary>
public sealed class SecaggProcessSpecs : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(1);
    private readonly string _out = Directory.CreateTempSubdirectory("secagg-process-").FullName;

    private string[] WaitingServer()
    {
        SecureAgg.Host.Keys.KeyFiles.WriteServerIdentity(_out);
        return ["server", "--hostname", "127.0.0.1", "--port", LoopbackPort.Free().ToString(), "--journal", "memory", "--min-clients", "3", "--join-timeout", "10m",
            "--out", _out, "--identity", Path.Combine(_out, SecureAgg.Host.Keys.KeyFiles.ServerKey), "--open-enrolment", .. TestPki.ServerArguments];
    }

    [Fact]
    public async Task A_killed_node_is_gone_and_what_it_printed_before_the_kill_is_kept()
    {
        using var server = SecaggProcess.Start("server", WaitingServer());
        var line = await server.WaitForLineAsync("waiting for 3 clients", Patience);

        server.Kill();

        Assert.True(server.HasExited);
        Assert.Throws<ArgumentException>(() => Process.GetProcessById(server.Id));
        Assert.Contains(line, server.Output);
        await Assert.ThrowsAsync<InvalidOperationException>(() => server.WaitForExitAsync(Patience));
    }

    [Fact]
    public void A_command_still_running_at_its_timeout_is_killed_and_reported_as_a_timeout()
    {
        // The server waits ten minutes for clients that never come: it cannot finish within the second, however fast the machine.
        var error = Assert.Throws<TimeoutException>(() => SecaggProcess.Run(TimeSpan.FromSeconds(1), WaitingServer()));

        Assert.Contains("did not exit within", error.Message);
    }

    public void Dispose() => Directory.Delete(_out, recursive: true);
}
