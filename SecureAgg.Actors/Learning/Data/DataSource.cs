namespace SecureAgg.Learning.Data;

/// <summary>Where <see cref="DataLocation"/> took the data folder from, for the log line.</summary>
public enum DataSource
{
    /// <summary>The <c>--data DIR</c> argument.</summary>
    Argument,

    /// <summary>The SECAGG_DATA environment variable.</summary>
    Environment,

    /// <summary><c>data/uci-hapt/</c> under the current directory.</summary>
    Default,
}
