using System.Globalization;

namespace SecureAgg.Tests.Processes;

/// <summary>A process's resident memory as Linux reports it in /proc/PID/status: now (VmRSS) and its peak (VmHWM), in bytes.</summary>
public readonly record struct ResidentMemory(long Current, long Peak)
{
    public const long MiB = 1 << 20;

    /// <summary>The process's memory now; null once it is gone (a zombie's status has no VmRSS either).</summary>
    public static ResidentMemory? Of(int processId)
    {
        string[] status;
        try
        {
            status = File.ReadAllLines($"/proc/{processId}/status");
        }
        catch (IOException)
        {
            return null;
        }
        return Field(status, "VmRSS:") is { } current && Field(status, "VmHWM:") is { } peak ? new ResidentMemory(current, peak) : null;
    }

    /// <summary>Sets the peak back to the current value (clear_refs 5), so the next peak is that of what follows.</summary>
    public static void ResetPeak(int processId) => File.WriteAllText($"/proc/{processId}/clear_refs", "5");

    // "VmRSS:    123456 kB"
    private static long? Field(string[] status, string name) =>
        status.FirstOrDefault(line => line.StartsWith(name, StringComparison.Ordinal)) is { } line
            ? long.Parse(line[name.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024
            : null;
}
