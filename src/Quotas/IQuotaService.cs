namespace Glyphh.Quotas;

/// <summary>
/// Exact per-namespace quotas: reserve amounts all-or-nothing, release them, reconcile usage, read status and
/// change per-namespace limits. Registered by <c>services.AddGlyphhQuotas()</c>; safe to use from any thread.
/// </summary>
/// <remarks>
/// Invalid input throws <see cref="QuotaException"/> with a precise <see cref="QuotaException.Code"/>; a store
/// failure throws it with <see cref="QuotaErrorCode.StoreUnavailable"/> and grants nothing.
/// </remarks>
public interface IQuotaService
{
    /// <summary>Reserves <paramref name="amount"/> of one resource.</summary>
    /// <param name="namespace">The namespace, or <see cref="QuotaNamespace.Deployment"/>.</param>
    /// <param name="resource">A known resource.</param>
    /// <param name="amount">Between 0 and <see cref="QuotaLimit.MaxValue"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The reservation: check <see cref="QuotaReservation.IsGranted"/>.</returns>
    ValueTask<QuotaReservation> ReserveAsync(string @namespace, string resource, long amount, CancellationToken cancellationToken = default);

    /// <summary>
    /// Reserves several resources at once, all or nothing: either every amount is added or none is (for example a
    /// glyph and its bytes). Amounts for the same resource are added together.
    /// </summary>
    /// <param name="namespace">The namespace, or <see cref="QuotaNamespace.Deployment"/>.</param>
    /// <param name="requests">The amounts to reserve.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The reservation: check <see cref="QuotaReservation.IsGranted"/>.</returns>
    ValueTask<QuotaReservation> ReserveAsync(string @namespace, IEnumerable<QuotaRequest> requests, CancellationToken cancellationToken = default);

    /// <summary>Gives back an amount of one resource, for example when a glyph is deleted. Usage never goes below 0.</summary>
    /// <param name="namespace">The namespace.</param>
    /// <param name="resource">A known resource.</param>
    /// <param name="amount">Between 0 and <see cref="QuotaLimit.MaxValue"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    ValueTask ReleaseAsync(string @namespace, string resource, long amount, CancellationToken cancellationToken = default);

    /// <summary>Gives back amounts of several resources at once. Usage never goes below 0.</summary>
    /// <param name="namespace">The namespace.</param>
    /// <param name="requests">The amounts to give back.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    ValueTask ReleaseAsync(string @namespace, IEnumerable<QuotaRequest> requests, CancellationToken cancellationToken = default);

    /// <summary>Sets the usage of a resource to a counted value (reconciliation with the real data). It may exceed the limit.</summary>
    /// <param name="namespace">The namespace.</param>
    /// <param name="resource">A known resource.</param>
    /// <param name="used">Between 0 and <see cref="QuotaLimit.MaxValue"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    ValueTask SetUsageAsync(string @namespace, string resource, long used, CancellationToken cancellationToken = default);

    /// <summary>Reads the effective limits and the usage of every known resource.</summary>
    /// <param name="namespace">The namespace.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    ValueTask<QuotaStatus> GetStatusAsync(string @namespace, CancellationToken cancellationToken = default);

    /// <summary>
    /// Sets or clears per-namespace overrides in one step. A value replaces the configured default (the tier cap
    /// still applies); <see langword="null"/> removes the override, so the default applies again. Lowering a limit
    /// below the usage keeps the data and refuses further growth.
    /// </summary>
    /// <param name="namespace">The namespace.</param>
    /// <param name="changes">Resource to new override (<see langword="null"/>: back to the default).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The status after the change.</returns>
    ValueTask<QuotaStatus> SetLimitsAsync(string @namespace, IReadOnlyDictionary<string, QuotaLimit?> changes, CancellationToken cancellationToken = default);
}
