using System.Collections.Concurrent;
using System.Diagnostics;
using Glyphh.Quotas.Internal;
using Microsoft.Extensions.DependencyInjection;

namespace Glyphh.Quotas.Tests;

/// <summary>The activity source <c>Glyphh.Quotas</c> and the bounded per-namespace gauges.</summary>
public sealed class QuotaDiagnosticsTests : IDisposable
{
    private readonly ConcurrentQueue<Activity> _activities = new();
    private readonly ActivityListener _listener;

    public QuotaDiagnosticsTests()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == GlyphhQuotasDiagnostics.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _activities.Enqueue,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public void Dispose() => _listener.Dispose();

    private Activity[] For(string @namespace) =>
        [.. _activities.Where(a => (string?)a.GetTagItem("glyphh.namespace") == @namespace)];

    [Fact]
    public async Task Reserve_Granted_TracesTheReservationAndItsStoreRoundTrip()
    {
        using var host = new QuotaTestHost();

        (await host.Quotas.ReserveAsync("trace-a", QuotaResources.Glyphs, 1)).Commit();

        var activities = For("trace-a");
        var reserve = Assert.Single(activities, a => a.OperationName == "glyphh.quota.reserve");
        var store = Assert.Single(activities, a => a.OperationName == "glyphh.quota.store");
        Assert.Equal("granted", reserve.GetTagItem("glyphh.quota.outcome"));
        Assert.Equal("reserve", store.GetTagItem("glyphh.quota.operation"));
        Assert.Equal(reserve.SpanId, store.ParentSpanId);
        Assert.Equal(ActivityStatusCode.Unset, reserve.Status);
    }

    [Fact]
    public async Task Reserve_Denied_TracesTheOutcome()
    {
        using var host = new QuotaTestHost(o => o.DefaultLimits[QuotaResources.Glyphs] = 0);

        await host.Quotas.ReserveAsync("trace-b", QuotaResources.Glyphs, 1);

        Assert.Equal("denied", Assert.Single(For("trace-b"), a => a.OperationName == "glyphh.quota.reserve").GetTagItem("glyphh.quota.outcome"));
    }

    [Fact]
    public async Task Release_TracesTheReleaseAndItsStoreRoundTrip()
    {
        using var host = new QuotaTestHost();
        (await host.Quotas.ReserveAsync("trace-c", QuotaResources.Glyphs, 2)).Commit();

        await host.Quotas.ReleaseAsync("trace-c", QuotaResources.Glyphs, 1);

        var activities = For("trace-c");
        var release = Assert.Single(activities, a => a.OperationName == "glyphh.quota.release");
        Assert.Contains(activities, a => a.OperationName == "glyphh.quota.store" && (string?)a.GetTagItem("glyphh.quota.operation") == "release" && a.ParentSpanId == release.SpanId);
    }

    [Fact]
    public async Task Reserve_Overflow_MarksTheSpanAsAnError()
    {
        using var host = new QuotaTestHost(o => o.DefaultLimits[QuotaResources.Glyphs] = null);
        await host.Quotas.SetUsageAsync("trace-d", QuotaResources.Glyphs, QuotaLimit.MaxValue);

        await Assert.ThrowsAsync<QuotaException>(() => host.Quotas.ReserveAsync("trace-d", QuotaResources.Glyphs, 1).AsTask());

        var reserve = Assert.Single(For("trace-d"), a => a.OperationName == "glyphh.quota.reserve");
        Assert.Equal(ActivityStatusCode.Error, reserve.Status);
        Assert.Equal(QuotaErrorCodes.Overflow, reserve.GetTagItem("error.type"));
    }

    [Fact]
    public async Task Metrics_ReadsOfEmptyNamespaces_CreateNoSeries()
    {
        using var host = new QuotaTestHost();
        var metrics = host.Services.GetRequiredService<QuotaMetrics>();

        for (var i = 0; i < 50; i++)
        {
            await host.Quotas.GetStatusAsync($"nobody-{i}");
        }
        host.Usage.RecordObservableInstruments();

        Assert.Equal(0, metrics.ObservedNamespaces);
        Assert.DoesNotContain(host.Usage.GetMeasurementSnapshot(), m => ((string?)m.Tags["glyphh.namespace"])!.StartsWith("nobody-", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Metrics_MoreNamespacesThanTheCap_EvictTheLeastRecentlySeen()
    {
        using var host = new QuotaTestHost(o => o.MetricsNamespaceLimit = 3);
        var metrics = host.Services.GetRequiredService<QuotaMetrics>();

        foreach (var ns in new[] { "n1", "n2", "n3", "n4" })
        {
            (await host.Quotas.ReserveAsync(ns, QuotaResources.Glyphs, 1)).Commit();
        }
        host.Usage.RecordObservableInstruments();

        Assert.Equal(3, metrics.ObservedNamespaces);
        var namespaces = host.Usage.GetMeasurementSnapshot().Select(m => (string?)m.Tags["glyphh.namespace"]).ToHashSet();
        Assert.DoesNotContain("n1", namespaces);
        Assert.Contains("n4", namespaces);
    }
}
