using System.Diagnostics.Metrics;
using Glyphh.Health.Internal.Readiness;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Glyphh.Health.Internal.Diagnostics;

/// <summary>Instruments of the <c>Glyphh.Health</c> meter.</summary>
internal sealed class HealthMetrics
{
    public const string MeterName = "Glyphh.Health";

    private readonly Histogram<double> _duration;
    private Func<ReadinessReport?> _lastReport = static () => null;

    public HealthMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _duration = meter.CreateHistogram<double>(
            "glyphh.health.check.duration", "s", "Duration of health check runs.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] });
        meter.CreateObservableGauge("glyphh.health.check.status", ObserveStatus, "{status}",
            "Latest result of each health check: 1 ok, 0.5 degraded, 0 unhealthy.");
        meter.CreateObservableGauge("glyphh.health.check.last_duration", ObserveDuration, "s",
            "Duration of the latest run of each health check.");
    }

    /// <summary>Where the gauges read the latest results; set once by the runner.</summary>
    public void ObserveReportsFrom(Func<ReadinessReport?> lastReport) => _lastReport = lastReport;

    public void RecordDuration(string check, HealthStatus status, TimeSpan duration) =>
        _duration.Record(duration.TotalSeconds,
            new KeyValuePair<string, object?>("check", check),
            new KeyValuePair<string, object?>("status", HealthStatusText.Of(status)));

    private IEnumerable<Measurement<double>> ObserveStatus()
    {
        if (_lastReport() is not { } report)
        {
            return [];
        }
        var values = new Measurement<double>[report.Checks.Count];
        for (var i = 0; i < values.Length; i++)
        {
            var check = report.Checks[i];
            values[i] = new Measurement<double>(HealthStatusText.Value(check.Status), new KeyValuePair<string, object?>("check", check.Key));
        }
        return values;
    }

    private IEnumerable<Measurement<double>> ObserveDuration()
    {
        if (_lastReport() is not { } report)
        {
            return [];
        }
        var values = new Measurement<double>[report.Checks.Count];
        for (var i = 0; i < values.Length; i++)
        {
            var check = report.Checks[i];
            values[i] = new Measurement<double>(check.Duration.TotalSeconds, new KeyValuePair<string, object?>("check", check.Key));
        }
        return values;
    }
}
