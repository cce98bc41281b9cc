using Glyphh.Licensing;
using Glyphh.Quotas;

namespace Glyphh.Runtime.Quotas;

/// <summary>
/// The license's limits as quota tier caps, by name: a limit caps the quota resource of the same name wherever
/// it is counted (<c>models</c> at deployment scope, <c>glyphs</c> per model). Local mode's limits are the
/// runtime's own (see <see cref="LocalLimits"/>); self-hosted: the license's; cloud: none. Read on every
/// reservation, so a new license or an expired one takes effect at once.
/// </summary>
internal sealed class LicenseTierCaps(ILicenseState license) : IQuotaTierCaps
{
    /// <summary>The limits the runtime reports even when nothing caps them.</summary>
    public static readonly string[] RuntimeLimits = ["models", "glyphs"];

    /// <summary>Local mode, the free tier: one model of at most 1,000 glyphs.</summary>
    public static IReadOnlyDictionary<string, long> LocalLimits { get; } = new Dictionary<string, long>(StringComparer.Ordinal)
    {
        ["models"] = 1,
        ["glyphs"] = 1000,
    };

    public QuotaLimit GetCap(string @namespace, string resource) => QuotaLimit.FromNullable(license.Current.Limits.Get(resource));
}
