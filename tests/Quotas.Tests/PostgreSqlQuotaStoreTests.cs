using Glyphh.Quotas.PostgreSql.Internal;
using Glyphh.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Glyphh.Quotas.Tests;

public class PostgreSqlQuotaStoreTests : IAsyncLifetime
{
    private string _connectionString = "";

    public async Task InitializeAsync() => _connectionString = await PostgresServer.CreateDatabaseAsync("quotas");

    public Task DisposeAsync() => Task.CompletedTask;

    private QuotaTestHost Replica(long glyphs = 100, long storage = 1_000, string? connectionString = null, string schema = "glyphh_quotas") => new(
        o =>
        {
            o.DefaultLimits[QuotaResources.Glyphs] = glyphs;
            o.DefaultLimits[QuotaResources.StorageBytes] = storage;
        },
        b => b.UsePostgreSql(connectionString ?? _connectionString, o => o.SchemaName = schema));

    [Fact]
    public async Task Reserve_TwoReplicasRacing_ZeroOvershootAndExactUsage()
    {
        const long limit = 150;
        using var a = Replica(glyphs: limit, storage: limit * 7);
        using var b = Replica(glyphs: limit, storage: limit * 7);

        var result = await QuotaContention.RunAsync(worker => worker % 2 == 0 ? a.Quotas : b.Quotas, "m1", limit, 7, workers: 16, attemptsPerWorker: 250);

        var fromA = await a.Quotas.GetStatusAsync("m1");
        var fromB = await b.Quotas.GetStatusAsync("m1");
        Assert.True(result.MaxHeld <= limit, $"held {result.MaxHeld} > limit {limit}");
        Assert.True(result.Denied > 0, "the race never reached the limit");
        Assert.Equal(result.Held, fromA.Usage[QuotaResources.Glyphs]);
        Assert.Equal(result.Held * 7, fromA.Usage[QuotaResources.StorageBytes]);
        Assert.Equal(fromA.Usage[QuotaResources.Glyphs], fromB.Usage[QuotaResources.Glyphs]);
    }

    [Fact]
    public async Task Reserve_TwoReplicasUntilFull_GrantExactlyTheLimit()
    {
        const long limit = 200;
        using var a = Replica(glyphs: limit);
        using var b = Replica(glyphs: limit);
        long granted = 0;

        await Parallel.ForAsync(0, 600, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, _) =>
        {
            var quotas = i % 2 == 0 ? a.Quotas : b.Quotas;
            if ((await quotas.ReserveAsync("full", QuotaResources.Glyphs, 1)).IsGranted)
            {
                Interlocked.Increment(ref granted);
            }
        });

        Assert.Equal(limit, granted);
        Assert.Equal(limit, (await a.Quotas.GetStatusAsync("full")).Usage[QuotaResources.Glyphs]);
        Assert.Equal(limit, await ReadUsedAsync("full", QuotaResources.Glyphs));
    }

    [Fact]
    public async Task Reserve_ManyAtOnceOnTheLastUnit_ExactlyOneWinsEveryRound()
    {
        // Every round starts one unit below the limit and fires 32 reservations from two replicas at the same
        // moment: they take their snapshots together and queue on the row lock, the case a stale check gets wrong.
        const long limit = 50;
        const int perReplica = 16;
        using var a = Replica(glyphs: limit);
        using var b = Replica(glyphs: limit);
        var rounds = new List<long>();

        for (var round = 0; round < 12; round++)
        {
            await a.Quotas.SetUsageAsync("last", QuotaResources.Glyphs, limit - 1);
            using var barrier = new Barrier(perReplica * 2);
            var attempts = Enumerable.Range(0, perReplica * 2).Select(i => Task.Run(async () =>
            {
                barrier.SignalAndWait();
                return (await (i % 2 == 0 ? a : b).Quotas.ReserveAsync("last", QuotaResources.Glyphs, 1)).IsGranted;
            })).ToArray();
            var results = await Task.WhenAll(attempts);
            rounds.Add(results.Count(granted => granted));
            Assert.Equal(limit, await ReadUsedAsync("last", QuotaResources.Glyphs));
        }

        Assert.All(rounds, granted => Assert.Equal(1, granted));
    }

    [Fact]
    public async Task Reserve_SeveralResources_AllOrNothingInTheDatabase()
    {
        using var a = Replica(glyphs: 10, storage: 100);

        Assert.True((await a.Quotas.ReserveAsync("m1", [new(QuotaResources.Glyphs, 1), new(QuotaResources.StorageBytes, 60)])).IsGranted);
        var denied = await a.Quotas.ReserveAsync("m1", [new(QuotaResources.Glyphs, 1), new(QuotaResources.StorageBytes, 60)]);

        Assert.Equal(new QuotaDenial("m1", QuotaResources.StorageBytes, QuotaLimit.Of(100), 60, 60, QuotaLimitSource.Default), denied.Denial);
        Assert.Equal(1, await ReadUsedAsync("m1", QuotaResources.Glyphs));
        Assert.Equal(60, await ReadUsedAsync("m1", QuotaResources.StorageBytes));
    }

    [Fact]
    public async Task SetLimits_OnOneReplica_EnforcedByTheOther_AndLoweringKeepsUsage()
    {
        using var a = Replica(glyphs: 100);
        using var b = Replica(glyphs: 100);
        await b.Quotas.ReserveAsync("m1", QuotaResources.Glyphs, 8);

        await a.Quotas.SetLimitsAsync("m1", new Dictionary<string, QuotaLimit?> { [QuotaResources.Glyphs] = QuotaLimit.Of(5) });
        var denied = await b.Quotas.ReserveAsync("m1", QuotaResources.Glyphs, 1);
        var status = await b.Quotas.GetStatusAsync("m1");
        await a.Quotas.SetLimitsAsync("m1", new Dictionary<string, QuotaLimit?> { [QuotaResources.Glyphs] = QuotaLimit.Unlimited, [QuotaResources.StorageBytes] = QuotaLimit.Of(0) });
        var unlimited = await b.Quotas.ReserveAsync("m1", QuotaResources.Glyphs, 1_000);
        var noStorage = await b.Quotas.ReserveAsync("m1", QuotaResources.StorageBytes, 1);
        var cleared = await a.Quotas.SetLimitsAsync("m1", new Dictionary<string, QuotaLimit?> { [QuotaResources.Glyphs] = null });

        Assert.Equal(new QuotaDenial("m1", QuotaResources.Glyphs, QuotaLimit.Of(5), 8, 1, QuotaLimitSource.Override), denied.Denial);
        Assert.Equal(8, status.Usage[QuotaResources.Glyphs]);
        Assert.Equal(QuotaLimitSource.Override, status.Sources[QuotaResources.Glyphs]);
        Assert.True(unlimited.IsGranted);
        Assert.Equal(QuotaLimit.Of(0), noStorage.Denial!.Limit);
        Assert.Equal(QuotaLimit.Of(100), cleared.Limits[QuotaResources.Glyphs]);
        Assert.Equal(QuotaLimit.Of(0), cleared.Limits[QuotaResources.StorageBytes]);
        Assert.Equal(1_008, cleared.Usage[QuotaResources.Glyphs]);
    }

    [Fact]
    public async Task Release_ReleaseAndSetUsage_AreExactAndNeverNegative()
    {
        using var a = Replica(glyphs: 100);
        await a.Quotas.ReserveAsync("m1", QuotaResources.Glyphs, 10);

        await a.Quotas.ReleaseAsync("m1", QuotaResources.Glyphs, 4);
        Assert.Equal(6, await ReadUsedAsync("m1", QuotaResources.Glyphs));
        await a.Quotas.ReleaseAsync("m1", QuotaResources.Glyphs, 40);
        Assert.Equal(0, await ReadUsedAsync("m1", QuotaResources.Glyphs));
        await a.Quotas.ReleaseAsync("nothing-here", QuotaResources.Glyphs, 1);
        await a.Quotas.SetUsageAsync("m1", QuotaResources.Glyphs, 120);
        Assert.Equal(120, await ReadUsedAsync("m1", QuotaResources.Glyphs));
        Assert.False((await a.Quotas.ReserveAsync("m1", QuotaResources.Glyphs, 1)).IsGranted);
        await using (var lease = await a.Quotas.ReserveAsync("m2", QuotaResources.Glyphs, 3))
        {
            Assert.Equal(3, await ReadUsedAsync("m2", QuotaResources.Glyphs));
        }
        Assert.Equal(0, await ReadUsedAsync("m2", QuotaResources.Glyphs));
    }

    [Fact]
    public async Task Reserve_RowDeletedBehindTheStoresBack_RecreatesAndCounts()
    {
        using var a = Replica(glyphs: 100);
        await a.Quotas.ReserveAsync("m1", QuotaResources.Glyphs, 5);
        await ExecuteAsync("DELETE FROM glyphh_quotas.usage WHERE namespace = 'm1'");

        var again = await a.Quotas.ReserveAsync("m1", QuotaResources.Glyphs, 2);

        Assert.True(again.IsGranted);
        Assert.Equal(2, await ReadUsedAsync("m1", QuotaResources.Glyphs));
    }

    [Fact]
    public async Task Reserve_UnlimitedNearMaxValue_ThrowsOverflowAndKeepsUsage()
    {
        using var a = new QuotaTestHost(o => o.DefaultLimits[QuotaResources.Glyphs] = null, b => b.UsePostgreSql(_connectionString));
        await a.Quotas.SetUsageAsync("m1", QuotaResources.Glyphs, QuotaLimit.MaxValue);

        var exception = await Assert.ThrowsAsync<QuotaException>(() => a.Quotas.ReserveAsync("m1", QuotaResources.Glyphs, QuotaLimit.MaxValue).AsTask());

        Assert.Equal(QuotaErrorCodes.Overflow, exception.ErrorCode);
        Assert.Equal(QuotaLimit.MaxValue, await ReadUsedAsync("m1", QuotaResources.Glyphs));
    }

    [Fact]
    public async Task Reserve_NewStoreInstance_SeesUsageAndOverridesOfThePreviousOne()
    {
        using (var first = Replica(glyphs: 100))
        {
            await first.Quotas.ReserveAsync("m1", QuotaResources.Glyphs, 42);
            await first.Quotas.SetLimitsAsync("m1", new Dictionary<string, QuotaLimit?> { [QuotaResources.Glyphs] = QuotaLimit.Of(50) });
        }

        using var second = Replica(glyphs: 100);
        var status = await second.Quotas.GetStatusAsync("m1");

        Assert.Equal(42, status.Usage[QuotaResources.Glyphs]);
        Assert.Equal(QuotaLimit.Of(50), status.Limits[QuotaResources.Glyphs]);
    }

    [Fact]
    public async Task Usage_ServerRestarted_Survives()
    {
        await using var cluster = await PostgresServer.StartPrivateClusterAsync();
        using (var before = Replica(glyphs: 100, connectionString: cluster.ConnectionString))
        {
            await before.Quotas.ReserveAsync("m1", [new(QuotaResources.Glyphs, 7), new(QuotaResources.StorageBytes, 70)]);
        }

        await cluster.StopAsync();
        await cluster.RestartAsync();
        NpgsqlConnection.ClearAllPools();
        using var after = Replica(glyphs: 100, connectionString: cluster.ConnectionString);
        var status = await after.Quotas.GetStatusAsync("m1");

        Assert.Equal(7, status.Usage[QuotaResources.Glyphs]);
        Assert.Equal(70, status.Usage[QuotaResources.StorageBytes]);
    }

    [Fact]
    public async Task Initialize_ManyInstancesAtOnce_CreateTheSchemaOnce()
    {
        var stores = Enumerable.Range(0, 8)
            .Select(_ => new PostgreSqlQuotaStore(NpgsqlDataSource.Create(_connectionString), true, "concurrent_schema", NullLogger.Instance))
            .ToList();
        try
        {
            using var start = new ManualResetEventSlim();
            var tasks = stores.Select(store => Task.Run(async () =>
            {
                start.Wait();
                await store.InitializeAsync(CancellationToken.None);
            })).ToArray();
            start.Set();
            await Task.WhenAll(tasks);
        }
        finally
        {
            foreach (var store in stores)
            {
                await store.DisposeAsync();
            }
        }

        Assert.Equal(1L, await ScalarAsync("SELECT count(*) FROM concurrent_schema.schema_version"));
        Assert.Equal(QuotaSchema.CurrentVersion, (int)(await ScalarAsync("SELECT max(version) FROM concurrent_schema.schema_version"))!);
        Assert.Equal(2L, await ScalarAsync("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'concurrent_schema' AND table_name IN ('usage', 'overrides')"));
    }

    [Fact]
    public async Task Initialize_SchemaFromANewerPackage_RefusesToRun()
    {
        using (var first = Replica(schema: "newer_schema"))
        {
            await first.Quotas.GetStatusAsync("m1");
        }
        await ExecuteAsync("INSERT INTO newer_schema.schema_version (version) VALUES (99)");

        using var second = Replica(schema: "newer_schema");
        var exception = await Assert.ThrowsAsync<QuotaException>(() => second.Quotas.ReserveAsync("m1", QuotaResources.Glyphs, 1).AsTask());

        Assert.Equal(QuotaErrorCodes.StoreUnavailable, exception.ErrorCode);
        Assert.Contains("version 99", exception.InnerException?.Message ?? exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reserve_DatabaseUnreachable_FailsClosedWithStoreUnavailable()
    {
        var unreachable = new NpgsqlConnectionStringBuilder(_connectionString) { Port = 1, Timeout = 2 }.ConnectionString;
        using var host = Replica(connectionString: unreachable);

        var exception = await Assert.ThrowsAsync<QuotaException>(() => host.Quotas.ReserveAsync("m1", QuotaResources.Glyphs, 1).AsTask());

        Assert.Equal(QuotaErrorCodes.StoreUnavailable, exception.ErrorCode);
        Assert.IsAssignableFrom<NpgsqlException>(exception.InnerException);
        Assert.Contains(host.Logs.GetSnapshot(), r => r.Id.Name == "QuotaStoreFailed");
    }

    [Fact]
    public async Task HostStart_CreatesTheSchema_AndBadSchemaNameStopsStart()
    {
        var good = Host.CreateApplicationBuilder();
        good.Services.AddGlyphhQuotas().UsePostgreSql(_connectionString, o => o.SchemaName = "started_schema");
        using (var host = good.Build())
        {
            await host.StartAsync();
            await host.StopAsync();
        }
        var bad = Host.CreateApplicationBuilder();
        bad.Services.AddGlyphhQuotas().UsePostgreSql(_connectionString, o => o.SchemaName = "Bad\"Name");
        using var badHost = bad.Build();

        Assert.Equal(1L, await ScalarAsync("SELECT count(*) FROM started_schema.schema_version"));
        var exception = await Assert.ThrowsAsync<OptionsValidationException>(() => badHost.StartAsync());
        Assert.Contains("SchemaName", exception.Message, StringComparison.Ordinal);
    }

    private async Task<long> ReadUsedAsync(string @namespace, string resource) =>
        (long)(await ScalarAsync($"SELECT coalesce((SELECT used FROM glyphh_quotas.usage WHERE namespace = '{@namespace}' AND resource = '{resource}'), 0)"))!;

    private async Task<object?> ScalarAsync(string sql)
    {
        await using var dataSource = NpgsqlDataSource.Create(_connectionString);
        await using var command = dataSource.CreateCommand(sql);
        return await command.ExecuteScalarAsync();
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var dataSource = NpgsqlDataSource.Create(_connectionString);
        await using var command = dataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }
}
