using BenchmarkDotNet.Attributes;
using Glyphh.Quotas;
using Microsoft.Extensions.DependencyInjection;

namespace Glyphh.Benchmarks.Quotas;

/// <summary>
/// Reservations per second against the in-memory store: one thread, and many threads on one namespace (worst case:
/// one lock) or on one namespace each. Limits are unlimited here so every call is a full grant.
/// </summary>
[MemoryDiagnoser]
public class InMemoryQuotaBenchmarks
{
    private const int PerThread = 10_000;

    private ServiceProvider _provider = null!;
    private IQuotaService _quotas = null!;
    private QuotaRequest[] _glyphAndBytes = null!;

    [GlobalSetup]
    public void Setup()
    {
        var services = new ServiceCollection();
        services.AddGlyphhQuotas(o =>
        {
            o.DefaultLimits[QuotaResources.Glyphs] = null;
            o.DefaultLimits[QuotaResources.StorageBytes] = null;
        });
        _provider = services.BuildServiceProvider();
        _quotas = _provider.GetRequiredService<IQuotaService>();
        _glyphAndBytes = [new(QuotaResources.Glyphs, 1), new(QuotaResources.StorageBytes, 512)];
    }

    [GlobalCleanup]
    public void Cleanup() => _provider.Dispose();

    [Benchmark(Description = "reserve 1 glyph, 1 thread", OperationsPerInvoke = PerThread)]
    public Task ReserveOneThread() => RunThreads(1, _ => "single");

    [Benchmark(Description = "reserve glyph+bytes then release (lease), 1 thread", OperationsPerInvoke = PerThread)]
    public async Task LeaseOneThread()
    {
        for (var i = 0; i < PerThread; i++)
        {
            await using var reservation = await _quotas.ReserveAsync("lease", _glyphAndBytes);
        }
    }

    [Benchmark(Description = "reserve 1 glyph, 16 threads, same namespace", OperationsPerInvoke = PerThread * 16)]
    public Task ReserveManyThreadsSameNamespace() => RunThreads(16, _ => "shared");

    [Benchmark(Description = "reserve 1 glyph, 16 threads, own namespaces", OperationsPerInvoke = PerThread * 16)]
    public Task ReserveManyThreadsOwnNamespaces() => RunThreads(16, thread => "ns" + thread);

    private Task RunThreads(int threads, Func<int, string> namespaceOf) => Task.WhenAll(Enumerable.Range(0, threads).Select(thread => Task.Run(async () =>
    {
        var ns = namespaceOf(thread);
        for (var i = 0; i < PerThread; i++)
        {
            await _quotas.ReserveAsync(ns, QuotaResources.Glyphs, 1);
        }
    })));
}
