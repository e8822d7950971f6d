namespace SecureAgg.Tests.Fuzzing;

/// <summary>The outcome counts of one bounded fuzzing run over a target.</summary>
public sealed record FuzzRun(string Target, int Inputs, int Decoded, int Refused, long LargestAllocation)
{
    /// <summary>
    /// Runs <paramref name="inputs"/> seeded mutations (and the seeds themselves) through the target's decoder. Fails
    /// on any exception but the target's refusal, and on any input that made the decoder allocate beyond its bound.
    /// </summary>
    public static FuzzRun Of(FuzzTarget target, int inputs, int seed)
    {
        var mutator = new Mutator(seed);
        var random = new Random(seed);
        int decoded = 0, refused = 0;
        long largest = 0;
        foreach (var warmUp in target.Seeds)
            Decode(target, warmUp, out _);
        for (var i = 0; i < inputs; i++)
        {
            var bytes = i < target.Seeds.Count ? target.Seeds[i] : mutator.Mutate(target.Seeds[random.Next(target.Seeds.Count)], target.Seeds);
            var before = GC.GetAllocatedBytesForCurrentThread();
            var ok = Decode(target, bytes, out var failure);
            var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            if (failure is not null)
                throw new Xunit.Sdk.XunitException($"{target.Name}: input {i} ({Hex(bytes)}) threw {failure.GetType().Name}: {failure.Message}");
            var bound = target.AllocationBound(bytes);
            if (allocated > bound)
                throw new Xunit.Sdk.XunitException($"{target.Name}: input {i} ({bytes.Length} bytes, {Hex(bytes)}) allocated {allocated:N0} bytes, above its bound {bound:N0}");
            largest = Math.Max(largest, allocated);
            if (ok)
                decoded++;
            else
                refused++;
        }
        return new FuzzRun(target.Name, inputs, decoded, refused, largest);
    }

    private static bool Decode(FuzzTarget target, byte[] bytes, out Exception? failure)
    {
        failure = null;
        try
        {
            target.Decode(bytes);
            return true;
        }
        catch (Exception error) when (target.Refusal.IsInstanceOfType(error))
        {
            return false;
        }
        catch (Exception error)
        {
            failure = error;
            return false;
        }
    }

    private static string Hex(byte[] bytes) => bytes.Length <= 256 ? Convert.ToHexString(bytes) : Convert.ToHexString(bytes, 0, 256) + "…";
}
