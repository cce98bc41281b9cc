using System.Net;
using Glyphh.Runtime.Tests.Support;
using Glyphh.TestSupport;

namespace Glyphh.Runtime.Tests;

/// <summary>
/// What makes the runtime safe to run on a laptop and behind a proxy: Host filtering, security headers, rate limits
/// from the Auth package, and the admin IP allowlist, each through the real pipeline.
/// </summary>
public sealed class ServiceSafetyTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("localhost:8000", true)]
    [InlineData("127.0.0.1", true)]
    [InlineData("[::1]:8000", true)]
    [InlineData("attacker.example", false)]
    [InlineData("localhost.attacker.example", false)]
    public async Task LocalMode_DefaultAllowedHosts_LoopbackOnly(string host, bool allowed)
    {
        await using var runtime = await StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/models") { Content = Http.Json("""{"name":"m1"}""") };
        request.Headers.Host = host;
        var response = await runtime.Client.SendAsync(request);
        if (allowed)
        {
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        }
        else
        {
            await response.AssertProblemAsync(400, "host-not-allowed");
            Assert.Equal(HttpStatusCode.OK, (await runtime.Client.GetAsync("/models")).StatusCode);
            Assert.Equal(0, (await (await runtime.Client.GetAsync("/models")).ReadJsonAsync()).GetProperty("items").GetArrayLength());
        }
    }

    [Fact]
    public async Task LocalMode_ContainerHostName_Allowed()
    {
        await using var runtime = await StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/health");
        request.Headers.Host = Environment.MachineName;
        Assert.Equal(HttpStatusCode.OK, (await runtime.Client.SendAsync(request)).StatusCode);
    }

    [Fact]
    public async Task AllowedHostsConfigured_OthersRefused()
    {
        await using var runtime = await StartAsync(("ALLOWED_HOSTS", "api.example.com,*.internal.example"));
        Assert.Equal(HttpStatusCode.OK, (await SendWithHostAsync(runtime, "api.example.com")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SendWithHostAsync(runtime, "a.internal.example")).StatusCode);
        await (await SendWithHostAsync(runtime, "localhost")).AssertProblemAsync(400, "host-not-allowed");
        await (await SendWithHostAsync(runtime, "internal.example")).AssertProblemAsync(400, "host-not-allowed");
        // A wildcard matches whole labels, in any case, and nothing that only ends with the same letters.
        Assert.Equal(HttpStatusCode.OK, (await SendWithHostAsync(runtime, "B.Internal.EXAMPLE:8443")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SendWithHostAsync(runtime, "x.y.internal.example")).StatusCode);
        await (await SendWithHostAsync(runtime, "evilinternal.example")).AssertProblemAsync(400, "host-not-allowed");
        await (await SendWithHostAsync(runtime, "api.example.com.attacker.example")).AssertProblemAsync(400, "host-not-allowed");
    }

    [Fact]
    public async Task AllowedHosts_BadEntry_StartupFailsNamingIt()
    {
        var ex = await Assert.ThrowsAnyAsync<Exception>(() => StartAsync(("ALLOWED_HOSTS", "http://x:80")));
        Assert.Contains("ALLOWED_HOSTS", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EveryAnswer_SecurityHeadersAndNoServer()
    {
        await using var runtime = await StartAsync();
        foreach (var response in new[]
        {
            await runtime.Client.GetAsync("/models"),
            await runtime.Client.GetAsync("/models/nope"),
            await runtime.Client.GetAsync("/health"),
        })
        {
            Assert.Empty(response.Headers.Server);
            Assert.Equal("nosniff", string.Join(",", response.Headers.GetValues("X-Content-Type-Options")));
            Assert.Equal("DENY", string.Join(",", response.Headers.GetValues("X-Frame-Options")));
            Assert.Equal("no-referrer", string.Join(",", response.Headers.GetValues("Referrer-Policy")));
            Assert.Contains("frame-ancestors 'none'", string.Join(",", response.Headers.GetValues("Content-Security-Policy")), StringComparison.Ordinal);
            Assert.True(response.Headers.CacheControl?.NoStore, $"{response.RequestMessage!.RequestUri}: Cache-Control {response.Headers.CacheControl}");
        }
    }

    [Fact]
    public async Task AdminRoute_DefaultTenPerMinute_Then429WithRetryAfter()
    {
        await using var runtime = await StartAsync();
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await runtime.Client.GetAsync("/license")).StatusCode);
        }
        var refused = await runtime.Client.GetAsync("/license");
        var problem = await refused.AssertProblemAsync(429, "rate-limited");
        Assert.Equal("admin", problem.GetProperty("policy").GetString());
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        // Other routes keep answering: the admin limit is per route group, not a ban.
        Assert.Equal(HttpStatusCode.OK, (await runtime.Client.GetAsync("/models")).StatusCode);
    }

    [Fact]
    public async Task AdminRateLimit_PerSubject_OneCallersLimitLeavesAnotherAlone()
    {
        await using var runtime = await StartAsync("cloud", ("JWT_SECRET_KEY", Jwt.Secret), ("RATE_LIMIT_ADMIN_PER_MINUTE", "2"));
        using var first = runtime.CreateClient(Jwt.Mint("admin-1", new() { ["*"] = ["admin"] }));
        using var second = runtime.CreateClient(Jwt.Mint("admin-2", new() { ["*"] = ["admin"] }));
        Assert.Equal(HttpStatusCode.OK, (await first.GetAsync("/license")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await first.GetAsync("/license")).StatusCode);
        await (await first.GetAsync("/license")).AssertProblemAsync(429, "rate-limited");
        Assert.Equal(HttpStatusCode.OK, (await second.GetAsync("/license")).StatusCode);
    }

    [Fact]
    public async Task RateLimitRps_BadTokensFromOneAddress_429()
    {
        await using var runtime = await StartAsync("cloud", ("JWT_SECRET_KEY", Jwt.Secret), ("RATE_LIMIT_RPS", "1"));
        using var bad = runtime.CreateClient("not-a-token");
        var statuses = new List<HttpStatusCode>();
        // One per second is allowed; twenty requests in a row cannot all fall in separate seconds unless each takes one.
        for (var i = 0; i < 20; i++)
        {
            statuses.Add((await bad.GetAsync("/models")).StatusCode);
        }
        Assert.Contains(HttpStatusCode.Unauthorized, statuses);
        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
        Assert.DoesNotContain(statuses, s => s is not (HttpStatusCode.Unauthorized or HttpStatusCode.TooManyRequests));
        // Probes are exempt.
        Assert.Equal(HttpStatusCode.OK, (await bad.GetAsync("/health")).StatusCode);
    }

    [Fact]
    public async Task RateLimitRps_BadValue_StartupFailsNamingIt()
    {
        var ex = await Assert.ThrowsAnyAsync<Exception>(() => StartAsync(("RATE_LIMIT_RPS", "-3")));
        Assert.Contains("RATE_LIMIT_RPS", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("127.0.0.1/32", true)]
    [InlineData("10.0.0.0/8", false)]
    public async Task AdminAllowlist_FromConnectionAddress(string allowlist, bool allowed)
    {
        await using var runtime = await StartAsync(("ADMIN_IP_ALLOWLIST", allowlist));
        Assert.Equal(HttpStatusCode.Created, (await runtime.Client.PostJsonAsync("/models", """{"name":"m1"}""")).StatusCode);
        var responses = new[]
        {
            await runtime.Client.GetAsync("/license"),
            await runtime.Client.PutJsonAsync("/namespaces/m1/quotas", """{"glyphs":10}"""),
            await runtime.Client.DeleteAsync("/models/m1"),
        };
        foreach (var response in responses)
        {
            if (allowed)
            {
                Assert.True(response.IsSuccessStatusCode, $"{response.RequestMessage!.RequestUri}: {(int)response.StatusCode}");
            }
            else
            {
                var problem = await response.AssertProblemAsync(403, "forbidden");
                Assert.Equal("ip-not-allowed", problem.GetProperty("reason").GetString());
            }
        }
        // Non-admin routes are not behind the allowlist.
        Assert.Equal(HttpStatusCode.OK, (await runtime.Client.GetAsync("/models")).StatusCode);
    }

    [Theory]
    [InlineData("10.1.2.3", true)]
    [InlineData("192.168.1.1", false)]
    public async Task AdminAllowlist_ClientNamedByTrustedProxy(string forwardedFor, bool allowed)
    {
        await using var runtime = await StartAsync(("ADMIN_IP_ALLOWLIST", "10.0.0.0/8"), ("TRUSTED_PROXIES", "127.0.0.1"));
        using var request = new HttpRequestMessage(HttpMethod.Get, "/license");
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        var response = await runtime.Client.SendAsync(request);
        if (allowed)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        else
        {
            await response.AssertProblemAsync(403, "forbidden");
        }
    }

    [Fact]
    public async Task AdminAllowlist_BadEntry_StartupFailsNamingIt()
    {
        var ex = await Assert.ThrowsAnyAsync<Exception>(() => StartAsync(("ADMIN_IP_ALLOWLIST", "10.0.0.0/99")));
        Assert.Contains("ADMIN_IP_ALLOWLIST", ex.Message, StringComparison.Ordinal);
    }

    private static async Task<HttpResponseMessage> SendWithHostAsync(RuntimeInstance runtime, string host)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/models");
        request.Headers.Host = host;
        return await runtime.Client.SendAsync(request);
    }

    private Task<RuntimeInstance> StartAsync(params (string Key, string Value)[] extra) => StartAsync("local", extra);

    private async Task<RuntimeInstance> StartAsync(string mode, params (string Key, string Value)[] extra)
    {
        var settings = await StorageKind.SettingsAsync(false, Path.Combine(_dir.Path, Guid.NewGuid().ToString("N")), mode);
        foreach (var (key, value) in extra)
        {
            settings[key] = value;
        }
        return await RuntimeInstance.StartAsync(settings);
    }
}
