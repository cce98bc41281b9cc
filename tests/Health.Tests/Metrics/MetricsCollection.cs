namespace Glyphh.Health.Tests.Metrics;

/// <summary>
/// The OpenTelemetry exporter listens to every meter of a name in the process, so another test host
/// running in parallel would add its samples; these tests run alone.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MetricsCollection
{
    public const string Name = "metrics";
}
