using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;

namespace Glyphh.Benchmarks.Health;

/// <summary>
/// Probe requests through the whole ASP.NET Core pipeline on an in-process TestServer. <c>Baseline</c> is an endpoint
/// answering a fixed string, so the difference is what the probes themselves cost.
/// </summary>
[MemoryDiagnoser]
public class HealthEndpointBenchmarks
{
    private WebApplication _app = null!;
    private HttpClient _client = null!;

    /// <summary>Starts the host with two checks and a cache that outlives the run.</summary>
    [GlobalSetup]
    public async Task SetupAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Services.AddGlyphhHealth(o =>
            {
                o.Version = "1.2.3";
                o.CacheDuration = TimeSpan.FromHours(1);
            })
            .AddCheck("database", () => HealthCheckResult.Healthy("query answered in 1 ms"))
            .AddCheck("data_dir", () => HealthCheckResult.Healthy("/data is writable"));
        _app = builder.Build();
        _app.MapGet("/baseline", () => "ok");
        _app.MapGlyphhHealth();
        await _app.StartAsync();
        _client = _app.GetTestClient();
        using var warm = await _client.GetAsync("/health/ready");
        warm.EnsureSuccessStatusCode();
    }

    /// <summary>Stops the host.</summary>
    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        _client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    /// <summary>A minimal endpoint, for the cost of the pipeline and the client.</summary>
    [Benchmark(Baseline = true)]
    public Task<byte[]> Baseline() => _client.GetByteArrayAsync("/baseline");

    /// <summary>GET /health.</summary>
    [Benchmark]
    public Task<byte[]> Liveness() => _client.GetByteArrayAsync("/health");

    /// <summary>GET /health/ready answered from the cache.</summary>
    [Benchmark]
    public Task<byte[]> CachedReadiness() => _client.GetByteArrayAsync("/health/ready");
}
