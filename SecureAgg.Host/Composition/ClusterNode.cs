using Akka.Actor;
using Akka.Cluster.Hosting;
using Akka.Configuration;
using Akka.Event;
using Akka.Hosting;
using Akka.Remote.Hosting;
using SecureAgg.Actors.Cluster;
using SecureAgg.Host.Pki;

using SecureAgg.Host.Report;

namespace SecureAgg.Host.Composition;

/// <summary>
/// The generic host of a server or client node: one ActorSystem built with Akka.Hosting (remoting, clustering with
/// downing by the server's authority, distributed pub-sub, the serializer, the server's journal, logging into
/// Microsoft.Extensions.Logging, dedicated dispatchers), its actors started by <c>startActors</c> into the registry.
/// Seed nodes are joined from code (a restarted server may add its journalled client nodes).
/// </summary>
public sealed class ClusterNode : IAsyncDisposable
{
    private readonly AkkaNodeHost _host;

    private ClusterNode(AkkaNodeHost host) => _host = host;

    public ActorSystem System => _host.System;

    public ActorRegistry Registry => _host.Registry;

    /// <summary>The akka.* settings the node runs with, before it starts: the file's over the defaults (frame-size checks read them).</summary>
    public static Config EffectiveFileConfig(Config? file) =>
        (file ?? Config.Empty).WithFallback(ConfigurationFactory.ParseString(ClusterAkkaConfig.Defaults));

    /// <summary>The started node, its journal (if any) written and read back once; <see cref="JournalUnavailableException"/> (naming the journal) when it cannot be used.</summary>
    public static async Task<ClusterNode> StartAsync(ClusterNodeSettings settings, Action<ActorSystem, IActorRegistry> startActors, CancellationToken cancellation)
    {
        try
        {
            return await StartCheckedAsync(settings, startActors, cancellation);
        }
        catch (JournalUnavailableException error)
        {
            throw new JournalUnavailableException($"journal {settings.Journal}: {error.Message}", error);
        }
    }

    private static async Task<ClusterNode> StartCheckedAsync(ClusterNodeSettings settings, Action<ActorSystem, IActorRegistry> startActors, CancellationToken cancellation)
    {
        if (settings.Journal is { } journal)
            await JournalPreflight.CheckAsync(journal, cancellation);
        var node = new ClusterNode(await StartHostAsync(settings, startActors, cancellation));
        try
        {
            if (settings.Journal is { } written)
                await JournalProbe.WriteAndReadBackAsync(node.System, written, cancellation);
            return node;
        }
        catch
        {
            await node.DisposeAsync();
            throw;
        }
    }

    private static Task<AkkaNodeHost> StartHostAsync(ClusterNodeSettings settings, Action<ActorSystem, IActorRegistry> startActors, CancellationToken cancellation) =>
        AkkaNodeHost.StartAsync(ClusterAkkaConfig.SystemName, $"{settings.Role}@{settings.PublicHostname ?? settings.Hostname}:{settings.Port}",
            settings.LogLevel, akka =>
            {
                // The file's akka.* overrides sit above the project's cluster defaults; the options below sit above both.
                akka.AddHocon(EffectiveFileConfig(settings.File), HoconAddMode.Append)
                    .WithRemoting(new RemoteOptions
                    {
                        HostName = settings.Hostname,
                        PublicHostName = settings.PublicHostname ?? settings.Hostname,
                        Port = settings.Port,
                        EnableSsl = settings.Tls is not null,
                        Ssl = settings.Tls is { } tls ? MutualTls(tls) : null!,
                    })
                    // Downing (by the server's authority) comes from ClusterAkkaConfig.Defaults, so the file can change it.
                    .WithClustering(new ClusterOptions { Roles = [settings.Role] })
                    // Every role: client agents find the server's coordinator through the mediators of all nodes.
                    .WithDistributedPubSub("")
                    .WithSecureAggSerializer(settings.MaxVectorLength);
                if (settings.Journal is { } journal)
                    akka.WithJournal(journal, settings.JournalOutage);
                if (settings.MaximumFrameSize is { } frame)
                    akka.AddHocon(ConfigurationFactory.ParseString($"akka.remote.dot-netty.tcp.maximum-frame-size = {frame}b"), HoconAddMode.Prepend);
                akka.WithActors(startActors);
            }, cancellation);

    // Both ends present a certificate and each accepts only one issued by the deployment CA.
    private static SslOptions MutualTls(TransportSecurity tls) => new()
    {
        X509Certificate = tls.Certificate,
        SuppressValidation = false,
        RequireMutualAuthentication = true,
        ValidateCertificateHostname = false,
        CustomValidator = (certificate, _, peer, _, log) =>
        {
            if (tls.Trusts(certificate))
                return true;
            log.Warning("TLS: refused {0}: {1}", peer, certificate is null ? "no certificate" : $"certificate {certificate.Subject} is not from the deployment CA");
            return false;
        },
    };

    public ValueTask DisposeAsync() => _host.DisposeAsync();
}
