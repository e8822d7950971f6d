using Akka.Configuration;
using SecureAgg.Host.Cluster;
using SecureAgg.Host.Configuration;

namespace SecureAgg.Tests.Configuration;

/// <summary>Host names reach Akka's HOCON and actor addresses, so only RFC 1123 names and IP addresses pass, from files and flags alike.</summary>
public sealed class HostNameAttributeSpecs
{
    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("0.0.0.0")]
    [InlineData("::1")]
    [InlineData("fe80::1")]
    [InlineData("localhost")]
    [InlineData("server")]
    [InlineData("client-3.secagg.example.org")]
    [InlineData("1node")]
    public void Names_and_addresses_pass(string host) => Assert.True(HostNameAttribute.IsHostName(host));

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("127.0.0.1\"x")]
    [InlineData("a b")]
    [InlineData("under_score")]
    [InlineData("host@evil")]
    [InlineData("-lead")]
    [InlineData("trail-")]
    [InlineData("double..dot")]
    [InlineData("a}b")]
    [InlineData("[::1]")]
    public void Anything_else_is_refused(string host) => Assert.False(HostNameAttribute.IsHostName(host));

    [Fact]
    public void Labels_of_64_characters_and_names_over_253_are_refused()
    {
        Assert.True(HostNameAttribute.IsHostName(new string('a', 63)));
        Assert.False(HostNameAttribute.IsHostName(new string('a', 64)));
        Assert.False(HostNameAttribute.IsHostName(string.Join('.', Enumerable.Repeat(new string('a', 63), 4))));
    }

    [Theory]
    [InlineData("secagg.server.hostname = \"a\\\"b\"", "secagg.server.hostname must be a host name (letters, digits, '-' and '.') or an IP address, got 'a\"b'.")]
    [InlineData("secagg.server.public-hostname = \"x y\"", "secagg.server.public-hostname must be a host name (letters, digits, '-' and '.') or an IP address, got 'x y'.")]
    public void A_server_host_name_from_the_file_is_refused_in_one_line(string hocon, string message)
    {
        var error = Assert.Throws<ArgumentException>(() => ServerNodeConfig.From(ConfigurationFactory.ParseString(hocon)));
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void A_client_host_name_from_the_file_is_refused_and_an_empty_public_hostname_means_the_hostname()
    {
        var error = Assert.Throws<ArgumentException>(() => ClientNodeConfig.From(ConfigurationFactory.ParseString("secagg.client.hostname = \"a'b\"")));
        Assert.Equal("secagg.client.hostname must be a host name (letters, digits, '-' and '.') or an IP address, got 'a'b'.", error.Message);
        Assert.Null(ClientNodeConfig.From(ConfigurationFactory.ParseString("secagg.client.public-hostname = \"\"")).PublicHostname);
    }
}
