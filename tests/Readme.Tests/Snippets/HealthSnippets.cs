#region HealthUsings
using Glyphh.Health;
using OpenTelemetry.Metrics;   // the OTLP set-up under Telemetry
using OpenTelemetry.Trace;
#endregion
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Glyphh.Readme.Tests.Snippets;

/// <summary>The C# blocks of src/Health/README.md and src/Health.Prometheus/README.md.</summary>
internal static class HealthSnippets
{
    /// <summary>The quick start, run end to end by <c>HealthQuickStartTests</c>.</summary>
    public static void QuickStart(string[] args)
    {
        #region HealthQuickStart
        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddGlyphhHealth(builder.Configuration.GetSection(GlyphhHealthOptions.SectionName))
            .AddGlyphhMemoryCheck(tags: ["ready"])
            .AddGlyphhDiskSpaceCheck(o => o.Path = Path.GetTempPath(), tags: ["ready"])
            .AddCheck("queue", () => HealthCheckResult.Healthy("3 messages waiting"), tags: ["batch"]);

        var app = builder.Build();
        app.MapGlyphhHealth();   // /health, /health/ready (?tag=ready), /ready
        app.Run();
        #endregion
    }

    public static void MoreChecks(WebApplicationBuilder builder, Func<IServiceProvider, System.Data.Common.DbDataSource> dataSource)
    {
        #region HealthMoreChecks
        builder.Services.AddGlyphhHealth(o => o.ReadinessTags.Add("ready"))
            .AddGlyphhDataDirectoryCheck(o => o.Path = "/data", tags: ["ready"])
            .AddGlyphhDatabaseCheck(dataSource, tags: ["ready"])   // any DbDataSource, e.g. sp => sp.GetRequiredService<NpgsqlDataSource>()
            .AddCheck<QueueCheck>("queue");                        // any IHealthCheck
        #endregion
    }

    /// <summary>The Glyphh.Health.Prometheus quick start, run end to end by <c>HealthQuickStartTests</c>.</summary>
    public static void PrometheusQuickStart(string[] args)
    {
        #region HealthPrometheusQuickStart
        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddGlyphhHealth(builder.Configuration.GetSection(GlyphhHealthOptions.SectionName))
            .AddPrometheusExporter()   // MapGlyphhHealth() now also maps /metrics
            .AddGlyphhMemoryCheck();

        var app = builder.Build();
        app.MapGlyphhHealth();
        app.Run();
        #endregion
    }

    public static void Otlp(WebApplicationBuilder builder)
    {
        #region HealthOtlp
        builder.Services.AddOpenTelemetry()   // OpenTelemetry.Extensions.Hosting, OpenTelemetry.Exporter.OpenTelemetryProtocol
            .WithTracing(t => t.AddSource(GlyphhHealthDiagnostics.ActivitySourceName).AddOtlpExporter())
            .WithMetrics(m => m.AddMeter(GlyphhHealthDiagnostics.MeterName).AddOtlpExporter());
        #endregion
    }

    internal sealed class QueueCheck : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
            Task.FromResult(HealthCheckResult.Healthy());
    }
}
