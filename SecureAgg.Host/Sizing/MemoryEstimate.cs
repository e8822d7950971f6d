using System.Globalization;

namespace SecureAgg.Host.Sizing;

/// <summary>
/// What a run is expected to hold in memory at its peak, checked against what the machine has before anything is
/// allocated: a run that cannot fit is one line up front instead of swapping for an hour or being killed by the OS.
/// The per-command estimates (<see cref="Bench.BenchMemory"/>, <see cref="Simulate.SimulationMemory"/>) come from
/// measured peaks and round up, so a run that fits is never refused for being close.
/// </summary>
public sealed record MemoryEstimate(double Bytes, string Breakdown)
{
    /// <summary>What the GC may use on this machine (physical memory, or the container's limit).</summary>
    public static long Available() => GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;

    /// <summary>Throws the one line when the estimate exceeds <paramref name="available"/> bytes.</summary>
    public void Check(string run, long available)
    {
        if (Bytes > available)
            throw new ArgumentException($"{run} needs about {Size(Bytes)} of memory ({Breakdown}), more than the {Size(available)} this machine has; " +
                                        "use fewer clients, a shorter vector or secagg+.");
    }

    public static string Size(double bytes)
    {
        string[] units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"];
        var unit = 0;
        while (bytes >= 1024 && unit < units.Length - 1)
        {
            bytes /= 1024;
            unit++;
        }
        return string.Create(CultureInfo.InvariantCulture, $"{bytes:0.#} {units[unit]}");
    }
}
