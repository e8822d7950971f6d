using System.Net;
using System.Net.Sockets;

namespace SecureAgg.Tests.Cluster;

/// <summary>Ports on 127.0.0.1 for the nodes of a multi-process test.</summary>
public static class LoopbackPort
{
    /// <summary>A TCP port nobody listens on right now.</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
