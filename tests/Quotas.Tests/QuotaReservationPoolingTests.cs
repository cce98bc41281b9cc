using Microsoft.Extensions.DependencyInjection;

namespace Glyphh.Quotas.Tests;

/// <summary>
/// A granted reservation is a struct over a pooled state recycled on commit: it allocates nothing, and a copy kept
/// after its commit can never touch the reservation that reuses the state.
/// </summary>
public class QuotaReservationPoolingTests
{
    private static QuotaTestHost Host() => new(o =>
    {
        o.DefaultLimits[QuotaResources.Glyphs] = 10;
        o.DefaultLimits[QuotaResources.StorageBytes] = null;
    });

    [Fact]
    public async Task ReserveAndCommit_InMemory_AllocatesNothingAfterWarmUp()
    {
        // No metric collector nor log listener here: a listener records (and allocates) by design.
        var services = new ServiceCollection();
        services.AddGlyphhQuotas(o =>
        {
            QuotaResources.Declare(o);
            o.DefaultLimits[QuotaResources.Glyphs] = null;
            o.DefaultLimits[QuotaResources.StorageBytes] = null;
        });
        using var provider = services.BuildServiceProvider();
        var quotas = provider.GetRequiredService<IQuotaService>();
        for (var i = 0; i < 1_000; i++)
        {
            await ReserveAndCommitAsync(quotas);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 10_000; i++)
        {
            await ReserveAndCommitAsync(quotas);
        }
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.Equal(11_000, (await quotas.GetStatusAsync("m1")).Usage[QuotaResources.Glyphs]);
    }

    private static async ValueTask ReserveAndCommitAsync(IQuotaService quotas)
    {
        var reservation = await quotas.ReserveAsync("m1", QuotaResources.Glyphs, 1);
        reservation.Commit();
    }

    [Fact]
    public async Task CommittedCopy_AfterItsStateIsReused_NeitherReleasesNorCommitsTheNewReservation()
    {
        using var host = Host();
        var first = await host.Quotas.ReserveAsync("m1", QuotaResources.Glyphs, 1);
        var copy = first;
        first.Commit();

        // Same thread, so the pool hands the committed state to this reservation.
        var second = await host.Quotas.ReserveAsync("m1", QuotaResources.Glyphs, 2);
        await copy.DisposeAsync();
        copy.Commit();
        Assert.Equal(3, (await host.Quotas.GetStatusAsync("m1")).Usage[QuotaResources.Glyphs]);

        await second.DisposeAsync();
        Assert.Equal(1, (await host.Quotas.GetStatusAsync("m1")).Usage[QuotaResources.Glyphs]);
        Assert.Equal(new[] { new QuotaRequest(QuotaResources.Glyphs, 2) }, second.Requests);
        Assert.Equal(new[] { new QuotaRequest(QuotaResources.Glyphs, 1) }, copy.Requests);
    }

    [Fact]
    public async Task ReleasedCopy_AfterOtherReservations_StillRefusesCommit()
    {
        using var host = Host();
        var released = await host.Quotas.ReserveAsync("m1", QuotaResources.Glyphs, 1);
        var copy = released;
        await released.DisposeAsync();
        for (var i = 0; i < 3; i++)
        {
            (await host.Quotas.ReserveAsync("m1", QuotaResources.Glyphs, 1)).Commit();
        }

        var exception = Assert.Throws<InvalidOperationException>(copy.Commit);
        Assert.Contains("already released", exception.Message, StringComparison.Ordinal);
        await copy.DisposeAsync();
        Assert.Equal(3, (await host.Quotas.GetStatusAsync("m1")).Usage[QuotaResources.Glyphs]);
    }

    [Fact]
    public async Task DeniedThenGranted_TheDeniedStateIsReusedWithoutLeakingItsDenial()
    {
        using var host = Host();
        var denied = await host.Quotas.ReserveAsync("m1", QuotaResources.Glyphs, 11);
        var granted = await host.Quotas.ReserveAsync("m1", QuotaResources.Glyphs, 10);

        Assert.False(denied.IsGranted);
        Assert.True(granted.IsGranted);
        await denied.DisposeAsync();
        Assert.Equal(10, (await host.Quotas.GetStatusAsync("m1")).Usage[QuotaResources.Glyphs]);
        await granted.DisposeAsync();
        Assert.Equal(0, (await host.Quotas.GetStatusAsync("m1")).Usage[QuotaResources.Glyphs]);
    }

    [Fact]
    public async Task DefaultReservation_IsASettledGrantOfNothing()
    {
        var reservation = default(QuotaReservation);

        Assert.True(reservation.IsGranted);
        Assert.Empty(reservation.Requests);
        reservation.Commit();
        await reservation.DisposeAsync();
    }
}
