namespace Glyphh.Quotas;

/// <summary>An amount of one resource to reserve or release.</summary>
/// <param name="Resource">The resource name, for example <see cref="QuotaResources.Glyphs"/>.</param>
/// <param name="Amount">The amount, between 0 and <see cref="QuotaLimit.MaxValue"/>.</param>
public readonly record struct QuotaRequest(string Resource, long Amount);
