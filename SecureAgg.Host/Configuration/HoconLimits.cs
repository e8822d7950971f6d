namespace SecureAgg.Host.Configuration;

/// <summary>
/// What a config file may be before Akka's HOCON parser sees it. The parser recurses once per nesting level and
/// follows substitutions without a cycle check, so deep nesting or a self-reference overflows the stack, which kills
/// the process before any handler runs; <see cref="HoconTextCheck"/> and <see cref="HoconExpansion"/> refuse such
/// files with the line instead. The shipped hocon/ files need nesting 6, no substitutions and under 100 values.
/// </summary>
public static class HoconLimits
{
    public const long MaxFileBytes = 1 << 20;

    /// <summary>Levels of nesting: every <c>{</c>, every <c>[</c> and every segment of a dotted key counts one.</summary>
    public const int MaxNesting = 64;

    /// <summary>Segments of one dotted key, value or substitution path (<c>a.b.c</c> has 3).</summary>
    public const int MaxPathSegments = 64;

    public const int MaxSubstitutions = 64;

    /// <summary>Values in the file after substitution (a few substitutions of lists of lists can multiply them).</summary>
    public const int MaxValues = 1_000_000;
}
