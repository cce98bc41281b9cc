using Glyphh.Quotas.Internal;
using Glyphh.Quotas.Stores;
using Glyphh.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Glyphh.Quotas.Tests;

/// <summary>A release the store cannot take is the SDK's to retry: the host never catches or re-queues it.</summary>
public class QuotaReleaseQueueTests
{
    [Fact]
    public async Task Release_PostgreSqlDown_IsQueuedAndAppliedWhenItReturns()
    {
        await using var cluster = await PostgresServer.StartPrivateClusterAsync();
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddGlyphhQuotas(o => o.DefaultLimits["items"] = 100).UsePostgreSql(cluster.ConnectionString);
        using var host = builder.Build();
        await host.StartAsync();
        var quotas = host.Services.GetRequiredService<IQuotaService>();
        var queue = host.Services.GetRequiredService<QuotaReleaseQueue>();
        (await quotas.ReserveAsync("m1", "items", 5)).Commit();
        var failedWrite = await quotas.ReserveAsync("m1", "items", 1);

        await cluster.StopAsync();
        await quotas.ReleaseAsync("m1", "items", 2);
        await failedWrite.DisposeAsync(); // the guarded write failed: undone, by the SDK, later
        Assert.Equal(2, queue.Pending);

        await cluster.RestartAsync();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (queue.Pending > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }
        Assert.Equal(0, queue.Pending);
        Assert.Equal(3, (await quotas.GetStatusAsync("m1")).Usage["items"]);
        await host.StopAsync();
    }

    [Fact]
    public async Task Release_StoreFailing_RetriedWithBackoffThenApplied_AndLogged()
    {
        var time = new FakeTimeProvider();
        var store = new FlakyStore();
        using var host = new QuotaTestHost(build: b =>
        {
            b.Services.Replace(ServiceDescriptor.Singleton<TimeProvider>(time));
            b.Services.Replace(ServiceDescriptor.Singleton<IQuotaStore>(store));
        });
        var queue = host.Services.GetRequiredService<QuotaReleaseQueue>();
        (await host.Quotas.ReserveAsync("m1", QuotaResources.Glyphs, 4)).Commit();

        store.Failing = true;
        await host.Quotas.ReleaseAsync("m1", QuotaResources.Glyphs, 3);
        Assert.Equal(1, queue.Pending);
        Assert.Contains(host.Logs.GetSnapshot(), r => r.Id.Name == "QuotaReleaseQueued" && r.Level == LogLevel.Warning);

        await WaitAsync(() => store.FailedAdjusts >= 1);
        store.Failing = false;
        await WaitAsync(() =>
        {
            time.Advance(TimeSpan.FromSeconds(1));
            return queue.Pending == 0;
        });

        Assert.Equal(1, (await host.Quotas.GetStatusAsync("m1")).Usage[QuotaResources.Glyphs]);
        Assert.Contains(host.Logs.GetSnapshot(), r => r.Id.Name == "QuotaReleaseApplied");
    }

    [Fact]
    public async Task Release_QueueFull_FailsTheCallerWithStoreUnavailable()
    {
        var store = new FlakyStore();
        using var host = new QuotaTestHost(
            o => o.ReleaseQueueCapacity = 1,
            b => b.Services.Replace(ServiceDescriptor.Singleton<IQuotaStore>(store)));
        (await host.Quotas.ReserveAsync("m1", QuotaResources.Glyphs, 4)).Commit();
        store.Failing = true;

        await host.Quotas.ReleaseAsync("m1", QuotaResources.Glyphs, 1);
        var exception = await Assert.ThrowsAsync<QuotaException>(() => host.Quotas.ReleaseAsync("m1", QuotaResources.Glyphs, 1).AsTask());

        Assert.Equal(QuotaErrorCodes.StoreUnavailable, exception.ErrorCode);
        Assert.Contains(host.Logs.GetSnapshot(), r => r.Id.Name == "QuotaReleaseQueueFull" && r.Level == LogLevel.Error);
    }

    [Fact]
    public async Task Reserve_StoreFailing_IsNotQueuedAndGrantsNothing()
    {
        var store = new FlakyStore { Failing = true };
        using var host = new QuotaTestHost(build: b => b.Services.Replace(ServiceDescriptor.Singleton<IQuotaStore>(store)));

        var exception = await Assert.ThrowsAsync<QuotaException>(() => host.Quotas.ReserveAsync("m1", QuotaResources.Glyphs, 1).AsTask());

        Assert.Equal(QuotaErrorCodes.StoreUnavailable, exception.ErrorCode);
        Assert.Equal(0, host.Services.GetRequiredService<QuotaReleaseQueue>().Pending);
    }

    private static async Task WaitAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the condition was not met in 30 s");
            await Task.Delay(20);
        }
    }

    /// <summary>The in-memory store, failing every call while <see cref="Failing"/> is set (a store outage).</summary>
    private sealed class FlakyStore : IQuotaStore
    {
        private readonly InMemoryQuotaStore _inner = new();
        private int _failedAdjusts;

        public volatile bool Failing;

        public int FailedAdjusts => Volatile.Read(ref _failedAdjusts);

        public ValueTask<QuotaStoreResult> TryReserveAsync(string @namespace, IReadOnlyList<QuotaCharge> charges, CancellationToken cancellationToken) =>
            Failing ? throw new IOException("store down") : _inner.TryReserveAsync(@namespace, charges, cancellationToken);

        public ValueTask<IReadOnlyDictionary<string, long>> AdjustAsync(string @namespace, IReadOnlyList<QuotaRequest> deltas, CancellationToken cancellationToken)
        {
            if (Failing)
            {
                Interlocked.Increment(ref _failedAdjusts);
                throw new IOException("store down");
            }
            return _inner.AdjustAsync(@namespace, deltas, cancellationToken);
        }

        public ValueTask<long> ReconcileAsync(string @namespace, string resource, Func<CancellationToken, ValueTask<long>> count, CancellationToken cancellationToken) =>
            _inner.ReconcileAsync(@namespace, resource, count, cancellationToken);

        public ValueTask<QuotaStoreSnapshot> GetAsync(string @namespace, CancellationToken cancellationToken) =>
            _inner.GetAsync(@namespace, cancellationToken);

        public ValueTask SetOverridesAsync(string @namespace, IReadOnlyDictionary<string, QuotaLimit?> changes, CancellationToken cancellationToken) =>
            _inner.SetOverridesAsync(@namespace, changes, cancellationToken);
    }
}
