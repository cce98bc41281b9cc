namespace Glyphh.Quotas.Stores;

/// <summary>
/// Where usage and per-namespace overrides live. The service validates and sorts input before calling; a store
/// must apply every reservation atomically (all deltas or none, never above the effective limit) and must never
/// read usage and write it back in two steps. The in-memory store is the default; <c>Glyphh.Quotas.PostgreSql</c>
/// shares usage between replicas and can work inside the caller's transaction. A store bound to a caller's
/// transaction is passed to <see cref="IQuotaService.WithStore(IQuotaStore)"/>.
/// </summary>
public interface IQuotaStore
{
    /// <summary>
    /// Applies every delta if, for each positive one, usage + amount stays within its effective limit: the override
    /// when one is stored (else <see cref="QuotaCharge.DefaultLimit"/>), capped by <see cref="QuotaCharge.TierCap"/>.
    /// Negative deltas always fit and never take usage below 0.
    /// </summary>
    /// <param name="namespace">A valid namespace.</param>
    /// <param name="charges">Distinct resources in ordinal order, with non-zero amounts (negative: a shrink).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Granted with the new usage, denied with the first resource that did not fit, or overflowed.</returns>
    ValueTask<QuotaStoreResult> TryReserveAsync(string @namespace, IReadOnlyList<QuotaCharge> charges, CancellationToken cancellationToken);

    /// <summary>
    /// Adds the signed amounts without checking limits (a release, or undoing a reservation), never going below 0
    /// nor above <see cref="QuotaLimit.MaxValue"/>, and returns the new usage per resource.
    /// </summary>
    /// <param name="namespace">A valid namespace.</param>
    /// <param name="deltas">Distinct resources in ordinal order, with non-zero amounts.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    ValueTask<IReadOnlyDictionary<string, long>> AdjustAsync(string @namespace, IReadOnlyList<QuotaRequest> deltas, CancellationToken cancellationToken);

    /// <summary>
    /// Sets the usage of a resource to what <paramref name="count"/> returns. A store that can holds the usage row
    /// locked while counting, so no reservation lands between the count and the write.
    /// </summary>
    /// <param name="namespace">A valid namespace.</param>
    /// <param name="resource">A known resource.</param>
    /// <param name="count">Returns the true usage (for example a <c>COUNT(*)</c>); the service validates it.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The usage written.</returns>
    ValueTask<long> ReconcileAsync(string @namespace, string resource, Func<CancellationToken, ValueTask<long>> count, CancellationToken cancellationToken);

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
