using System.Net;
using Glyphh.Health.Tests.Infrastructure;

namespace Glyphh.Health.Tests.Metrics;

/// <summary>The core package serves probes without any exporter; /metrics exists only with Glyphh.Health.Prometheus.</summary>
public sealed class WithoutExporterTests
{
    [Fact]
    public async Task WithoutPrometheusExporter_ProbesAnswer_MetricsIsNotMapped()
    {
        await using var host = await HealthTestHost.StartAsync(prometheus: false);
        Assert.Equal(HttpStatusCode.OK, (await host.Client.GetAsync("/health")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await host.Client.GetAsync("/health/ready")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await host.Client.GetAsync("/metrics")).StatusCode);
    }

    [Fact]
    public void CorePackage_ReferencesNoOpenTelemetryAssembly()
    {
        var references = typeof(GlyphhHealthOptions).Assembly.GetReferencedAssemblies().Select(a => a.Name!);
        Assert.DoesNotContain(references, name => name.StartsWith("OpenTelemetry", StringComparison.Ordinal));
    }

    [Fact]
    public void PrometheusCompanion_PublicApi_HasNotChanged() =>
        Glyphh.TestSupport.PublicApiApproval.AssertApproved(typeof(Microsoft.Extensions.DependencyInjection.GlyphhHealthPrometheusBuilderExtensions).Assembly);
}
