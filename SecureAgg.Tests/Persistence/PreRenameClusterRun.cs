namespace SecureAgg.Tests.Persistence;

/// <summary>
/// What the pre-rename <c>secagg server</c> run of <c>Fixtures/PreRename/Cluster/ActiveKilledInUnmasking</c>
/// recorded: active mode, n = 6, t = 5, m = 8, b = 16, input seed 31, three sessions over the same six clients; #1 and
/// #2 completed (their aggregates' SHA-256 are from the old server's summary.json), #3 was SIGKILLed in Unmasking with
/// the answers of clients 1-5 journalled.
/// </summary>
public static class PreRenameClusterRun
{
    public const string Fixture = "Cluster/ActiveKilledInUnmasking";
    public const string TrustedKeysFile = "trusted-keys.txt";
    public const string ServerName = "secagg";
    public const int InputSeed = 31;
    public const int Sessions = 3;
    public const string OpenSession = "5e2ce8c562f2412d9c1a7aaab0eceafc";

    public static readonly string[] Members =
        ["node1/client-0001", "node1/client-0002", "node1/client-0003", "node1/client-0004", "node1/client-0005", "node2/client-0001"];

    public static readonly int[] AllClients = [1, 2, 3, 4, 5, 6];

    /// <summary>Session index → (id, SHA-256 of the aggregate as the old server wrote it).</summary>
    public static readonly IReadOnlyDictionary<int, (string Id, string AggregateSha256)> Finished = new Dictionary<int, (string, string)>
    {
        [1] = ("f96332765e004da3a178bab7b83d4aba", "e8190ad513e69e903bc33f7f8f281350489554d7f8caa66e0168ffdd0b55d543"),
        [2] = ("0bc0647da80a4287b55de6d0b6a6801e", "24759cde6e4d3bf2017e356061917464a9211103120bbcd0456c8445aae2961d"),
    };

    /// <summary>Σ x_u over all six clients of session #3, computed with the pre-rename code.</summary>
    public static readonly ulong[] OpenSessionOldSum = [50737, 35846, 49433, 48122, 38789, 28404, 56278, 37469];
}
