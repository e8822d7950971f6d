namespace SecureAgg.Tests.Actors;

/// <summary>
/// A test that needs a PostgreSQL server: its connection string comes from SECAGG_TEST_POSTGRES, which .ci/run sets
/// after installing and starting PostgreSQL. Without it the test is skipped with that reason.
/// </summary>
public sealed class PostgresTheoryAttribute : TheoryAttribute
{
    public const string Variable = "SECAGG_TEST_POSTGRES";

    public PostgresTheoryAttribute() => Skip = SkipReason;

    public static string? ConnectionString => Environment.GetEnvironmentVariable(Variable);

    /// <summary>Why a PostgreSQL test cannot run here, or null when it can.</summary>
    public static string? SkipReason => string.IsNullOrWhiteSpace(ConnectionString)
        ? $"{Variable} is not set (no PostgreSQL server); .ci/run starts one and sets it."
        : null;
}

/// <summary>The <see cref="FactAttribute"/> twin of <see cref="PostgresTheoryAttribute"/>.</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute() => Skip = PostgresTheoryAttribute.SkipReason;
}
