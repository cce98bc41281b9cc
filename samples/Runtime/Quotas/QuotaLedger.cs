using Glyphh.Quotas;
using Glyphh.Runtime.Storage;

namespace Glyphh.Runtime.Quotas;

/// <summary>
/// The store's quota seam over <see cref="IQuotaService"/>: a glyph write reserves its growth (count, storage
/// bytes, memory bytes) all or nothing in the model's namespace; models count at deployment scope. A refusal
/// throws <see cref="QuotaException"/>, answered 403 <c>quota-exceeded</c>. Releases the store cannot take
/// are retried by <see cref="DeferredReleases"/>, so a failing database never leaks a reservation.
/// </summary>
internal sealed class QuotaLedger(IQuotaService quotas, DeferredReleases deferred) : IQuotaLedger
{
    public async Task<IQuotaHold> ReserveModelAsync(string model, CancellationToken cancellationToken)
    {
        var reservation = await quotas.ReserveAsync(QuotaNamespace.Deployment, QuotaResources.Models, 1, cancellationToken);
        reservation.ThrowIfDenied();
        return new Hold(reservation, null, deferred);
    }

    public async Task<IQuotaHold> ReserveGlyphAsync(string model, UsageAmount previous, UsageAmount next, CancellationToken cancellationToken)
    {
        var growth = Requests(new UsageAmount(
            Math.Max(0, next.Glyphs - previous.Glyphs),
            Math.Max(0, next.StorageBytes - previous.StorageBytes),
            Math.Max(0, next.MemoryBytes - previous.MemoryBytes)));
        var shrink = Requests(new UsageAmount(
            Math.Max(0, previous.Glyphs - next.Glyphs),
            Math.Max(0, previous.StorageBytes - next.StorageBytes),
            Math.Max(0, previous.MemoryBytes - next.MemoryBytes)));
        var reservation = await quotas.ReserveAsync(model, growth, cancellationToken);
        reservation.ThrowIfDenied();
        return new Hold(reservation, shrink.Any(r => r.Amount > 0) ? shrink : null, deferred);
    }

    public Task ReleaseAsync(string model, UsageAmount amount, CancellationToken cancellationToken) =>
        deferred.ReleaseAsync(model, Requests(amount));

    public async Task ReleaseModelAsync(string model, UsageAmount amount, CancellationToken cancellationToken)
    {
        await deferred.ReleaseAsync(model, Requests(amount));
        await deferred.ReleaseAsync(QuotaNamespace.Deployment, [new QuotaRequest(QuotaResources.Models, 1)]);
    }

    private static QuotaRequest[] Requests(UsageAmount amount) =>
    [
        new(QuotaResources.Glyphs, amount.Glyphs),
        new(QuotaResources.StorageBytes, amount.StorageBytes),
        new(QuotaResources.MemoryBytes, amount.MemoryBytes),
    ];

    /// <summary>A granted reservation; committing also gives back what a smaller replacement freed.</summary>
    private sealed class Hold(QuotaReservation reservation, QuotaRequest[]? shrink, DeferredReleases deferred) : IQuotaHold
    {
        public async Task CommitAsync(CancellationToken cancellationToken)
        {
            reservation.Commit();
            if (shrink is not null)
            {
                await deferred.ReleaseAsync(reservation.Namespace, shrink);
            }
        }

        public async Task CancelAsync()
        {
            try
            {
                await reservation.ReleaseAsync(CancellationToken.None);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Hand the release over: the reservation itself must no longer release it a second time.
                reservation.Commit();
                deferred.Defer(reservation.Namespace, reservation.Requests, ex);
            }
        }
    }
}
