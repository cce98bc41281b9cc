namespace Glyphh.Quotas.Stores;

/// <summary>The usage of one resource after a reservation, with the effective limit it was checked against.</summary>
/// <param name="Resource">The resource.</param>
/// <param name="Used">The usage after the reservation.</param>
/// <param name="Limit">The effective limit.</param>
/// <param name="Source">Where the limit comes from.</param>
public readonly record struct QuotaResourceUsage(string Resource, long Used, QuotaLimit Limit, QuotaLimitSource Source);
