namespace SecureAgg.Actors.Cluster;

/// <summary>How a client node names its clients: PREFIX/client-NNNN (the prefix is --name, or HOST:PORT).</summary>
public static class ClientNames
{
    public static string Of(string prefix, int index) => $"{prefix}/client-{index:D4}";
}
