using Glyphh.Quotas.Stores;

namespace Glyphh.Quotas;

/// <summary>
/// Exact per-namespace quotas: reserve amounts all-or-nothing, release them, reconcile usage, read status and
/// change per-namespace limits. Registered by <c>services.AddGlyphhQuotas()</c>; safe to use from any thread.
/// </summary>
/// <remarks>
/// Invalid input throws <see cref="QuotaException"/> with a precise <see cref="QuotaException.ErrorCode"/>; a store
/// failure throws it with <see cref="QuotaErrorCodes.StoreUnavailable"/> and grants nothing. A release the store
/// cannot take is queued and retried by the SDK, so a host never retries releases itself. With a store that joins
/// the caller's transaction (<see cref="WithStore(IQuotaStore)"/>, for example <c>PostgreSqlQuotas.In(transaction)</c>)
/// usage and data commit or roll back together and nothing is queued.
/// </remarks>
public interface IQuotaService
{
    /// <summary>Reserves <paramref name="amount"/> of one resource (negative: gives it back, never refused).</summary>
    /// <param name="namespace">The namespace, or <see cref="QuotaNamespace.Deployment"/>.</param>
    /// <param name="resource">A known resource.</param>
    /// <param name="amount">Between -<see cref="QuotaLimit.MaxValue"/> and <see cref="QuotaLimit.MaxValue"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The reservation: check <see cref="QuotaReservation.IsGranted"/>.</returns>
    ValueTask<QuotaReservation> ReserveAsync(string @namespace, string resource, long amount, CancellationToken cancellationToken = default);

    /// <summary>
    /// Applies several signed deltas at once, all or nothing: either every delta is applied or none is. Positive
    /// deltas are checked against their limits; negative ones (a shrink, for example an update that frees a slot
    /// while it grows in bytes) always fit and never take usage below 0. Deltas for the same resource are added together.
    /// </summary>
    /// <exception cref="QuotaException"><see cref="QuotaErrorCodes.Overflow"/> when a usage would pass <see cref="QuotaLimit.MaxValue"/>.</exception>
    /// <param name="namespace">The namespace, or <see cref="QuotaNamespace.Deployment"/>.</param>
    /// <param name="requests">The amounts to reserve.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The reservation: check <see cref="QuotaReservation.IsGranted"/>.</returns>
    ValueTask<QuotaReservation> ReserveAsync(string @namespace, IEnumerable<QuotaRequest> requests, CancellationToken cancellationToken = default);

    /// <summary>
    /// Gives back an amount of one resource, for example when an item is deleted. Usage never goes below 0. When the
    /// store cannot take it, the SDK queues it and retries in the background (log event <c>QuotaReleaseQueued</c>).
    /// </summary>
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

    /// <summary>Sets the usage of a resource to a known value. It may exceed the limit. See <see cref="ReconcileAsync"/> to count it.</summary>
    /// <param name="namespace">The namespace.</param>
    /// <param name="resource">A known resource.</param>
    /// <param name="used">Between 0 and <see cref="QuotaLimit.MaxValue"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    ValueTask SetUsageAsync(string @namespace, string resource, long used, CancellationToken cancellationToken = default);

    /// <summary>
    /// Sets the usage of a resource to the true value <paramref name="count"/> returns (for example
    /// <c>SELECT COUNT(*)</c> of the rows it counts). Call it when usage and data may differ: at start-up with a
    /// store that lives in memory, after restoring a backup, after data was changed without reservations, or after a
    /// crash left releases queued in a process that died. A store that can (PostgreSQL) holds the usage row locked
    /// while <paramref name="count"/> runs, so it is exact even while other replicas write, provided every writer
    /// reserves in the transaction that changes the data; the in-memory store is exact only while nothing reserves.
    /// </summary>
    /// <param name="namespace">The namespace.</param>
    /// <param name="resource">A known resource.</param>
    /// <param name="count">Returns the true usage, between 0 and <see cref="QuotaLimit.MaxValue"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The usage written.</returns>
    ValueTask<long> ReconcileAsync(string @namespace, string resource, Func<CancellationToken, ValueTask<long>> count, CancellationToken cancellationToken = default);

    /// <summary>
    /// This service working through <paramref name="store"/>, usually a store bound to the caller's open transaction:
    /// the same resources, limits, tier caps, validation, metrics and traces, but every read and change goes through
    /// that store, so it commits or rolls back with the caller's data. Its reservations are settled by the
    /// transaction (<see cref="QuotaReservation.Commit"/> and disposal change nothing) and its failures are thrown,
    /// never queued: the caller rolls back.
    /// </summary>
    /// <param name="store">The store for this unit of work.</param>
    IQuotaService WithStore(IQuotaStore store);

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
