using Glyphh.TestSupport;
using System.Net;
using Glyphh.Runtime.Tests.Support;

namespace Glyphh.Runtime.Tests;

/// <summary>Two runtime instances on one PostgreSQL: migrations once, shared quota usage, never over a limit together.</summary>
public sealed class ReplicaTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task TwoInstances_ConcurrentWrites_NeverExceedQuotaTogether()
    {
        var settings = await StorageKind.SettingsAsync(true, _dir.Path, "cloud");
        settings["JWT_SECRET_KEY"] = Jwt.Secret;
        // Both start at once: the migrations run under the advisory lock, once.
        var starting = new[] { RuntimeInstance.StartAsync(settings), RuntimeInstance.StartAsync(settings) };
        var instances = await Task.WhenAll(starting);
        try
        {
            var token = Jwt.Admin();
            using var a = instances[0].CreateClient(token);
            using var b = instances[1].CreateClient(token);
            Assert.Equal(HttpStatusCode.Created, (await a.PostJsonAsync("/models", """{"name":"shared"}""")).StatusCode);
            await (await b.PostJsonAsync("/models", """{"name":"shared"}""")).AssertProblemAsync(409, "conflict");
            Assert.Equal(HttpStatusCode.OK, (await b.PutJsonAsync("/namespaces/shared/quotas", """{"glyphs":25}""")).StatusCode);

            var results = await Task.WhenAll(Enumerable.Range(0, 60).Select(async i =>
            {
                var client = i % 2 == 0 ? a : b;
                var response = await client.PutJsonAsync($"/models/shared/glyphs/g{i}", """{"vector":[1,2]}""");
                return response.StatusCode;
            }));
            Assert.Equal(25, results.Count(s => s == HttpStatusCode.Created));
            Assert.Equal(35, results.Count(s => s == HttpStatusCode.Forbidden));

            var model = await (await a.GetAsync("/models/shared")).ReadJsonAsync();
            Assert.Equal(25, model.GetProperty("glyphs").GetInt64());
            var usage = (await (await b.GetAsync("/namespaces/shared/quotas")).ReadJsonAsync()).GetProperty("usage");
            Assert.Equal(25, usage.GetProperty("glyphs").GetInt64());
            Assert.Equal(200, usage.GetProperty("memory_bytes").GetInt64());

            // A delete on one instance frees room seen by the other (of a glyph that won a place: which ones did is a race).
            var stored = Array.IndexOf(results, HttpStatusCode.Created);
            Assert.Equal(HttpStatusCode.NoContent, (await a.DeleteAsync($"/models/shared/glyphs/g{stored}")).StatusCode);
            Assert.Equal(HttpStatusCode.Created, (await b.PutJsonAsync("/models/shared/glyphs/late", """{"vector":[1,2]}""")).StatusCode);
        }
        finally
        {
            foreach (var instance in instances)
            {
                await instance.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Probes_ReadinessListsTheChecks_MetricsExported()
    {
        var settings = await StorageKind.SettingsAsync(true, _dir.Path);
        await using var runtime = await RuntimeInstance.StartAsync(settings);
        var live = await (await runtime.Client.GetAsync("/health")).ReadJsonAsync();
        Assert.Equal("ok", live.GetProperty("status").GetString());
        var ready = await runtime.Client.GetAsync("/health/ready");
        var body = await ready.ReadJsonAsync();
        var checks = body.GetProperty("checks");
        foreach (var name in new[] { "database", "disk", "memory", "data_dir", "license", "shutdown" })
        {
            Assert.True(checks.TryGetProperty(name, out _), $"readiness lacks '{name}': {body}");
        }
        Assert.Equal("ok", checks.GetProperty("database").GetProperty("status").GetString());
        Assert.Equal("ok", checks.GetProperty("license").GetProperty("status").GetString());

        await runtime.Client.PostJsonAsync("/models", """{"name":"m1"}""");
        await runtime.Client.PutJsonAsync("/models/m1/glyphs/a", """{"vector":[1]}""");
        var metrics = await (await runtime.Client.GetAsync("/metrics")).Content.ReadAsStringAsync();
        Assert.Contains("http_server_request_duration_seconds", metrics, StringComparison.Ordinal);
        Assert.Contains("glyphh_quota", metrics, StringComparison.Ordinal);
        Assert.Contains("glyphh_license", metrics, StringComparison.Ordinal);
    }
}
