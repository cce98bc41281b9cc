using Glyphh.Quotas;
using Glyphh.Runtime.Quotas;

namespace Glyphh.BareRuntime;

/// <summary>
/// The runtime's storage reserves inside its writes, so the bare build gives it the SDK's in-memory quotas with
/// every resource unlimited: nothing is ever refused, and reads (what the load script compares) never touch it.
/// </summary>
internal static class UnlimitedQuotas
{
    public static QuotaLedger CreateLedger(IServiceProvider services) => new(services.GetRequiredService<IQuotaService>());

    public static IServiceCollection AddUnlimitedQuotas(this IServiceCollection services)
    {
        services.AddGlyphhQuotas()
            .AddResource(QuotaResources.Models, QuotaLimit.Unlimited)
            .AddResource(QuotaResources.Glyphs, QuotaLimit.Unlimited)
            .AddResource(QuotaResources.StorageBytes, QuotaLimit.Unlimited)
            .AddResource(QuotaResources.MemoryBytes, QuotaLimit.Unlimited);
        services.AddSingleton(CreateLedger);
        return services;
    }
}
