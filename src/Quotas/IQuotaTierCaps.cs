namespace Glyphh.Quotas;

/// <summary>
/// Caps a host's tier (for example its license) puts on resources, above any default or override. Register
/// implementations with <c>AddTierCaps</c>; when several are registered, the smallest cap applies. Called on every
/// reservation and status read, so keep it fast and in memory.
/// </summary>
public interface IQuotaTierCaps
{
    /// <summary>The cap on <paramref name="resource"/> in <paramref name="namespace"/>, or <see cref="QuotaLimit.Unlimited"/> for none.</summary>
    /// <param name="namespace">A namespace, or <see cref="QuotaNamespace.Deployment"/>.</param>
    /// <param name="resource">A known resource.</param>
    QuotaLimit GetCap(string @namespace, string resource);
}
