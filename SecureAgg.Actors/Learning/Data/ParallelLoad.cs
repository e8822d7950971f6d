using System.Runtime.ExceptionServices;

namespace SecureAgg.Learning.Data;

/// <summary>
/// Runs independent file loads in parallel and rethrows the failure of the lowest index unwrapped, so a broken data
/// set reports the same <see cref="DataFormatException"/> on every run instead of an AggregateException.
/// </summary>
internal static class ParallelLoad
{
    public static void For(int count, Action<int> body)
    {
        var errors = new Exception?[count];
        Parallel.For(0, count, i =>
        {
            try
            {
                body(i);
            }
            catch (Exception e)
            {
                errors[i] = e;
            }
        });
        if (Array.Find(errors, e => e is not null) is { } error)
            ExceptionDispatchInfo.Throw(error);
    }
}
