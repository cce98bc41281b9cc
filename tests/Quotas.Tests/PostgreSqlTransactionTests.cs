using Glyphh.Quotas.PostgreSql;
using Glyphh.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Glyphh.Quotas.Tests;

/// <summary>
/// Reservations inside the caller's transaction, against a real PostgreSQL: the usage rows and the data commit or
/// roll back together, so usage always equals the rows that exist.
/// </summary>
public class PostgreSqlTransactionTests : IAsyncLifetime
{
    private string _connectionString = "";
    private NpgsqlDataSource _data = null!;

    public async Task InitializeAsync()
    {
        _connectionString = await PostgresServer.CreateDatabaseAsync("quotatx");
        // Writers wait on each other's row locks by design; on a loaded CI machine one wait outlasted Npgsql's default 30 s
        // once, so the timeout is generous: a real deadlock is still reported (PostgreSQL's detector fires after 1 s).
        _data = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(_connectionString) { CommandTimeout = 180 }.ConnectionString);
        await using var create = _data.CreateCommand("CREATE TABLE items (namespace text NOT NULL, id text NOT NULL, bytes bigint NOT NULL, PRIMARY KEY (namespace, id))");
        await create.ExecuteNonQueryAsync();
    }

    public async Task DisposeAsync() => await _data.DisposeAsync();

    private QuotaTestHost Replica(long items = 10, long bytes = 1_000) => new(
        o =>
        {
            o.DefaultLimits["items"] = items;
            o.DefaultLimits["bytes"] = bytes;
        },
        b => b.UsePostgreSql(_data));

    private static PostgreSqlQuotas Transactional(QuotaTestHost host) => host.Services.GetRequiredService<PostgreSqlQuotas>();

    /// <summary>The host's write: reserve in the transaction, insert, commit or roll back.</summary>
    private async Task<bool> InsertAsync(QuotaTestHost host, string ns, string id, long bytes, bool commit)
    {
        await using var connection = await _data.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var reservation = await Transactional(host).In(transaction).ReserveAsync(ns, [new("items", 1), new("bytes", bytes)]);
        if (!reservation.IsGranted)
        {
            return false;
        }
        await using (var insert = new NpgsqlCommand("INSERT INTO items VALUES (@ns, @id, @b)", connection, transaction))
        {
            insert.Parameters.AddWithValue("ns", ns);
            insert.Parameters.AddWithValue("id", id);
            insert.Parameters.AddWithValue("b", bytes);
            await insert.ExecuteNonQueryAsync();
        }
        if (commit)
        {
            await transaction.CommitAsync();
        }
        else
        {
            await transaction.RollbackAsync();
        }
        return true;
    }

    private async Task<long> CountAsync(string ns)
    {
        await using var count = _data.CreateCommand("SELECT count(*) FROM items WHERE namespace = @ns");
        count.Parameters.AddWithValue("ns", ns);
        return (long)(await count.ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task Reserve_InTransactionCommitted_KeepsUsageAndRow()
    {
        using var host = Replica();

        Assert.True(await InsertAsync(host, "team-a", "x", 100, commit: true));

        var status = await host.Quotas.GetStatusAsync("team-a");
        Assert.Equal(1, status.Usage["items"]);
        Assert.Equal(100, status.Usage["bytes"]);
        Assert.Equal(1, await CountAsync("team-a"));
    }

    [Fact]
    public async Task Reserve_InTransactionRolledBack_KeepsNeitherUsageNorRow()
    {
        using var host = Replica();

        Assert.True(await InsertAsync(host, "team-b", "x", 100, commit: false));

        var status = await host.Quotas.GetStatusAsync("team-b");
        Assert.Equal(0, status.Usage["items"]);
        Assert.Equal(0, status.Usage["bytes"]);
        Assert.Equal(0, await CountAsync("team-b"));
    }

    [Fact]
    public async Task Reserve_InTransactionAbandonedWithoutCommit_RollsBackWithTheConnection()
    {
        using var host = Replica();
        await using (var connection = await _data.OpenConnectionAsync())
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            await using var reservation = await Transactional(host).In(transaction).ReserveAsync("team-c", "items", 3);
            Assert.True(reservation.IsGranted);
            reservation.Commit(); // settled by the transaction: changes nothing
        }

        Assert.Equal(0, (await host.Quotas.GetStatusAsync("team-c")).Usage["items"]);
    }

    [Fact]
    public async Task Reserve_TwoReplicasConcurrentTransactions_NeverOvershootAndUsageEqualsRows()
    {
        const long limit = 40;
        using var a = Replica(items: limit, bytes: 1_000_000);
        using var b = Replica(items: limit, bytes: 1_000_000);
        long granted = 0;

        // Half of the writers roll back after reserving: their usage must vanish with their rows.
        await Task.WhenAll(Enumerable.Range(0, 8).Select(worker => Task.Run(async () =>
        {
            for (var i = 0; i < 25; i++)
            {
                var commit = (worker + i) % 2 == 0;
                if (await InsertAsync(worker % 2 == 0 ? a : b, "shared", $"{worker}-{i}", 10, commit) && commit)
                {
                    Interlocked.Increment(ref granted);
                }
            }
        })));

        var rows = await CountAsync("shared");
        var usage = (await a.Quotas.GetStatusAsync("shared")).Usage;
        Assert.Equal(granted, rows);
        Assert.Equal(rows, usage["items"]);
        Assert.Equal(rows * 10, usage["bytes"]);
        Assert.Equal(limit, rows); // 100 commits were attempted against a limit of 40
    }

    [Fact]
    public async Task Reserve_GrowAndShrinkInOneTransaction_AppliesBothOrNeither()
    {
        using var host = Replica(items: 10, bytes: 1_000);
        Assert.True(await InsertAsync(host, "team-d", "old", 900, commit: true));

        // Replace: one item fewer, 50 bytes more; then a shrink that frees room for growth in the same call.
        await using (var connection = await _data.OpenConnectionAsync())
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            var quotas = Transactional(host).In(transaction);
            var tooBig = await quotas.ReserveAsync("team-d", [new("items", -1), new("bytes", 101)]);
            Assert.False(tooBig.IsGranted);
            Assert.Equal("bytes", tooBig.Denial!.Resource);
            var fits = await quotas.ReserveAsync("team-d", [new("items", -1), new("bytes", 100)]);
            Assert.True(fits.IsGranted);
            await transaction.CommitAsync();
        }

        var usage = (await host.Quotas.GetStatusAsync("team-d")).Usage;
        Assert.Equal(0, usage["items"]);
        Assert.Equal(1_000, usage["bytes"]);
    }

    [Fact]
    public async Task Reconcile_InTransaction_SetsTheCountedUsage()
    {
        using var host = Replica();
        Assert.True(await InsertAsync(host, "team-e", "x", 1, commit: true));
        await host.Quotas.SetUsageAsync("team-e", "items", 7); // drift, for example from a restored backup

        await using (var connection = await _data.OpenConnectionAsync())
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            var used = await Transactional(host).In(transaction).ReconcileAsync("team-e", "items", async ct =>
            {
                await using var count = new NpgsqlCommand("SELECT count(*) FROM items WHERE namespace = 'team-e'", connection, transaction);
                return (long)(await count.ExecuteScalarAsync(ct))!;
            });
            Assert.Equal(1, used);
            await transaction.CommitAsync();
        }

        Assert.Equal(1, (await host.Quotas.GetStatusAsync("team-e")).Usage["items"]);
    }

    [Fact]
    public async Task Reconcile_WhileAWriterHoldsTheUsageRow_CountsItsCommittedRow()
    {
        using var host = Replica();
        await host.Quotas.SetUsageAsync("team-f", "items", 0);
        await using var writer = await _data.OpenConnectionAsync();
        await using var writing = await writer.BeginTransactionAsync();
        Assert.True((await Transactional(host).In(writing).ReserveAsync("team-f", "items", 1)).IsGranted);
        await using (var insert = new NpgsqlCommand("INSERT INTO items VALUES ('team-f', 'w', 1)", writer, writing))
        {
            await insert.ExecuteNonQueryAsync();
        }

        // The reconcile waits for the writer's row lock, so its count runs after the writer committed.
        var reconcile = host.Quotas.ReconcileAsync("team-f", "items", async _ => await CountAsync("team-f")).AsTask();
        Assert.False(reconcile.IsCompleted);
        await writing.CommitAsync();

        Assert.Equal(1, await reconcile);
        Assert.Equal(1, (await host.Quotas.GetStatusAsync("team-f")).Usage["items"]);
    }

    [Fact]
    public async Task Reserve_InAbortedTransaction_ThrowsStoreUnavailableAndQueuesNothing()
    {
        using var host = Replica();
        await using var connection = await _data.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var bad = new NpgsqlCommand("SELECT 1/0", connection, transaction))
        {
            await Assert.ThrowsAsync<PostgresException>(() => bad.ExecuteNonQueryAsync());
        }

        var exception = await Assert.ThrowsAsync<QuotaException>(() => Transactional(host).In(transaction).ReserveAsync("team-g", "items", 1).AsTask());
        var release = await Assert.ThrowsAsync<QuotaException>(() => Transactional(host).In(transaction).ReleaseAsync("team-g", "items", 1).AsTask());

        Assert.Equal(QuotaErrorCodes.StoreUnavailable, exception.ErrorCode);
        Assert.Equal(QuotaErrorCodes.StoreUnavailable, release.ErrorCode);
    }
}
