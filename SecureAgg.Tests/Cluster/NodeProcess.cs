using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace SecureAgg.Tests.Cluster;

/// <summary>
/// One node of a multi-process test: the built <c>secagg</c> program as a real OS process, its output collected line
/// by line so a test can wait for a line (e.g. a round closing) and kill the process right then. Disposing kills it.
/// </summary>
public sealed class NodeProcess : IDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly StringBuilder _error = new();
    private readonly SemaphoreSlim _lineArrived = new(0);

    public NodeProcess(string label, params string[] arguments)
    {
        Label = label;
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
        _process = new Process { StartInfo = info };
        _process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
                return;
            _lines.Enqueue(e.Data);
            _lineArrived.Release();
        };
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null)
                return;
            lock (_error)
                _error.AppendLine(e.Data);
        };
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Label { get; }

    public string Output => string.Join('\n', _lines);

    public string Error
    {
        get
        {
            lock (_error)
                return _error.ToString();
        }
    }

    public bool HasExited => _process.HasExited;

    /// <summary>Waits for an output line containing <paramref name="text"/>; fails with the output so far if none comes.</summary>
    public async Task<string> WaitForLineAsync(string text, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (_lines.FirstOrDefault(line => line.Contains(text, StringComparison.Ordinal)) is { } found)
                return found;
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero || (_process.HasExited && !await _lineArrived.WaitAsync(200)))
                throw new TimeoutException($"{Label} printed no line with '{text}' within {timeout} (exited: {_process.HasExited}).\n{Describe()}");
            await _lineArrived.WaitAsync(left < TimeSpan.FromSeconds(1) ? left : TimeSpan.FromSeconds(1));
        }
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"{Label} did not exit within {timeout}.\n{Describe()}");
        }
        _process.WaitForExit(); // drains the redirected streams
        return _process.ExitCode;
    }

    /// <summary>SIGKILL: no shutdown hooks, no leaving the cluster, exactly like a crashed machine.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
            _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public string Describe() => $"--- {Label} stdout ---\n{Output}\n--- {Label} stderr (last 4000 chars) ---\n{Tail(Error, 4000)}";

    public void Dispose()
    {
        try
        {
            Kill();
        }
        catch (InvalidOperationException)
        {
            // Never started or already reaped.
        }
        _process.Dispose();
    }

    /// <summary>A TCP port nobody listens on right now.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string Tail(string text, int length) => text.Length <= length ? text : text[^length..];
}
