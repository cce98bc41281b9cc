using Glyphh.Quotas;
using Glyphh.Runtime.Storage;

namespace Glyphh.Runtime.Quotas;

/// <summary>
/// The store's quota seam over <see cref="IQuotaService"/>: a glyph write reserves its growth (count, storage
/// bytes, memory bytes) all or nothing in the model's namespace; models count at deployment scope. A refusal
/// throws <see cref="QuotaException"/>, answered 403 <c>quota-exceeded</c>.
/// </summary>
internal sealed class QuotaLedger(IQuotaService quotas) : IQuotaLedger
{
    public async Task<IQuotaHold> ReserveModelAsync(string model, CancellationToken cancellationToken)
    {
        var reservation = await quotas.ReserveAsync(QuotaNamespace.Deployment, QuotaResources.Models, 1, cancellationToken);
        reservation.ThrowIfDenied();
        return new Hold(reservation, null, null);
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
        return new Hold(reservation, shrink.Any(r => r.Amount > 0) ? shrink : null, () => quotas.ReleaseAsync(model, shrink, CancellationToken.None));
    }

    public async Task ReleaseAsync(string model, UsageAmount amount, CancellationToken cancellationToken) =>
        await quotas.ReleaseAsync(model, Requests(amount), cancellationToken);

    public async Task ReleaseModelAsync(string model, UsageAmount amount, CancellationToken cancellationToken)
    {
        await quotas.ReleaseAsync(model, Requests(amount), cancellationToken);
        await quotas.ReleaseAsync(QuotaNamespace.Deployment, QuotaResources.Models, 1, cancellationToken);
    }

    private static QuotaRequest[] Requests(UsageAmount amount) =>
    [
        new(QuotaResources.Glyphs, amount.Glyphs),
        new(QuotaResources.StorageBytes, amount.StorageBytes),
        new(QuotaResources.MemoryBytes, amount.MemoryBytes),
    ];

    /// <summary>A granted reservation; committing also gives back what a smaller replacement freed.</summary>
    private sealed class Hold(QuotaReservation reservation, QuotaRequest[]? shrink, Func<ValueTask>? releaseShrink) : IQuotaHold
    {
        public async Task CommitAsync(CancellationToken cancellationToken)
        {
            reservation.Commit();
            if (shrink is not null && releaseShrink is not null)
            {
                await releaseShrink();
            }
        }

        public async Task CancelAsync() => await reservation.ReleaseAsync(CancellationToken.None);
    }
}
