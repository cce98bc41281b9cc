using Glyphh.Quotas;
using Glyphh.Runtime.Configuration;

namespace Glyphh.Runtime.Quotas;

/// <summary>
/// The deployment's tier caps on quotas: local mode's 1 model and 1,000 glyphs per model (seed 000).
/// </summary>
internal sealed class DeploymentTierCaps(RuntimeSettings settings) : IQuotaTierCaps
{
    public QuotaLimit GetCap(string @namespace, string resource)
    {
        if (settings.Mode != DeploymentMode.Local)
        {
            return QuotaLimit.Unlimited;
        }
        return resource switch
        {
            QuotaResources.Models when @namespace == QuotaNamespace.Deployment => QuotaLimit.Of(1),
            QuotaResources.Glyphs when @namespace != QuotaNamespace.Deployment => QuotaLimit.Of(1000),
            _ => QuotaLimit.Unlimited,
        };
    }
}
