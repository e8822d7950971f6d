namespace SecureAgg.Simulation;

/// <summary>
/// Where a running <see cref="LocalRound"/> is (the step, and how many of its clients are done), for a progress line
/// printed from another thread: a big round runs for minutes, and a silent one looks hung.
/// </summary>
public sealed class LocalRoundProgress
{
    private volatile Step _step = new("setting up", 0);
    private int _done;

    private sealed record Step(string Name, int Clients);

    public override string ToString()
    {
        var step = _step;
        return step.Clients > 0 ? $"{step.Name}: {Volatile.Read(ref _done):N0}/{step.Clients:N0} clients" : step.Name;
    }

    internal void Begin(string name, int clients = 0)
    {
        Volatile.Write(ref _done, 0);
        _step = new Step(name, clients);
    }

    internal void ClientDone() => Interlocked.Increment(ref _done);
}
