using Microsoft.Extensions.DependencyInjection;

namespace Glyphh.Quotas.Internal;

internal sealed class GlyphhQuotasBuilder(IServiceCollection services) : IGlyphhQuotasBuilder
{
    public IServiceCollection Services { get; } = services;
}
