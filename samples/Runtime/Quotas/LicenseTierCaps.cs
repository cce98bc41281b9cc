using Glyphh.Licensing;
using Glyphh.Quotas;

namespace Glyphh.Runtime.Quotas;

/// <summary>
/// The licensing package's effective limits as quota tier caps: the model count at deployment scope and the
/// glyph count per model (local mode: 1 and 1,000; self-hosted: the license's; cloud: none). Read on every
/// reservation, so a new license or an expired one takes effect at once.
/// </summary>
internal sealed class LicenseTierCaps(ILicenseState license) : IQuotaTierCaps
{
    public QuotaLimit GetCap(string @namespace, string resource)
    {
        var limits = license.Current.Limits;
        return resource switch
        {
            QuotaResources.Models when @namespace == QuotaNamespace.Deployment => QuotaLimit.FromNullable(limits.Models),
            QuotaResources.Glyphs when @namespace != QuotaNamespace.Deployment => QuotaLimit.FromNullable(limits.GlyphsPerModel),
            _ => QuotaLimit.Unlimited,
        };
    }
}
