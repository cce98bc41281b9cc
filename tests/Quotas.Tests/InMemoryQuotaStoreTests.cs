namespace Glyphh.Quotas.Tests;

public class InMemoryQuotaStoreTests
{
    [Fact]
    public async Task ReserveAndRelease_ManyThreadsOneNamespace_NeverAboveLimitAndExactAtEnd()
    {
        const long limit = 200;
        using var host = new QuotaTestHost(o =>
        {
            o.DefaultLimits[QuotaResources.Glyphs] = limit;
            o.DefaultLimits[QuotaResources.StorageBytes] = limit * 10;
        });

        var result = await QuotaContention.RunAsync(_ => host.Quotas, "m1", limit, 10, workers: 32, attemptsPerWorker: 2_000);

        var status = await host.Quotas.GetStatusAsync("m1");
        Assert.True(result.MaxHeld <= limit, $"held {result.MaxHeld} > limit {limit}");
        Assert.True(result.Denied > 0, "the race never reached the limit");
        Assert.Equal(result.Held, status.Usage[QuotaResources.Glyphs]);
        Assert.Equal(result.Held * 10, status.Usage[QuotaResources.StorageBytes]);
    }

    [Fact]
    public async Task Reserve_ManyThreadsUntilFull_GrantsExactlyTheLimit()
    {
        const long limit = 1_000;
        using var host = new QuotaTestHost(o => o.DefaultLimits[QuotaResources.Glyphs] = limit);
        long granted = 0;

        await Parallel.ForAsync(0, 5_000, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (_, _) =>
        {
            if ((await host.Quotas.ReserveAsync("m1", QuotaResources.Glyphs, 1)).IsGranted)
            {
                Interlocked.Increment(ref granted);
            }
        });

        Assert.Equal(limit, granted);
        Assert.Equal(limit, (await host.Quotas.GetStatusAsync("m1")).Usage[QuotaResources.Glyphs]);
    }

    [Fact]
    public async Task MultiResource_ContendedFromBothSides_NeverHalfApplied()
    {
        // Storage runs out before glyphs: a half-applied reservation would leave glyphs * 3 != bytes.
        using var host = new QuotaTestHost(o =>
        {
            o.DefaultLimits[QuotaResources.Glyphs] = 1_000;
            o.DefaultLimits[QuotaResources.StorageBytes] = 1_000;
        });

        await Parallel.ForAsync(0, 2_000, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, _) =>
        {
            await host.Quotas.ReserveAsync("m1", [new(QuotaResources.Glyphs, 1), new(QuotaResources.StorageBytes, 3)]);
            if (i % 4 == 0)
            {
                await host.Quotas.ReleaseAsync("m1", [new(QuotaResources.Glyphs, 1), new(QuotaResources.StorageBytes, 3)]);
            }
        });

        var status = await host.Quotas.GetStatusAsync("m1");
        Assert.Equal(status.Usage[QuotaResources.Glyphs] * 3, status.Usage[QuotaResources.StorageBytes]);
        Assert.True(status.Usage[QuotaResources.StorageBytes] <= 1_000);
    }
}
