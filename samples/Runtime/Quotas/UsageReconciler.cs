using Glyphh.Quotas;
using Glyphh.Runtime.Storage;

namespace Glyphh.Runtime.Quotas;

/// <summary>
/// Sets quota usage from the stored data at start-up, for a usage store that lives in memory (it would
/// otherwise start from zero after a restart and let the data outgrow its quotas).
/// </summary>
internal static class UsageReconciler
{
    public static async Task<(int Models, long Glyphs)> ReconcileAsync(GlyphStore store, IQuotaService quotas, CancellationToken cancellationToken)
    {
        var usage = await store.ComputeUsageAsync(cancellationToken);
        long glyphs = 0;
        foreach (var (model, amount) in usage)
        {
            await quotas.SetUsageAsync(model, QuotaResources.Glyphs, amount.Glyphs, cancellationToken);
            await quotas.SetUsageAsync(model, QuotaResources.StorageBytes, amount.StorageBytes, cancellationToken);
            await quotas.SetUsageAsync(model, QuotaResources.MemoryBytes, amount.MemoryBytes, cancellationToken);
            glyphs += amount.Glyphs;
        }
        await quotas.SetUsageAsync(QuotaNamespace.Deployment, QuotaResources.Models, usage.Count, cancellationToken);
        return (usage.Count, glyphs);
    }
}
