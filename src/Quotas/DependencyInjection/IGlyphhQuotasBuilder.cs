using Microsoft.Extensions.DependencyInjection;

namespace Glyphh.Quotas;

/// <summary>Configures the quota services further: tier caps, extra resources, the store.</summary>
public interface IGlyphhQuotasBuilder
{
    /// <summary>The service collection the quotas are registered in.</summary>
    IServiceCollection Services { get; }
}
