namespace Glyphh.Quotas.Stores;

/// <summary>One resource of a reservation, with the limits the service resolved outside the store.</summary>
/// <param name="Resource">The resource.</param>
/// <param name="Amount">The non-zero delta: positive to grow (checked), negative to shrink.</param>
/// <param name="DefaultLimit">The configured default, used when the store holds no override.</param>
/// <param name="TierCap">The tier cap, applied on top of the override or default.</param>
public readonly record struct QuotaCharge(string Resource, long Amount, QuotaLimit DefaultLimit, QuotaLimit TierCap)
{
    /// <summary>The effective limit and its source given the stored override, if any.</summary>
    /// <param name="storedOverride">The namespace's override, or <see langword="null"/> when none is stored.</param>
    public (QuotaLimit Limit, QuotaLimitSource Source) Resolve(QuotaLimit? storedOverride)
    {
        var (limit, source) = storedOverride is { } o ? (o, QuotaLimitSource.Override) : (DefaultLimit, QuotaLimitSource.Default);
        return QuotaLimit.Min(limit, TierCap) == limit ? (limit, source) : (TierCap, QuotaLimitSource.TierCap);
    }
}
