using BenchmarkDotNet.Attributes;
using Glyphh.Quotas;
using Glyphh.Quotas.PostgreSql;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Glyphh.Benchmarks.Quotas;

/// <summary>
/// The transactional pattern end to end, from two replicas on one real PostgreSQL: each replica is its own service
/// provider with its own <see cref="NpgsqlDataSource"/> (its own pool), which both its quota store and its writers use.
/// Each operation is BEGIN, reserve an item and its bytes in the transaction, INSERT the item, COMMIT (Npgsql sends
/// BEGIN with the reservation: 3 round trips). Workers spread over a few namespaces whose limit is below what they
/// attempt, so replicas race on the same usage rows until refused. After every invocation the usage of each
/// namespace must equal its rows and no namespace may hold more rows than its limit; any difference throws.
/// <see cref="MaxAutoPrepare"/> compares the same run with and without Npgsql's automatic preparation (the
/// reservation's statement is then parsed and planned once per connection instead of on every call).
/// Needs <c>GLYPHH_BENCH_POSTGRES</c> (or <c>GLYPHH_TEST_POSTGRES</c>).
/// </summary>
public class PostgreSqlTransactionQuotaBenchmarks
{
    private const int Workers = 16;
    private const int OperationsPerWorker = 100;
    private const int Namespaces = 8;
    private const long Limit = Workers * OperationsPerWorker / Namespaces - 20;

    private static long s_overshoot;
    private static long s_drift;

    private readonly System.Diagnostics.Stopwatch _elapsed = new();
    private NpgsqlDataSource _dataA = null!;
    private NpgsqlDataSource _dataB = null!;
    private ServiceProvider _replicaA = null!;
    private ServiceProvider _replicaB = null!;
    private PostgreSqlQuotas _a = null!;
    private PostgreSqlQuotas _b = null!;
    private int _round;
    private long _reservations;
    private long _granted;

    /// <summary>Npgsql's <c>Max Auto Prepare</c> on both replicas' connection strings (0: off, Npgsql's default).</summary>
    [Params(0, 20)]
    public int MaxAutoPrepare { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var connectionString = Environment.GetEnvironmentVariable("GLYPHH_BENCH_POSTGRES") is { Length: > 0 } bench
            ? bench
            : Environment.GetEnvironmentVariable("GLYPHH_TEST_POSTGRES") ?? throw new InvalidOperationException("Set GLYPHH_BENCH_POSTGRES to a PostgreSQL connection string.");
        connectionString = new NpgsqlConnectionStringBuilder(connectionString) { MaxPoolSize = Workers, MaxAutoPrepare = MaxAutoPrepare }.ConnectionString;
        _dataA = NpgsqlDataSource.Create(connectionString);
        _dataB = NpgsqlDataSource.Create(connectionString);
        using (var create = _dataA.CreateCommand("CREATE TABLE IF NOT EXISTS bench_items (namespace text NOT NULL, id text NOT NULL, bytes bigint NOT NULL, PRIMARY KEY (namespace, id))"))
        {
            create.ExecuteNonQuery();
        }
        (_replicaA, _a) = Replica(_dataA);
        (_replicaB, _b) = Replica(_dataB);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _replicaA.Dispose();
        _replicaB.Dispose();
        _dataA.Dispose();
        _dataB.Dispose();
        var perSecond = _reservations / Math.Max(_elapsed.Elapsed.TotalSeconds, 1e-9);
        Console.WriteLine(
            $"// Max Auto Prepare {MaxAutoPrepare}: {_reservations} reservations ({_granted} granted) in {_elapsed.Elapsed.TotalSeconds:0.0} s = {perSecond:0} reservations/s " +
            $"(each in BEGIN..INSERT..COMMIT, 2 replicas x {Workers / 2} workers); overshoot {Interlocked.Read(ref s_overshoot)}, " +
            $"usage-vs-rows drift {Interlocked.Read(ref s_drift)} (limit {Limit} per namespace); load average {File.ReadAllText("/proc/loadavg").Trim()}");
        if (Interlocked.Read(ref s_overshoot) != 0 || Interlocked.Read(ref s_drift) != 0)
        {
            throw new InvalidOperationException("The transactional quota over-granted or drifted.");
        }
    }

    [Benchmark(Description = "PostgreSQL BEGIN + reserve (item+bytes) + INSERT + COMMIT, 2 replicas x 8 workers, 8 namespaces", OperationsPerInvoke = Workers * OperationsPerWorker)]
    public async Task ReserveInTransactionTwoReplicas()
    {
        var round = $"{Environment.ProcessId}-{MaxAutoPrepare}-{_round++}";
        _elapsed.Start();
        await Task.WhenAll(Enumerable.Range(0, Workers).Select(worker => Task.Run(async () =>
        {
            var (data, quotas) = worker % 2 == 0 ? (_dataA, _a) : (_dataB, _b);
            for (var i = 0; i < OperationsPerWorker; i++)
            {
                var ns = $"b{round}-{(worker + i) % Namespaces}";
                await using var connection = await data.OpenConnectionAsync();
                await using var transaction = await connection.BeginTransactionAsync();
                var reservation = await quotas.In(transaction).ReserveAsync(ns, [new("items", 1), new("bytes", 512)]);
                Interlocked.Increment(ref _reservations);
                if (!reservation.IsGranted)
                {
                    continue;
                }
                Interlocked.Increment(ref _granted);
                await using (var insert = new NpgsqlCommand("INSERT INTO bench_items VALUES ($1, $2, 512)", connection, transaction))
                {
                    insert.Parameters.Add(new NpgsqlParameter { Value = ns });
                    insert.Parameters.Add(new NpgsqlParameter { Value = $"{worker}-{i}" });
                    await insert.ExecuteNonQueryAsync();
                }
                await transaction.CommitAsync();
            }
        })));
        _elapsed.Stop();

        var quotasA = _replicaA.GetRequiredService<IQuotaService>();
        for (var n = 0; n < Namespaces; n++)
        {
            var ns = $"b{round}-{n}";
            await using var count = _dataA.CreateCommand("SELECT count(*) FROM bench_items WHERE namespace = $1");
            count.Parameters.Add(new NpgsqlParameter { Value = ns });
            var rows = (long)(await count.ExecuteScalarAsync())!;
            var used = (await quotasA.GetStatusAsync(ns)).Usage["items"];
            Interlocked.Add(ref s_overshoot, Math.Max(0, rows - Limit));
            Interlocked.Add(ref s_drift, Math.Abs(used - rows));
        }
        if (Interlocked.Read(ref s_overshoot) != 0 || Interlocked.Read(ref s_drift) != 0)
        {
            throw new InvalidOperationException($"The transactional quota over-granted ({s_overshoot}) or drifted ({s_drift}).");
        }
    }

    private static (ServiceProvider Provider, PostgreSqlQuotas Quotas) Replica(NpgsqlDataSource data)
    {
        var services = new ServiceCollection();
        services.AddGlyphhQuotas()
            .AddResource("items", QuotaLimit.Of(Limit))
            .AddResource("bytes", QuotaLimit.Unlimited)
            .UsePostgreSql(data, o => o.SchemaName = "glyphh_quotas_bench_tx");
        var provider = services.BuildServiceProvider();
        return (provider, provider.GetRequiredService<PostgreSqlQuotas>());
    }
}
