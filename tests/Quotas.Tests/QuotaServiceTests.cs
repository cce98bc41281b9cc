using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Glyphh.Quotas.Tests;

public class QuotaServiceTests
{
    private static QuotaTestHost Host(long glyphs = 10, long storage = 1000, Action<IGlyphhQuotasBuilder>? build = null, double threshold = 0.8) => new(
        o =>
        {
            o.DefaultLimits[QuotaResources.Glyphs] = glyphs;
            o.DefaultLimits[QuotaResources.StorageBytes] = storage;
            o.WarningThreshold = threshold;
        },
        build);

    [Fact]
    public async Task ReserveAsync_WithinLimit_GrantsAndCounts()
    {
        using var host = Host();

        var reservation = await host.Quotas.ReserveAsync("m1", QuotaResources.Glyphs, 4);

        Assert.True(reservation.IsGranted);
        Assert.Null(reservation.Denial);
        var status = await host.Quotas.GetStatusAsync("m1");
        Assert.Equal(4, status.Usage[QuotaResources.Glyphs]);
        Assert.Equal(QuotaLimit.Of(10), status.Limits[QuotaResources.Glyphs]);
        Assert.Equal(QuotaLimitSource.Default, status.Sources[QuotaResources.Glyphs]);
    }

    [Fact]
    public async Task ReserveAsync_ExactlyToLimit_GrantsThenDeniesNextWithDetails()
    {
        using var host = Host();

        Assert.True((await host.Quotas.ReserveAsync("m1", QuotaResources.Glyphs, 10)).IsGranted);
        var denied = await host.Quotas.ReserveAsync("m1", QuotaResources.Glyphs, 1);

        Assert.False(denied.IsGranted);
        Assert.Equal(new QuotaDenial("m1", QuotaResources.Glyphs, QuotaLimit.Of(10), 10, 1, QuotaLimitSource.Default), denied.Denial);
        var exception = Assert.Throws<QuotaException>(denied.ThrowIfDenied);
        Assert.Equal(QuotaErrorCodes.QuotaExceeded, exception.ErrorCode);
        Assert.Same(denied.Denial, exception.Denial);
        Assert.Equal(10, (await host.Quotas.GetStatusAsync("m1")).Usage[QuotaResources.Glyphs]);
    }

    [Fact]
    public async Task ReserveAsync_SeveralResources_AllOrNothing()
    {
        using var host = Host(glyphs: 10, storage: 100);

        Assert.True((await host.Quotas.ReserveAsync("m1", [new(QuotaResources.Glyphs, 1), new(QuotaResources.StorageBytes, 60)])).IsGranted);
        var denied = await host.Quotas.ReserveAsync("m1", [new(QuotaResources.Glyphs, 1), new(QuotaResources.StorageBytes, 60)]);

        Assert.False(denied.IsGranted);
        Assert.Equal(QuotaResources.StorageBytes, denied.Denial!.Resource);
        var status = await host.Quotas.GetStatusAsync("m1");
        Assert.Equal(1, status.Usage[QuotaResources.Glyphs]);
        Assert.Equal(60, status.Usage[QuotaResources.StorageBytes]);
    }

    [Fact]
    public async Task ReserveAsync_DuplicateResources_AreAddedTogether()
    {
        using var host = Host(glyphs: 10);

        var denied = await host.Quotas.ReserveAsync("m1", [new(QuotaResources.Glyphs, 6), new(QuotaResources.Glyphs, 5)]);
        var granted = await host.Quotas.ReserveAsync("m1", [new(QuotaResources.Glyphs, 5), new(QuotaResources.Glyphs, 5)]);

        Assert.Equal(11, denied.Denial!.Requested);
        Assert.True(granted.IsGranted);
        Assert.Equal(10, (await host.Quotas.GetStatusAsync("m1")).Usage[QuotaResources.Glyphs]);
    }

    [Fact]
    public async Task Reservation_DisposedWithoutCommit_ReleasesItsAmounts()
    {
        using var host = Host();

        await using (var reservation = await host.Quotas.ReserveAsync("m1", [new(QuotaResources.Glyphs, 3), new(QuotaResources.StorageBytes, 30)]))
        {
            Assert.Equal(3, (await host.Quotas.GetStatusAsync("m1")).Usage[QuotaResources.Glyphs]);
        }

        var status = await host.Quotas.GetStatusAsync("m1");
        Assert.Equal(0, status.Usage[QuotaResources.Glyphs]);
        Assert.Equal(0, status.Usage[QuotaResources.StorageBytes]);
    }

    [Fact]
    public async Task Reservation_Committed_StaysCountedAfterDispose()
    {
        using var host = Host();

        await using (var reservation = await host.Quotas.ReserveAsync("m1", QuotaResources.Glyphs, 3))
        {
            reservation.Commit();
        }

        Assert.Equal(3, (await host.Quotas.GetStatusAsync("m1")).Usage[QuotaResources.Glyphs]);
    }

    [Fact]
    public async Task Reservation_ReleasedTwice_ReleasesOnce()
    {
        using var host = Host();
        await host.Quotas.ReserveAsync("m1", QuotaResources.Glyphs, 5);
        var reservation = await host.Quotas.ReserveAsync("m1", QuotaResources.Glyphs, 2);

        await reservation.ReleaseAsync();
        await reservation.ReleaseAsync();
        await reservation.DisposeAsync();

        Assert.Equal(5, (await host.Quotas.GetStatusAsync("m1")).Usage[QuotaResources.Glyphs]);
        Assert.Throws<InvalidOperationException>(reservation.Commit);
    }

    [Fact]
    public async Task Reservation_Denied_CommitThrowsAndDisposeReleasesNothing()
    {
        using var host = Host(glyphs: 1);
        await host.Quotas.ReserveAsync("m1", QuotaResources.Glyphs, 1);
        var denied = await host.Quotas.ReserveAsync("m1", QuotaResources.Glyphs, 1);

        Assert.Throws<QuotaException>(denied.Commit);
        await denied.DisposeAsync();

        Assert.Equal(1, (await host.Quotas.GetStatusAsync("m1")).Usage[QuotaResources.Glyphs]);
    }

    [Fact]
    public async Task ReleaseAsync_MoreThanUsed_StopsAtZero()
    {
        using var host = Host();
        await host.Quotas.ReserveAsync("m1", QuotaResources.Glyphs, 2);

        await host.Quotas.ReleaseAsync("m1", QuotaResources.Glyphs, 5);
        await host.Quotas.ReleaseAsync("never-used", QuotaResources.Glyphs, 5);

        Assert.Equal(0, (await host.Quotas.GetStatusAsync("m1")).Usage[QuotaResources.Glyphs]);
        Assert.Equal(0, (await host.Quotas.GetStatusAsync("never-used")).Usage[QuotaResources.Glyphs]);
    }

    [Fact]
    public async Task SetLimitsAsync_LoweredBelowUsage_KeepsUsageAndRefusesGrowth()
    {
        using var host = Host(glyphs: 10);
        await host.Quotas.ReserveAsync("m1", QuotaResources.Glyphs, 8);

        var status = await host.Quotas.SetLimitsAsync("m1", new Dictionary<string, QuotaLimit?> { [QuotaResources.Glyphs] = QuotaLimit.Of(5) });
        var denied = await host.Quotas.ReserveAsync("m1", QuotaResources.Glyphs, 1);
        await host.Quotas.ReleaseAsync("m1", QuotaResources.Glyphs, 3);
        var stillDenied = await host.Quotas.ReserveAsync("m1", QuotaResources.Glyphs, 1);
        await host.Quotas.ReleaseAsync("m1", QuotaResources.Glyphs, 1);
        var grantedAgain = await host.Quotas.ReserveAsync("m1", QuotaResources.Glyphs, 1);

        Assert.Equal(8, status.Usage[QuotaResources.Glyphs]);
        Assert.Equal(QuotaLimit.Of(5), status.Limits[QuotaResources.Glyphs]);
        Assert.Equal(QuotaLimitSource.Override, status.Sources[QuotaResources.Glyphs]);
        Assert.Equal(new QuotaDenial("m1", QuotaResources.Glyphs, QuotaLimit.Of(5), 8, 1, QuotaLimitSource.Override), denied.Denial);
        Assert.False(stillDenied.IsGranted);
        Assert.True(grantedAgain.IsGranted);
        Assert.Equal(5, (await host.Quotas.GetStatusAsync("m1")).Usage[QuotaResources.Glyphs]);
    }

    [Fact]
    public async Task SetLimitsAsync_NullClearsOverride_UnlimitedLiftsDefault()
    {
        using var host = Host(glyphs: 10);

        var unlimited = await host.Quotas.SetLimitsAsync("m1", new Dictionary<string, QuotaLimit?> { [QuotaResources.Glyphs] = QuotaLimit.Unlimited });
        var big = await host.Quotas.ReserveAsync("m1", QuotaResources.Glyphs, 1_000);
        var cleared = await host.Quotas.SetLimitsAsync("m1", new Dictionary<string, QuotaLimit?> { [QuotaResources.Glyphs] = null });

        Assert.True(unlimited.Limits[QuotaResources.Glyphs].IsUnlimited);
        Assert.True(big.IsGranted);
        Assert.Equal(QuotaLimit.Of(10), cleared.Limits[QuotaResources.Glyphs]);
        Assert.Equal(QuotaLimitSource.Default, cleared.Sources[QuotaResources.Glyphs]);
        Assert.Equal(QuotaLimit.Of(10), (await host.Quotas.GetStatusAsync("other")).Limits[QuotaResources.Glyphs]);
    }

    [Fact]
    public async Task TierCap_BelowOverride_IsTheEffectiveLimit()
    {
        using var host = Host(glyphs: 1_000_000, build: b => b
            .AddTierCaps((_, ns, resource) => resource == QuotaResources.Glyphs ? QuotaLimit.Of(1000) : QuotaLimit.Unlimited)
            .AddTierCaps((_, ns, resource) => ns == "small" && resource == QuotaResources.Glyphs ? QuotaLimit.Of(3) : QuotaLimit.Unlimited));

        var status = await host.Quotas.SetLimitsAsync("m1", new Dictionary<string, QuotaLimit?> { [QuotaResources.Glyphs] = QuotaLimit.Of(5000) });
        var granted = await host.Quotas.ReserveAsync("m1", QuotaResources.Glyphs, 1000);
        var denied = await host.Quotas.ReserveAsync("m1", QuotaResources.Glyphs, 1);
        var small = await host.Quotas.ReserveAsync("small", QuotaResources.Glyphs, 4);

        Assert.Equal(QuotaLimit.Of(1000), status.Limits[QuotaResources.Glyphs]);
        Assert.Equal(QuotaLimitSource.TierCap, status.Sources[QuotaResources.Glyphs]);
        Assert.True(granted.IsGranted);
        Assert.Equal(QuotaLimitSource.TierCap, denied.Denial!.Source);
        Assert.Equal(QuotaLimit.Of(3), small.Denial!.Limit);
    }

    [Fact]
    public async Task ReserveAsync_DeploymentScopeModels_CappedByTier()
    {
        using var host = new QuotaTestHost(build: b => b
            .AddResource(QuotaResources.Models, QuotaLimit.Unlimited)
            .AddTierCaps<LocalModeCaps>());

        var first = await host.Quotas.ReserveAsync(QuotaNamespace.Deployment, QuotaResources.Models, 1);
        var second = await host.Quotas.ReserveAsync(QuotaNamespace.Deployment, QuotaResources.Models, 1);

        Assert.True(first.IsGranted);
        Assert.Equal(new QuotaDenial(QuotaNamespace.Deployment, QuotaResources.Models, QuotaLimit.Of(1), 1, 1, QuotaLimitSource.TierCap), second.Denial);
        Assert.True((await host.Quotas.GetStatusAsync("m1")).Limits[QuotaResources.Models].IsUnlimited);
    }

    [Theory]
    [InlineData(-QuotaLimit.MaxValue - 1)]
    [InlineData(long.MinValue)]
    [InlineData(QuotaLimit.MaxValue + 1)]
    [InlineData(long.MaxValue)]
    public async Task ReserveAsync_InvalidAmount_ThrowsInvalidAmount(long amount)
    {
        using var host = Host();

        var exception = await Assert.ThrowsAsync<QuotaException>(() => host.Quotas.ReserveAsync("m1", QuotaResources.Glyphs, amount).AsTask());
        var release = await Assert.ThrowsAsync<QuotaException>(() => host.Quotas.ReleaseAsync("m1", QuotaResources.Glyphs, amount).AsTask());
        var set = await Assert.ThrowsAsync<QuotaException>(() => host.Quotas.SetUsageAsync("m1", QuotaResources.Glyphs, amount).AsTask());

        Assert.Equal(QuotaErrorCodes.InvalidAmount, exception.ErrorCode);
        Assert.Equal(QuotaErrorCodes.InvalidAmount, release.ErrorCode);
        Assert.Equal(QuotaErrorCodes.InvalidAmount, set.ErrorCode);
    }

    [Fact]
    public async Task ReserveAsync_AmountsAddingAboveMaxValue_ThrowsOverflow()
    {
        using var host = Host();

        var exception = await Assert.ThrowsAsync<QuotaException>(() => host.Quotas.ReserveAsync(
            "m1", [new(QuotaResources.Glyphs, QuotaLimit.MaxValue), new(QuotaResources.Glyphs, 1)]).AsTask());

        Assert.Equal(QuotaErrorCodes.Overflow, exception.ErrorCode);
    }

    [Fact]
    public async Task ReserveAsync_UnlimitedUsageNearMaxValue_ThrowsOverflowAndKeepsUsage()
    {
        using var host = new QuotaTestHost(o => o.DefaultLimits[QuotaResources.Glyphs] = null);
        await host.Quotas.SetUsageAsync("m1", QuotaResources.Glyphs, QuotaLimit.MaxValue - 1);

        Assert.True((await host.Quotas.ReserveAsync("m1", QuotaResources.Glyphs, 1)).IsGranted);
        var exception = await Assert.ThrowsAsync<QuotaException>(() => host.Quotas.ReserveAsync("m1", QuotaResources.Glyphs, 1).AsTask());

        Assert.Equal(QuotaErrorCodes.Overflow, exception.ErrorCode);
        Assert.Equal(new QuotaOverflow("m1", QuotaResources.Glyphs, QuotaLimit.MaxValue, 1), exception.Overflow);
        Assert.Null(exception.Denial);
        Assert.Equal(QuotaLimit.MaxValue, (await host.Quotas.GetStatusAsync("m1")).Usage[QuotaResources.Glyphs]);
    }

    [Fact]
    public async Task ReserveAsync_GrowAndShrinkInOneCall_ChecksOnlyTheGrowth()
    {
        using var host = Host(glyphs: 10, storage: 1000);
        (await host.Quotas.ReserveAsync("m1", [new(QuotaResources.Glyphs, 10), new(QuotaResources.StorageBytes, 900)])).Commit();

        // At its glyph limit, one glyph fewer and 100 bytes more still fits: the shrink is never refused.
        var update = await host.Quotas.ReserveAsync("m1", [new(QuotaResources.Glyphs, -1), new(QuotaResources.StorageBytes, 100)]);
        var tooBig = await host.Quotas.ReserveAsync("m1", [new(QuotaResources.Glyphs, -1), new(QuotaResources.StorageBytes, 1)]);

        Assert.True(update.IsGranted);
        Assert.Equal(QuotaResources.StorageBytes, tooBig.Denial!.Resource);
        var usage = (await host.Quotas.GetStatusAsync("m1")).Usage;
        Assert.Equal(9, usage[QuotaResources.Glyphs]);
        Assert.Equal(1000, usage[QuotaResources.StorageBytes]);
    }

    [Fact]
    public async Task Reservation_GrowAndShrinkDisposedWithoutCommit_UndoesBoth()
    {
        using var host = Host(glyphs: 10, storage: 1000);
        (await host.Quotas.ReserveAsync("m1", [new(QuotaResources.Glyphs, 5), new(QuotaResources.StorageBytes, 500)])).Commit();

        await using (var failedWrite = await host.Quotas.ReserveAsync("m1", [new(QuotaResources.Glyphs, -2), new(QuotaResources.StorageBytes, 300)]))
        {
            Assert.True(failedWrite.IsGranted);
            Assert.Equal(3, (await host.Quotas.GetStatusAsync("m1")).Usage[QuotaResources.Glyphs]);
        }

        var usage = (await host.Quotas.GetStatusAsync("m1")).Usage;
        Assert.Equal(5, usage[QuotaResources.Glyphs]);
        Assert.Equal(500, usage[QuotaResources.StorageBytes]);
    }

    [Fact]
    public async Task ReserveAsync_OnlyShrinks_NeverRefusedAndStopsAtZero()
    {
        using var host = Host(glyphs: 0);

        var shrink = await host.Quotas.ReserveAsync("m1", QuotaResources.Glyphs, -3);

        Assert.True(shrink.IsGranted);
        Assert.Equal(0, (await host.Quotas.GetStatusAsync("m1")).Usage[QuotaResources.Glyphs]);
    }

    [Fact]
    public async Task ReconcileAsync_SetsTheCountedValue_AndRefusesAnInvalidCount()
    {
        using var host = Host();
        (await host.Quotas.ReserveAsync("m1", QuotaResources.Glyphs, 4)).Commit();

        var used = await host.Quotas.ReconcileAsync("m1", QuotaResources.Glyphs, _ => ValueTask.FromResult(2L));
        var invalid = await Assert.ThrowsAsync<QuotaException>(() => host.Quotas.ReconcileAsync("m1", QuotaResources.Glyphs, _ => ValueTask.FromResult(-1L)).AsTask());

        Assert.Equal(2, used);
        Assert.Equal(QuotaErrorCodes.InvalidAmount, invalid.ErrorCode);
        Assert.Equal(2, (await host.Quotas.GetStatusAsync("m1")).Usage[QuotaResources.Glyphs]);
    }

    [Fact]
    public async Task Denial_InDeploymentScope_NeverShowsTheReservedName()
    {
        using var host = new QuotaTestHost(o => o.DefaultLimits["projects"] = 0);

        var denied = await host.Quotas.ReserveAsync(QuotaNamespace.Deployment, "projects", 1);
        var problem = QuotaResults.CreateExceededProblem(denied.Denial!);

        Assert.DoesNotContain(QuotaNamespace.Deployment, denied.Denial!.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(QuotaNamespace.Deployment, problem.Detail, StringComparison.Ordinal);
        Assert.False(problem.Extensions.ContainsKey("namespace"));
        Assert.DoesNotContain("license", problem.Detail, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("cpu")]
    [InlineData("GLYPHS")]
    [InlineData("")]
    [InlineData("glyphs\0")]
    public async Task ReserveAsync_UnknownResource_ThrowsUnknownResource(string resource)
    {
        using var host = Host();

        var exception = await Assert.ThrowsAsync<QuotaException>(() => host.Quotas.ReserveAsync("m1", resource, 1).AsTask());
        var limits = await Assert.ThrowsAsync<QuotaException>(() => host.Quotas.SetLimitsAsync("m1", new Dictionary<string, QuotaLimit?> { [resource] = QuotaLimit.Of(1) }).AsTask());

        Assert.Equal(QuotaErrorCodes.UnknownResource, exception.ErrorCode);
        Assert.Equal(QuotaErrorCodes.UnknownResource, limits.ErrorCode);
        Assert.Contains("glyphs", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("../etc")]
    [InlineData("a b")]
    [InlineData("m1\r\nX-Injected: 1")]
    [InlineData("_deploymentx")]
    public async Task AllOperations_HostileNamespace_ThrowInvalidNamespace(string @namespace)
    {
        using var host = Host();

        var codes = new List<string>
        {
            (await Assert.ThrowsAsync<QuotaException>(() => host.Quotas.ReserveAsync(@namespace, QuotaResources.Glyphs, 1).AsTask())).ErrorCode,
            (await Assert.ThrowsAsync<QuotaException>(() => host.Quotas.ReleaseAsync(@namespace, QuotaResources.Glyphs, 1).AsTask())).ErrorCode,
            (await Assert.ThrowsAsync<QuotaException>(() => host.Quotas.SetUsageAsync(@namespace, QuotaResources.Glyphs, 1).AsTask())).ErrorCode,
            (await Assert.ThrowsAsync<QuotaException>(() => host.Quotas.GetStatusAsync(@namespace).AsTask())).ErrorCode,
            (await Assert.ThrowsAsync<QuotaException>(() => host.Quotas.SetLimitsAsync(@namespace, new Dictionary<string, QuotaLimit?>()).AsTask())).ErrorCode,
        };

        Assert.All(codes, code => Assert.Equal(QuotaErrorCodes.InvalidNamespace, code));
    }

    [Fact]
    public async Task ReserveAsync_LongNamespace_MessageIsCutAndEscaped()
    {
        using var host = Host();
        var hostile = new string('a', 200) + "\n";

        var exception = await Assert.ThrowsAsync<QuotaException>(() => host.Quotas.ReserveAsync(hostile, QuotaResources.Glyphs, 1).AsTask());

        Assert.DoesNotContain("\n", exception.Message, StringComparison.Ordinal);
        Assert.True(exception.Message.Length < 300, exception.Message);
    }

    [Fact]
    public async Task SetUsageAsync_Reconciles_EvenAboveLimit()
    {
        using var host = Host(glyphs: 10);

        await host.Quotas.SetUsageAsync("m1", QuotaResources.Glyphs, 12);

        Assert.Equal(12, (await host.Quotas.GetStatusAsync("m1")).Usage[QuotaResources.Glyphs]);
        Assert.False((await host.Quotas.ReserveAsync("m1", QuotaResources.Glyphs, 1)).IsGranted);
        await host.Quotas.SetUsageAsync("m1", QuotaResources.Glyphs, 0);
        Assert.True((await host.Quotas.ReserveAsync("m1", QuotaResources.Glyphs, 10)).IsGranted);
    }

    [Fact]
    public async Task ReserveAsync_ZeroAmount_GrantedWithoutCounting()
    {
        using var host = Host(glyphs: 1);
        await host.Quotas.SetUsageAsync("m1", QuotaResources.Glyphs, 5);

        var reservation = await host.Quotas.ReserveAsync("m1", QuotaResources.Glyphs, 0);

        Assert.True(reservation.IsGranted);
        Assert.Equal(5, (await host.Quotas.GetStatusAsync("m1")).Usage[QuotaResources.Glyphs]);
    }

    [Fact]
    public async Task ReserveAsync_CrossingWarningThreshold_LogsOncePerCrossing()
    {
        using var host = Host(glyphs: 10, threshold: 0.8);

        for (var i = 0; i < 10; i++)
        {
            await host.Quotas.ReserveAsync("m1", QuotaResources.Glyphs, 1);
        }
        await host.Quotas.ReleaseAsync("m1", QuotaResources.Glyphs, 5);
        await host.Quotas.ReserveAsync("m1", QuotaResources.Glyphs, 4);

        var warnings = host.Logs.GetSnapshot().Where(r => r.Id.Name == "QuotaWarningThresholdCrossed").ToList();
        Assert.Equal(2, warnings.Count);
        Assert.All(warnings, w => Assert.Equal(LogLevel.Warning, w.Level));
        Assert.Contains("has used 8 of its 10 glyphs", warnings[0].Message, StringComparison.Ordinal);
        Assert.Contains("has used 9 of its 10 glyphs", warnings[1].Message, StringComparison.Ordinal);
        Assert.Equal(2, host.Warnings.GetMeasurementSnapshot().Sum(m => m.Value));
    }

    [Fact]
    public async Task Metrics_ReportReservationsByOutcome_AndUsageAndLimitGauges()
    {
        using var host = Host(glyphs: 2);

        await host.Quotas.ReserveAsync("m1", QuotaResources.Glyphs, 2);
        await host.Quotas.ReserveAsync("m1", QuotaResources.Glyphs, 1);
        host.Usage.RecordObservableInstruments();
        host.Limits.RecordObservableInstruments();

        var reservations = host.Reservations.GetMeasurementSnapshot();
        Assert.Equal(1, reservations.Count(m => (string?)m.Tags["glyphh.quota.outcome"] == "granted"));
        Assert.Equal(1, reservations.Count(m => (string?)m.Tags["glyphh.quota.outcome"] == "denied" && (string?)m.Tags["glyphh.quota.resource"] == "glyphs"));
        var usage = host.Usage.GetMeasurementSnapshot().Last(m => (string?)m.Tags["glyphh.namespace"] == "m1" && (string?)m.Tags["glyphh.quota.resource"] == "glyphs");
        var limit = host.Limits.GetMeasurementSnapshot().Last(m => (string?)m.Tags["glyphh.namespace"] == "m1" && (string?)m.Tags["glyphh.quota.resource"] == "glyphs");
        Assert.Equal(2, usage.Value);
        Assert.Equal(2, limit.Value);
    }

    [Fact]
    public async Task ReserveAsync_DeniedReservation_LogsNamespaceResourceAndNumbers()
    {
        using var host = Host(glyphs: 1);
        await host.Quotas.ReserveAsync("m1", QuotaResources.Glyphs, 1);

        await host.Quotas.ReserveAsync("m1", QuotaResources.Glyphs, 1);

        var record = Assert.Single(host.Logs.GetSnapshot(), r => r.Id.Name == "QuotaReservationDenied");
        Assert.Equal("Reservation of 1 glyphs in namespace m1 refused: 1 used of 1 (Default).", record.Message);
    }

    private sealed class LocalModeCaps : IQuotaTierCaps
    {
        public QuotaLimit GetCap(string @namespace, string resource) => (@namespace, resource) switch
        {
            (QuotaNamespace.Deployment, QuotaResources.Models) => QuotaLimit.Of(1),
            (_, QuotaResources.Glyphs) => QuotaLimit.Of(1000),
            _ => QuotaLimit.Unlimited,
        };
    }
}
