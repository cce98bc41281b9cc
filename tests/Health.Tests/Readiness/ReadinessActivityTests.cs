using System.Collections.Concurrent;
using System.Diagnostics;
using Glyphh.Health.Internal.Diagnostics;
using Glyphh.Health.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Glyphh.Health.Tests.Readiness;

/// <summary>One <c>glyphh.health.check</c> span per check per readiness run, seen through an ActivityListener.</summary>
public sealed class ReadinessActivityTests
{
    [Fact]
    public async Task ReadinessRun_EmitsASpanPerCheck_WithStatusAndErrorOnFailure()
    {
        var spans = new ConcurrentBag<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == GlyphhHealthDiagnostics.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Add,
        };
        ActivitySource.AddActivityListener(listener);
        var failure = new InvalidOperationException("disk gone");
        await using var host = await HealthTestHost.StartAsync(checks => checks
            .AddCheck("span_ok_7f3", () => HealthCheckResult.Healthy("fine"))
            .AddCheck("span_bad_7f3", () => HealthCheckResult.Unhealthy("broken", failure)));

        await host.GetJsonAsync("/health/ready");

        var mine = spans.Where(s => s.GetTagItem("glyphh.health.check.name") is string name && name.EndsWith("_7f3", StringComparison.Ordinal))
            .ToDictionary(s => (string)s.GetTagItem("glyphh.health.check.name")!);
        Assert.Equal(2, mine.Count);
        Assert.All(mine.Values, s => Assert.Equal("glyphh.health.check", s.OperationName));
        Assert.Equal("ok", mine["span_ok_7f3"].GetTagItem("glyphh.health.check.status"));
        Assert.Equal(ActivityStatusCode.Unset, mine["span_ok_7f3"].Status);
        Assert.Equal("unhealthy", mine["span_bad_7f3"].GetTagItem("glyphh.health.check.status"));
        Assert.Equal(ActivityStatusCode.Error, mine["span_bad_7f3"].Status);
        Assert.Equal(typeof(InvalidOperationException).FullName, mine["span_bad_7f3"].GetTagItem("error.type"));
    }

    [Fact]
    public void DiagnosticsNames_AreThePackagesOwn()
    {
        Assert.Equal("Glyphh.Health", GlyphhHealthDiagnostics.ActivitySourceName);
        Assert.Equal(HealthMetrics.MeterName, GlyphhHealthDiagnostics.MeterName);
    }
}
