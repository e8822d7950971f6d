using CliWrap;

namespace SecureAgg.Tests.Processes;

/// <summary>
/// The built <c>secagg</c> program as a real OS process (through CliWrap), for every test that starts it: run a command
/// to completion (<see cref="Run"/>), or start a long-running node (<see cref="Start"/>), follow its output line by line,
/// wait for a line, and SIGKILL it mid-round. Disposing kills it if it is still running.
/// </summary>
public sealed class SecaggProcess : IDisposable
{
    private readonly List<string> _output = [];
    private readonly List<string> _error = [];
    private readonly CancellationTokenSource _kill = new();
    private readonly Task<int?> _exit;
    private TaskCompletionSource _lineArrived = NewSignal();

    private SecaggProcess(string label, IEnumerable<string> arguments)
    {
        Label = label;
        var command = Cli.Wrap("dotnet")
            .WithArguments(["exec", Path.Combine(AppContext.BaseDirectory, "secagg.dll"), .. arguments])
            .WithValidation(CommandResultValidation.None)
            .WithStandardOutputPipe(Lines(OnOutput))
            .WithStandardErrorPipe(Lines(OnError));
        // CliWrap starts the process here, so a program that cannot start fails the caller at once.
        var running = command.ExecuteAsync(_kill.Token);
        Id = running.ProcessId;
        _exit = Watch(running);
    }

    public string Label { get; }

    /// <summary>The operating system's process id.</summary>
    public int Id { get; }

    public string Output
    {
        get
        {
            lock (_output)
                return string.Join('\n', _output);
        }
    }

    public string Error
    {
        get
        {
            lock (_error)
                return string.Join('\n', _error);
        }
    }

    /// <summary>The process ended (by itself or killed) and all of its output has been read.</summary>
    public bool HasExited => _exit.IsCompleted;

    /// <summary>Starts <c>secagg <paramref name="arguments"/></c> in the background.</summary>
    public static SecaggProcess Start(string label, params string[] arguments) => new(label, arguments);

    /// <summary>Runs <c>secagg <paramref name="arguments"/></c> to its end; killed, with a <see cref="TimeoutException"/>, past the timeout.</summary>
    public static SecaggResult Run(TimeSpan timeout, params string[] arguments)
    {
        using var process = Start("secagg " + string.Join(' ', arguments), arguments);
        // Off the test's synchronization context: xunit's has as many threads as cores, and blocking tests can fill them.
        var exitCode = Task.Run(() => process.WaitForExitAsync(timeout)).GetAwaiter().GetResult();
        return new SecaggResult(exitCode, process.Output, process.Error);
    }

    /// <summary>Waits for an output line containing <paramref name="text"/>; fails with the output so far if none comes.</summary>
    public Task<string> WaitForLineAsync(string text, TimeSpan timeout) =>
        WaitForLineAsync(line => line.Contains(text, StringComparison.Ordinal), $"a line with '{text}'", timeout);

    /// <summary>Waits for the first output line (printed so far or later) that <paramref name="matches"/>.</summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> matches, string description, TimeSpan timeout)
    {
        using var expiry = new CancellationTokenSource(timeout);
        while (true)
        {
            // Read before the lines: once the process has ended, the lines looked at next are all it printed.
            var exited = _exit.IsCompleted;
            Task lineArrived;
            lock (_output)
            {
                if (_output.FirstOrDefault(matches) is { } found)
                    return found;
                lineArrived = _lineArrived.Task;
            }
            if (exited)
                throw new TimeoutException($"{Label} exited without printing {description}.\n{Describe()}");
            try
            {
                await Task.WhenAny(lineArrived, _exit).WaitAsync(expiry.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (expiry.IsCancellationRequested)
            {
                throw new TimeoutException($"{Label} printed no {description} within {timeout}.\n{Describe()}");
            }
        }
    }

    /// <summary>The exit code, once the process ended by itself and its output is read; killed past the timeout.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        int? exitCode;
        try
        {
            exitCode = await _exit.WaitAsync(timeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            Kill();
            throw new TimeoutException($"{Label} did not exit within {timeout}.\n{Describe()}");
        }
        return exitCode ?? throw new InvalidOperationException($"{Label} was killed, it has no exit code.\n{Describe()}");
    }

    /// <summary>
    /// SIGKILL to the process and its whole tree (CliWrap's forceful cancellation): no shutdown hooks, no leaving the
    /// cluster, exactly like a crashed machine. Returns once it is gone and what it printed before dying is read.
    /// </summary>
    public void Kill()
    {
        if (!_exit.IsCompleted)
            _kill.Cancel();
        _exit.GetAwaiter().GetResult();
    }

    /// <summary>SIGSTOP: the process keeps its sockets open but answers nothing (a node that joined and froze).</summary>
    public void Freeze()
    {
        using var stop = System.Diagnostics.Process.Start("kill", ["-STOP", Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        stop.WaitForExit();
    }

    public string Describe() => $"--- {Label} stdout ---\n{Output}\n--- {Label} stderr (last 4000 chars) ---\n{Tail(Error, 4000)}";

    public void Dispose()
    {
        Kill();
        _kill.Dispose();
    }

    private async Task<int?> Watch(CommandTask<CommandResult> running)
    {
        try
        {
            return (await running.ConfigureAwait(false)).ExitCode;
        }
        catch (OperationCanceledException) when (_kill.IsCancellationRequested)
        {
            return null;
        }
        finally
        {
            running.Dispose();
        }
    }

    private void OnOutput(string line)
    {
        TaskCompletionSource arrived;
        lock (_output)
        {
            _output.Add(line);
            arrived = _lineArrived;
            _lineArrived = NewSignal();
        }
        arrived.SetResult();
    }

    private void OnError(string line)
    {
        lock (_error)
            _error.Add(line);
    }

    // Reads to the end of the stream, not until the kill: CliWrap cancels its own pipes on a kill, but the lines a
    // process printed just before dying are part of its story (a test asserts what a killed server had not printed).
    private static PipeTarget Lines(Action<string> onLine) => PipeTarget.Create(async (stream, _) =>
    {
        using var reader = new StreamReader(stream);
        while (await reader.ReadLineAsync().ConfigureAwait(false) is { } line)
            onLine(line);
    });

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private static string Tail(string text, int length) => text.Length <= length ? text : text[^length..];
}
