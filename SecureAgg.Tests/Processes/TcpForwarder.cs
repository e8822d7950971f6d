using System.Net;
using System.Net.Sockets;

namespace SecureAgg.Tests.Processes;

/// <summary>
/// A TCP forwarder on 127.0.0.1 in front of a real server (PostgreSQL), so a test can take the server away without
/// touching it: <see cref="Cut"/> resets every open connection and every new one until <see cref="Restore"/>, the way
/// a database restart looks to its clients.
/// </summary>
public sealed class TcpForwarder : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly string _targetHost;
    private readonly int _targetPort;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<(TcpClient Inbound, TcpClient Outbound)> _open = [];
    private readonly Task _accepting;
    private volatile bool _cut;

    public TcpForwarder(string targetHost, int targetPort)
    {
        _targetHost = targetHost;
        _targetPort = targetPort;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Connections refused (reset) since the forwarder was cut.</summary>
    public int Refused { get; private set; }

    /// <summary>A forwarder to the host and port of an Npgsql connection string.</summary>
    public static TcpForwarder ToPostgres(string connectionString)
    {
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        return new TcpForwarder(builder.Host ?? "127.0.0.1", builder.Port);
    }

    /// <summary>The connection string with its host and port replaced by this forwarder's.</summary>
    public string Through(string connectionString) =>
        new Npgsql.NpgsqlConnectionStringBuilder(connectionString) { Host = "127.0.0.1", Port = Port }.ConnectionString;

    public void Cut()
    {
        _cut = true;
        lock (_open)
        {
            foreach (var (inbound, outbound) in _open)
            {
                Reset(inbound);
                Reset(outbound);
            }
            _open.Clear();
        }
    }

    public void Restore() => _cut = false;

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient inbound;
            try
            {
                inbound = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }
            if (_cut)
            {
                Refused++;
                Reset(inbound);
                continue;
            }
            _ = ForwardAsync(inbound);
        }
    }

    private async Task ForwardAsync(TcpClient inbound)
    {
        var outbound = new TcpClient();
        try
        {
            await outbound.ConnectAsync(_targetHost, _targetPort, _stop.Token);
        }
        catch (Exception)
        {
            Reset(inbound);
            outbound.Dispose();
            return;
        }
        lock (_open)
            _open.Add((inbound, outbound));
        var up = PumpAsync(inbound, outbound);
        var down = PumpAsync(outbound, inbound);
        await Task.WhenAny(up, down);
        lock (_open)
            _open.Remove((inbound, outbound));
        inbound.Dispose();
        outbound.Dispose();
    }

    private async Task PumpAsync(TcpClient from, TcpClient to)
    {
        try
        {
            await from.GetStream().CopyToAsync(to.GetStream(), _stop.Token);
        }
        catch (Exception)
        {
            // A reset connection or the end of the test: the other direction closes with it.
        }
    }

    private static void Reset(TcpClient connection)
    {
        try
        {
            connection.Client.LingerState = new LingerOption(true, 0);
            connection.Client.Close();
        }
        catch (Exception)
        {
            // Already gone.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        Cut();
        await _accepting;
        _stop.Dispose();
    }
}
