using BenchmarkDotNet.Attributes;
using Glyphh.Quotas;
using Microsoft.Extensions.DependencyInjection;

namespace Glyphh.Benchmarks.Quotas;

/// <summary>
/// Reservations per second from two independent store instances (two replicas, separate connection pools) racing
/// on one namespace of a real PostgreSQL server, and the overshoot: every invocation races 16 workers past the
/// limit, then compares granted reservations and the stored usage with the limit. Any overshoot fails the run.
/// Needs <c>GLYPHH_BENCH_POSTGRES</c> (or <c>GLYPHH_TEST_POSTGRES</c>): a connection string of a server you own.
/// </summary>
public class PostgreSqlQuotaBenchmarks
{
    private const int Limit = 2_000;
    private const int Workers = 16;
    private const int AttemptsPerWorker = 150;

    private static long s_overshoot;
    private static long s_invocations;

    private ServiceProvider _replicaA = null!;
    private ServiceProvider _replicaB = null!;
    private IQuotaService _a = null!;
    private IQuotaService _b = null!;
    private int _round;

    [GlobalSetup]
    public void Setup()
    {
        var connectionString = Environment.GetEnvironmentVariable("GLYPHH_BENCH_POSTGRES") is { Length: > 0 } bench
            ? bench
            : Environment.GetEnvironmentVariable("GLYPHH_TEST_POSTGRES") ?? throw new InvalidOperationException("Set GLYPHH_BENCH_POSTGRES to a PostgreSQL connection string.");
        (_replicaA, _a) = Replica(connectionString);
        (_replicaB, _b) = Replica(connectionString);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _replicaA.Dispose();
        _replicaB.Dispose();
        Console.WriteLine($"// quota overshoot: {Interlocked.Read(ref s_overshoot)} over {Interlocked.Read(ref s_invocations)} races to a limit of {Limit}");
        if (Interlocked.Read(ref s_overshoot) != 0)
        {
            throw new InvalidOperationException("The PostgreSQL quota store over-granted.");
        }
    }

    [Benchmark(Description = "PostgreSQL reserve (glyph+bytes), 2 replicas x 8 workers, one namespace", OperationsPerInvoke = Workers * AttemptsPerWorker)]
    public async Task RaceTwoReplicas()
    {
        var ns = $"bench-{Environment.ProcessId}-{_round++}";
        long granted = 0;
        await Task.WhenAll(Enumerable.Range(0, Workers).Select(worker => Task.Run(async () =>
        {
            var quotas = worker % 2 == 0 ? _a : _b;
            for (var i = 0; i < AttemptsPerWorker; i++)
            {
                var reservation = await quotas.ReserveAsync(ns, [new(QuotaResources.Glyphs, 1), new(QuotaResources.StorageBytes, 512)]);
                if (reservation.IsGranted)
                {
                    Interlocked.Increment(ref granted);
                }
            }
        })));
        var used = (await _a.GetStatusAsync(ns)).Usage[QuotaResources.Glyphs];
        Interlocked.Add(ref s_overshoot, Math.Max(0, granted - Limit) + Math.Max(0, used - Limit) + Math.Abs(used - granted));
        Interlocked.Increment(ref s_invocations);
    }

    private static (ServiceProvider Provider, IQuotaService Quotas) Replica(string connectionString)
    {
        var services = new ServiceCollection();
        services.AddGlyphhQuotas(o =>
        {
            o.DefaultLimits[QuotaResources.Glyphs] = Limit;
            o.DefaultLimits[QuotaResources.StorageBytes] = null;
        }).UsePostgreSql(connectionString, o => o.SchemaName = "glyphh_quotas_bench");
        var provider = services.BuildServiceProvider();
        return (provider, provider.GetRequiredService<IQuotaService>());
    }
}
