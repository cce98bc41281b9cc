namespace Glyphh.Quotas.Stores;

/// <summary>What a store holds for one namespace.</summary>
/// <param name="Usage">Usage per resource; resources never used may be missing.</param>
/// <param name="Overrides">Override per resource; resources without one are missing.</param>
public sealed record QuotaStoreSnapshot(IReadOnlyDictionary<string, long> Usage, IReadOnlyDictionary<string, QuotaLimit> Overrides);
