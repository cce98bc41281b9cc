using Glyphh.Quotas;
using Glyphh.Quotas.PostgreSql;
using Glyphh.Runtime.Storage;
using Npgsql;

namespace Glyphh.Runtime.Quotas;

/// <summary>
/// The store's quota seam over the SDK. On PostgreSQL every usage change runs in the write's own transaction
/// (<see cref="PostgreSqlQuotas.In"/>), so usage and data commit or roll back together and cannot drift. On SQLite
/// usage is the SDK's in-memory store: a write reserves before its commit and releases after it, the SDK retries a
/// release it cannot apply, and start-up sets usage from the data.
/// </summary>
internal sealed class QuotaLedger(IQuotaService quotas, PostgreSqlQuotas? postgres = null) : IQuotaLedger
{
    /// <summary>Whether usage changes commit with the write's transaction.</summary>
    public bool Transactional => postgres is not null;

    /// <summary>The quotas to use inside this write.</summary>
    public IQuotaService In(WriteScope scope) =>
        postgres is not null && scope.Transaction is NpgsqlTransaction transaction ? postgres.In(transaction) : quotas;

    /// <summary>Reserves one model at deployment scope; throws when the quota refuses.</summary>
    public async Task<IQuotaHold> ReserveModelAsync(WriteScope scope, CancellationToken cancellationToken)
    {
        var reservation = await In(scope).ReserveAsync(QuotaNamespace.Deployment, QuotaResources.Models, 1, cancellationToken);
        reservation.ThrowIfDenied();
        return new Hold(reservation);
    }

    /// <summary>Reserves the change from <paramref name="previous"/> to <paramref name="next"/>, growth and shrink in one call.</summary>
    public async Task<IQuotaHold> ReserveGlyphAsync(WriteScope scope, string model, UsageAmount previous, UsageAmount next, CancellationToken cancellationToken)
    {
        var reservation = await In(scope).ReserveAsync(model, Requests(next - previous), cancellationToken);
        reservation.ThrowIfDenied();
        return new Hold(reservation);
    }

    /// <summary>Gives back what deleted glyphs (and, with <paramref name="model"/> deleted, the model) used, then commits.</summary>
    public async Task DeleteAndCommitAsync(WriteScope scope, string model, UsageAmount freed, bool modelDeleted, Func<Task> delete, CancellationToken cancellationToken)
    {
        if (Transactional)
        {
            // Usage rows first, as a put locks them: then the delete's trigger rows (glyphh_model_versions).
            await ReleaseAsync(In(scope), model, freed, modelDeleted, cancellationToken);
            await delete();
            await scope.Transaction.CommitAsync(cancellationToken);
            return;
        }
        await delete();
        await scope.Transaction.CommitAsync(cancellationToken);
        // Released only once the delete is durable; a release the store cannot take is the SDK's to retry.
        await ReleaseAsync(quotas, model, freed, modelDeleted, CancellationToken.None);
    }

    private static async Task ReleaseAsync(IQuotaService target, string model, UsageAmount freed, bool modelDeleted, CancellationToken cancellationToken)
    {
        await target.ReleaseAsync(model, Requests(freed), cancellationToken);
        if (modelDeleted)
        {
            await target.ReleaseAsync(QuotaNamespace.Deployment, QuotaResources.Models, 1, cancellationToken);
        }
    }

    private static QuotaRequest[] Requests(UsageAmount amount) =>
    [
        new(QuotaResources.Glyphs, amount.Glyphs),
        new(QuotaResources.StorageBytes, amount.StorageBytes),
        new(QuotaResources.MemoryBytes, amount.MemoryBytes),
    ];

    /// <summary>The SDK's reservation behind the store's seam (the bare benchmark build has no SDK).</summary>
    private sealed class Hold(QuotaReservation reservation) : IQuotaHold
    {
        public void Commit() => reservation.Commit();

        public ValueTask DisposeAsync() => reservation.DisposeAsync();
    }
}
