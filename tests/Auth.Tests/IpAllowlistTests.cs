using System.Net;
using Glyphh.Auth.Tests.Infrastructure;

namespace Glyphh.Auth.Tests;

/// <summary>IP allowlists (IPv4 and IPv6 CIDR) with and without trusted proxies.</summary>
public sealed class IpAllowlistTests
{
    private static void Allowlist(GlyphhAuthOptions o)
    {
        o.IpAllowlists["admin"] = ["10.1.0.0/16", "2001:db8::/32", "192.168.7.7"];
        o.TrustedProxies = ["172.16.0.10"];
    }

    [Theory]
    [InlineData("10.1.2.3")]
    [InlineData("192.168.7.7")]
    [InlineData("2001:db8::1")]
    [InlineData("::ffff:10.1.9.9")]
    public async Task RequireIpAllowlist_AllowedAddress_Passes(string peer)
    {
        await using var host = await AuthTestHost.StartAsync(Allowlist);
        Assert.Equal(HttpStatusCode.OK, (await host.GetAsync("/internal", peer: peer)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await host.GetAsync("/internal-by-policy", peer: peer)).StatusCode);
    }

    [Theory]
    [InlineData("10.2.0.1")]
    [InlineData("192.168.7.8")]
    [InlineData("2001:db9::1")]
    [InlineData("127.0.0.1")]
    public async Task RequireIpAllowlist_DeniedAddress_Returns403EvenAnonymous(string peer)
    {
        await using var host = await AuthTestHost.StartAsync(Allowlist);
        var problem = await Problem.ReadAsync(await host.GetAsync("/internal", peer: peer), HttpStatusCode.Forbidden, "forbidden");
        Assert.Equal("ip-not-allowed", problem.Extension("reason"));
        Assert.Equal("admin", problem.Extension("allowlist"));
    }

    [Fact]
    public async Task RequireIpAllowlist_WithPlatformAdmin_NeedsBoth()
    {
        await using var host = await AuthTestHost.StartAsync(Allowlist);
        var admin = Tokens.Hs256(Tokens.Permissions(new Dictionary<string, string[]> { ["*"] = ["admin"] }));
        Assert.Equal(HttpStatusCode.OK, (await host.GetAsync("/internal-admin", bearer: admin, peer: "10.1.0.1")).StatusCode);
        var denied = await Problem.ReadAsync(await host.GetAsync("/internal-admin", bearer: admin, peer: "10.9.0.1"), HttpStatusCode.Forbidden, "forbidden");
        Assert.Equal("ip-not-allowed", denied.Extension("reason"));
        await Problem.ReadAsync(await host.GetAsync("/internal-admin", peer: "10.1.0.1"), HttpStatusCode.Unauthorized, "unauthenticated");
        var user = Tokens.Hs256(Tokens.Claims());
        await Problem.ReadAsync(await host.GetAsync("/internal-admin", bearer: user, peer: "10.1.0.1"), HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task RequireIpAllowlist_ForwardedForFromUntrustedPeer_IsIgnored()
    {
        await using var host = await AuthTestHost.StartAsync(Allowlist);
        var request = new HttpRequestMessage(HttpMethod.Get, "/internal");
        request.Headers.Add("X-Forwarded-For", "10.1.2.3");
        Assert.Equal(HttpStatusCode.Forbidden, (await host.SendAsync(request, peer: "203.0.113.5")).StatusCode);
    }

    [Fact]
    public async Task RequireIpAllowlist_ForwardedForFromTrustedProxy_UsesClientAddress()
    {
        await using var host = await AuthTestHost.StartAsync(Allowlist);
        var allowed = new HttpRequestMessage(HttpMethod.Get, "/internal");
        allowed.Headers.Add("X-Forwarded-For", "203.0.113.99, 10.1.2.3");
        Assert.Equal(HttpStatusCode.OK, (await host.SendAsync(allowed, peer: "172.16.0.10")).StatusCode);

        var denied = new HttpRequestMessage(HttpMethod.Get, "/internal");
        denied.Headers.Add("X-Forwarded-For", "10.1.2.3, 203.0.113.99");
        Assert.Equal(HttpStatusCode.Forbidden, (await host.SendAsync(denied, peer: "172.16.0.10")).StatusCode);
    }

    [Fact]
    public async Task RequireIpAllowlist_TrustedProxyWithoutForwardedFor_UsesProxyAddress()
    {
        await using var host = await AuthTestHost.StartAsync(o =>
        {
            Allowlist(o);
            o.TrustedProxies = ["10.1.0.0/16"];
        });
        Assert.Equal(HttpStatusCode.OK, (await host.GetAsync("/internal", peer: "10.1.0.5")).StatusCode);
        var request = new HttpRequestMessage(HttpMethod.Get, "/internal");
        request.Headers.Add("X-Forwarded-For", "203.0.113.7");
        Assert.Equal(HttpStatusCode.Forbidden, (await host.SendAsync(request, peer: "10.1.0.5")).StatusCode);
    }

    [Theory]
    [InlineData("not-an-ip")]
    [InlineData("10.1.2.3:8080")]
    [InlineData("10.1.2.3,,")]
    public async Task RequireIpAllowlist_MalformedForwardedForFromTrustedProxy_FailsClosed(string forwarded)
    {
        await using var host = await AuthTestHost.StartAsync(o =>
        {
            Allowlist(o);
            o.IpAllowlists["admin"].Add("172.16.0.10");
        });
        var request = new HttpRequestMessage(HttpMethod.Get, "/internal");
        request.Headers.TryAddWithoutValidation("X-Forwarded-For", forwarded);
        Assert.Equal(HttpStatusCode.Forbidden, (await host.SendAsync(request, peer: "172.16.0.10")).StatusCode);
    }

    [Fact]
    public async Task RequireIpAllowlist_UnconfiguredAllowlist_RefusesEveryone()
    {
        await using var host = await AuthTestHost.StartAsync(Allowlist);
        var problem = await Problem.ReadAsync(await host.GetAsync("/internal-missing", peer: "10.1.0.1"), HttpStatusCode.Forbidden, "forbidden");
        Assert.Equal("nobody", problem.Extension("allowlist"));
        Assert.Contains(host.Logs.GetSnapshot(), r => r.Id.Id == 9 && r.Category!.StartsWith("Glyphh", StringComparison.Ordinal));
    }
}
