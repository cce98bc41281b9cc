namespace Glyphh.Quotas.Stores;

/// <summary>
/// Where usage and per-namespace overrides live. The service validates and sorts input before calling; a store
/// must apply every reservation atomically (all charges or none, never above the effective limit) and must never
/// read usage and write it back in two steps. The in-memory store is the default; <c>Glyphh.Quotas.PostgreSql</c>
/// shares usage between replicas.
/// </summary>
public interface IQuotaStore
{
    /// <summary>
    /// Adds every charge if, for each, usage + amount stays within its effective limit: the override when one is
    /// stored (else <see cref="QuotaCharge.DefaultLimit"/>), capped by <see cref="QuotaCharge.TierCap"/>.
    /// </summary>
    /// <param name="namespace">A valid namespace.</param>
    /// <param name="charges">Distinct resources in ordinal order, with positive amounts.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    ValueTask<QuotaStoreResult> TryReserveAsync(string @namespace, IReadOnlyList<QuotaCharge> charges, CancellationToken cancellationToken);

    /// <summary>Subtracts the amounts, never going below 0, and returns the new usage per resource.</summary>
    /// <param name="namespace">A valid namespace.</param>
    /// <param name="releases">Distinct resources in ordinal order, with positive amounts.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    ValueTask<IReadOnlyDictionary<string, long>> ReleaseAsync(string @namespace, IReadOnlyList<QuotaRequest> releases, CancellationToken cancellationToken);

    /// <summary>Sets the usage of a resource.</summary>
    /// <param name="namespace">A valid namespace.</param>
    /// <param name="resource">A known resource.</param>
    /// <param name="used">The new usage.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    ValueTask SetUsageAsync(string @namespace, string resource, long used, CancellationToken cancellationToken);

    /// <summary>Reads the usage and the overrides stored for a namespace.</summary>
    /// <param name="namespace">A valid namespace.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    ValueTask<QuotaStoreSnapshot> GetAsync(string @namespace, CancellationToken cancellationToken);

    /// <summary>Sets (a value) or removes (<see langword="null"/>) overrides in one atomic step.</summary>
    /// <param name="namespace">A valid namespace.</param>
    /// <param name="changes">Resource to new override, or <see langword="null"/> to remove it.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    ValueTask SetOverridesAsync(string @namespace, IReadOnlyDictionary<string, QuotaLimit?> changes, CancellationToken cancellationToken);
}
