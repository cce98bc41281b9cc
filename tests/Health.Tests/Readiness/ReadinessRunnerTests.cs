using Glyphh.Health.Internal.Diagnostics;
using Glyphh.Health.Internal.Readiness;
using Glyphh.Health.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Glyphh.Health.Tests.Readiness;

public sealed class ReadinessRunnerTests
{
    [Fact]
    public async Task GetReportAsync_ConcurrentCallersWithoutCache_ShareOneRun()
    {
        var check = new GatedCheck();
        using var provider = Build(checks => checks.AddCheck("gated", check), o => o.CacheDuration = TimeSpan.Zero);
        var runner = provider.GetRequiredService<ReadinessRunner>();

        var calls = Enumerable.Range(0, 50).Select(_ => runner.GetReportAsync()).ToArray();
        await check.Entered.WaitAsync(TimeSpan.FromSeconds(30));
        var later = runner.GetReportAsync();
        check.Gate.SetResult();
        var reports = await Task.WhenAll(calls.Append(later)).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(1, check.Runs);
        Assert.All(reports, r => Assert.Same(reports[0], r));
    }

    [Fact]
    public async Task GetReportAsync_AfterRunWithoutCache_StartsANewRun()
    {
        var check = new CountingCheck(HealthCheckResult.Healthy());
        using var provider = Build(checks => checks.AddCheck("counted", check), o => o.CacheDuration = TimeSpan.Zero);
        var runner = provider.GetRequiredService<ReadinessRunner>();

        var first = await runner.GetReportAsync();
        var second = await runner.GetReportAsync();

        Assert.NotSame(first, second);
        Assert.Equal(2, check.Runs);
    }

    [Fact]
    public async Task GetReportAsync_StatusChanges_LogsEachTransitionOnce()
    {
        var status = HealthStatus.Healthy;
        using var provider = Build(
            checks => checks.AddCheck("flappy", () => new HealthCheckResult(status, "now " + status)),
            o => o.CacheDuration = TimeSpan.Zero);
        var runner = provider.GetRequiredService<ReadinessRunner>();
        var logs = provider.GetRequiredService<FakeLogCollector>();

        await runner.GetReportAsync();
        status = HealthStatus.Unhealthy;
        await runner.GetReportAsync();
        await runner.GetReportAsync();
        status = HealthStatus.Degraded;
        await runner.GetReportAsync();
        status = HealthStatus.Healthy;
        await runner.GetReportAsync();
        await runner.GetReportAsync();

        var records = logs.GetSnapshot().Where(r => r.Category == typeof(ReadinessRunner).FullName).ToArray();
        Assert.Equal(
            [
                (3, LogLevel.Warning, "Health check flappy is unhealthy (was ok): now Unhealthy"),
                (2, LogLevel.Warning, "Health check flappy is degraded (was unhealthy): now Degraded"),
                (1, LogLevel.Information, "Health check flappy is ok again (was degraded)."),
            ],
            records.Select(r => (r.Id.Id, r.Level, r.Message)));
    }

    [Fact]
    public async Task GetReportAsync_FirstRunUnhealthy_LogsTransitionFromUnknownWithException()
    {
        using var provider = Build(checks => checks.AddCheck("broken", new ThrowingCheck("gone")));
        var runner = provider.GetRequiredService<ReadinessRunner>();

        await runner.GetReportAsync();

        var record = Assert.Single(provider.GetRequiredService<FakeLogCollector>().GetSnapshot(), r => r.Category == typeof(ReadinessRunner).FullName);
        Assert.Equal("Health check broken is unhealthy (was unknown): gone", record.Message);
        Assert.IsType<InvalidOperationException>(record.Exception);
    }

    [Fact]
    public async Task GetReportAsync_RecordsDurationAndStatusInstruments()
    {
        using var provider = Build(checks => checks
            .AddCheck("fast", () => HealthCheckResult.Healthy())
            .AddCheck("slow", () => HealthCheckResult.Degraded()));
        var runner = provider.GetRequiredService<ReadinessRunner>();
        using var durations = new MetricCollector<double>(provider.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), HealthMetrics.MeterName, "glyphh.health.check.duration");
        using var statuses = new MetricCollector<double>(provider.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), HealthMetrics.MeterName, "glyphh.health.check.status");

        await runner.GetReportAsync();
        statuses.RecordObservableInstruments();

        Assert.Equal("s", durations.Instrument!.Unit);
        Assert.Equal(
            [("fast", "ok"), ("slow", "degraded")],
            durations.GetMeasurementSnapshot().Select(m => ((string)m.Tags["check"]!, (string)m.Tags["status"]!)).Order());
        Assert.Equal(
            [("fast", 1.0), ("slow", 0.5)],
            statuses.GetMeasurementSnapshot().Select(m => ((string)m.Tags["check"]!, m.Value)).Order());
    }

    [Fact]
    public async Task GetReportAsync_TimedOutCheckFinishesLater_ItsScopeIsReleasedThen()
    {
        using var hung = new BlockingCheck();
        var disposed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var provider = Build(
            checks => checks.Add(new HealthCheckRegistration("hung", sp =>
            {
                sp.GetRequiredService<ScopedProbe>().Disposed = disposed;
                return hung;
            }, null, null, TimeSpan.FromSeconds(1))),
            services: s => s.AddScoped<ScopedProbe>());
        var runner = provider.GetRequiredService<ReadinessRunner>();
        var time = provider.GetRequiredService<FakeTimeProvider>();

        var run = runner.GetReportAsync();
        await hung.Entered.WaitAsync(TimeSpan.FromSeconds(30));
        time.Advance(TimeSpan.FromSeconds(1));
        var report = await run.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(HealthStatus.Unhealthy, report.Status);
        Assert.False(disposed.Task.IsCompleted);

        hung.Release.Release();
        await disposed.Task.WaitAsync(TimeSpan.FromSeconds(30));
    }

    private static ServiceProvider Build(Action<IHealthChecksBuilder> checks, Action<GlyphhHealthOptions>? configure = null, Action<IServiceCollection>? services = null)
    {
        var collection = new ServiceCollection();
        var time = new FakeTimeProvider();
        collection.AddSingleton(time);
        collection.AddSingleton<TimeProvider>(time);
        collection.AddFakeLogging();
        checks(collection.AddGlyphhHealth(configure ?? (_ => { })));
        services?.Invoke(collection);
        return collection.BuildServiceProvider();
    }

    private sealed class ScopedProbe : IDisposable
    {
        public TaskCompletionSource? Disposed { get; set; }

        public void Dispose() => Disposed?.TrySetResult();
    }
}
