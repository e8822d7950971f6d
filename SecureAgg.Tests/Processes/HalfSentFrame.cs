using System.Buffers.Binary;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using SecureAgg.Host.Pki;

namespace SecureAgg.Tests.Processes;

/// <summary>
/// An insider's connection to a node's remoting port that announces a frame and sends only part of it: TLS with a
/// client-node certificate of the deployment (so it passes mutual TLS), Akka.Remote's frame header announcing
/// <c>announced</c> bytes, then <c>sent</c> random bytes of them and never the rest. The node's frame decoder keeps
/// what arrived until the frame is complete.
/// </summary>
public sealed class HalfSentFrame : IAsyncDisposable
{
    /// <summary>
    /// Akka.Remote's DotNetty TCP framing (<c>LengthFieldBasedFrameDecoder(byteOrder, maximum-frame-size, 0, 4, 0, 4)</c>):
    /// a 4-byte length before each frame, counting the frame's bytes but not its own, in
    /// <c>akka.remote.dot-netty.tcp.byte-order</c> (little-endian unless configured). The decoder refuses a frame whose
    /// length and header together exceed <c>maximum-frame-size</c>, and closes the connection.
    /// </summary>
    public const int HeaderLength = 4;

    private static readonly byte[] Chunk = RandomNumberGenerator.GetBytes(1 << 20);
    private readonly TcpClient _connection;
    private readonly SslStream _tls;

    private HalfSentFrame(TcpClient connection, SslStream tls)
    {
        _connection = connection;
        _tls = tls;
        Closed = WaitForCloseAsync(tls);
    }

    /// <summary>Completes when the node closes the connection: it sends nothing else while it waits for the frame's end.</summary>
    public Task Closed { get; }

    public static async Task<HalfSentFrame> SendAsync(int port, TransportSecurity insider, int announced, int sent, CancellationToken cancellation)
    {
        var connection = new TcpClient();
        try
        {
            await connection.ConnectAsync(IPAddress.Loopback, port, cancellation);
            var tls = new SslStream(connection.GetStream(), leaveInnerStreamOpen: false);
            await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = DeploymentPki.ServerName,
                // Presented as is, without the selection by the issuers the server names.
                ClientCertificateContext = SslStreamCertificateContext.Create(insider.Certificate, additionalCertificates: null, offline: true),
                // The deployment's node, as the nodes check each other: issued by its CA, host names aside.
                RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate is X509Certificate2 node && insider.Trusts(node),
            }, cancellation);
            var header = new byte[HeaderLength];
            BinaryPrimitives.WriteInt32LittleEndian(header, announced);
            await tls.WriteAsync(header, cancellation);
            for (var left = sent; left > 0; left -= Chunk.Length)
                await tls.WriteAsync(Chunk.AsMemory(0, Math.Min(left, Chunk.Length)), cancellation);
            await tls.FlushAsync(cancellation);
            return new HalfSentFrame(connection, tls);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private static async Task WaitForCloseAsync(SslStream tls)
    {
        var buffer = new byte[16];
        try
        {
            while (await tls.ReadAsync(buffer) > 0)
            {
            }
        }
        catch (Exception error) when (error is IOException or ObjectDisposedException)
        {
            // A reset or our own disposal: closed all the same.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _tls.DisposeAsync();
        _connection.Dispose();
        await Closed;
    }
}
