using SecureAgg.Actors.Cluster;
using SecureAgg.Actors.Transport;
using SecureAgg.Host.Cluster;

namespace SecureAgg.Tests.Cluster;

/// <summary>
/// The server's frame size follows from its sessions' largest message, not a fixed 64 MiB: masked inputs go in parts,
/// so m no longer sets it; the share messages of the largest session and the task payload do.
/// </summary>
public sealed class FrameSizeSpecs
{
    private static ClusterServerSettings Settings(int length, int bits = 32, int maxClients = ClusterServerSettings.DefaultMaxClients, int? neighbours = null) =>
        new(3, TimeSpan.FromSeconds(60), 1, length, bits, null, neighbours, TimeSpan.FromSeconds(10), 1, MaximumFrameSize: 0, MaxClients: maxClients);

    private static long FrameFor(ClusterServerSettings settings) => settings.FrameSizeFor(new SimulatedInputTask(settings.VectorLength, settings.Bits));

    [Fact]
    public void A_vector_of_2_to_the_24_words_needs_no_larger_frame_than_a_small_one()
    {
        // One masked input of 2^24 32-bit words is 64 MiB: the fixed frame size was set for it.
        var huge = FrameFor(Settings(1 << 24));
        var small = FrameFor(Settings(10_000));

        Assert.Equal(small, huge);
        Assert.True(huge < 1 << 20, $"frame {huge:N0} bytes");
        Assert.True(huge >= MessageChunk.PartBytes + MessageChunk.HeaderBytes);
    }

    [Fact]
    public void The_frame_grows_with_the_largest_sessions_share_messages()
    {
        var thousand = FrameFor(Settings(10_000, maxClients: 1000));
        var tenThousand = FrameFor(Settings(10_000, maxClients: 10_000));
        var sparse = FrameFor(Settings(10_000, maxClients: 10_000, neighbours: 40));

        Assert.True(tenThousand > thousand);
        // SecAgg+: a client shares with its k neighbours, not with all n.
        Assert.True(sparse < tenThousand);
        foreach (var frame in new[] { thousand, tenThousand, sparse })
            Assert.Equal(0, frame % (64 * 1024));
    }

    [Fact]
    public void Every_session_the_server_can_open_fits_its_derived_frame()
    {
        var settings = Settings(300_000, maxClients: 2000);
        var frame = FrameFor(settings);
        var withFrame = settings with { MaximumFrameSize = frame };

        foreach (var n in new[] { 3, 10, 500, 2000 })
            Assert.Null(withFrame.FrameSizeProblem(withFrame.ParametersFor(n, 300_000, 32), 0));
        // A session larger than the cap would not fit: the coordinator never opens one.
        Assert.NotNull(withFrame.FrameSizeProblem(withFrame.ParametersFor(20_000, 300_000, 32), 0));
    }

    [Fact]
    public void A_session_never_has_more_members_than_max_clients()
    {
        Assert.Equal(50, Settings(100, maxClients: 50).SessionCap(new SimulatedInputTask(100, 32)));
        Assert.Throws<ArgumentException>(() => (Settings(100) with { MaxClients = 2 }).Validate());
    }

    [Fact]
    public void A_frame_size_set_in_the_servers_hocon_wins_over_the_derived_one()
    {
        var file = Akka.Configuration.ConfigurationFactory.ParseString("akka.remote.dot-netty.tcp.maximum-frame-size = 8388608b");
        var settings = ServerNodeConfig.From(null);

        Assert.Equal(8_388_608, settings.FrameSize(file, new SimulatedInputTask(settings.Length, settings.Bits)));
        Assert.Equal(FrameFor(settings.ServerSettings(0)), settings.FrameSize(null, new SimulatedInputTask(settings.Length, settings.Bits)));
    }
}
