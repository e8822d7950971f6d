using System.Net.Sockets;
using System.Security.Authentication;
using SecureAgg.Host.Pki;

namespace SecureAgg.Tests.Processes;

/// <summary>
/// An insider keeping <c>connections</c> <see cref="HalfSentFrame"/>s on a node at all times: a connection the node
/// closes (Akka drops an inbound connection that has not completed its handshake within handshake-timeout) is opened
/// again at once.
/// </summary>
public sealed class HalfSentFrameAttack : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _firstWave = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task[] _connections;
    private int _halfSent;
    private int _open;
    private int _firstWaveLeft;

    private HalfSentFrameAttack(int port, TransportSecurity insider, int connections, int announced, int sent)
    {
        _firstWaveLeft = connections;
        _connections = Enumerable.Range(0, connections).Select(_ => Task.Run(() => KeepAsync(port, insider, announced, sent))).ToArray();
    }

    /// <summary>Frames half-sent so far, over all connections and reconnections.</summary>
    public int HalfSent => Volatile.Read(ref _halfSent);

    /// <summary>Connections whose frame is half-sent and that the node has not closed yet.</summary>
    public int Open => Volatile.Read(ref _open);

    /// <summary>Completes once every connection has half-sent its first frame.</summary>
    public Task FirstWave => _firstWave.Task;

    public static HalfSentFrameAttack Start(int port, TransportSecurity insider, int connections, int announced, int sent) =>
        new(port, insider, connections, announced, sent);

    private async Task KeepAsync(int port, TransportSecurity insider, int announced, int sent)
    {
        var first = true;
        while (!_stop.IsCancellationRequested)
        {
            HalfSentFrame frame;
            try
            {
                frame = await HalfSentFrame.SendAsync(port, insider, announced, sent, _stop.Token);
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception error) when (error is IOException or SocketException or AuthenticationException)
            {
                // Refused, or closed before the half frame was all sent: again, but not in a busy loop once the node is gone.
                await Task.Delay(TimeSpan.FromMilliseconds(200));
                continue;
            }
            await using (frame)
            {
                Interlocked.Increment(ref _halfSent);
                Interlocked.Increment(ref _open);
                if (first && Interlocked.Decrement(ref _firstWaveLeft) == 0)
                    _firstWave.TrySetResult();
                first = false;
                try
                {
                    await frame.Closed.WaitAsync(_stop.Token);
                }
                catch (OperationCanceledException) when (_stop.IsCancellationRequested)
                {
                    // The attack ends: disposing the frame closes its connection.
                }
                Interlocked.Decrement(ref _open);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_connections);
        _stop.Dispose();
    }
}
