using Glyphh.Quotas.Internal;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging.Testing;

namespace Glyphh.Quotas.Tests;

/// <summary>A real service provider with the quotas, fake logging and metric collectors.</summary>
internal sealed class QuotaTestHost : IDisposable
{
    private readonly ServiceProvider _provider;

    public QuotaTestHost(Action<GlyphhQuotasOptions>? configure = null, Action<IGlyphhQuotasBuilder>? build = null)
    {
        var services = new ServiceCollection();
        services.AddFakeLogging();
        var builder = services.AddGlyphhQuotas(QuotaResources.Declare);
        if (configure is not null)
        {
            services.Configure(configure);
        }
        build?.Invoke(builder);
        _provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        var meterFactory = _provider.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>();
        Reservations = new MetricCollector<long>(meterFactory, QuotaMetrics.MeterName, "glyphh.quota.reservations");
        Warnings = new MetricCollector<long>(meterFactory, QuotaMetrics.MeterName, "glyphh.quota.warnings");
        Usage = new MetricCollector<long>(meterFactory, QuotaMetrics.MeterName, "glyphh.quota.usage");
        Limits = new MetricCollector<long>(meterFactory, QuotaMetrics.MeterName, "glyphh.quota.limit");
    }

    public IServiceProvider Services => _provider;

    public IQuotaService Quotas => _provider.GetRequiredService<IQuotaService>();

    public FakeLogCollector Logs => _provider.GetFakeLogCollector();

    public MetricCollector<long> Reservations { get; }

    public MetricCollector<long> Warnings { get; }

    public MetricCollector<long> Usage { get; }

    public MetricCollector<long> Limits { get; }

    public void Dispose()
    {
        Reservations.Dispose();
        Warnings.Dispose();
        Usage.Dispose();
        Limits.Dispose();
        _provider.Dispose();
    }
}
