using Glyphh.Quotas.Stores;
using Npgsql;

namespace Glyphh.Quotas.PostgreSql.Internal;

/// <summary>The PostgreSQL store bound to one caller's transaction: the same statements, on its connection, never retried.</summary>
internal sealed class PostgreSqlTransactionQuotaStore(PostgreSqlQuotaStore store, NpgsqlTransaction transaction) : IQuotaStore
{
    public ValueTask<QuotaStoreResult> TryReserveAsync(string @namespace, IReadOnlyList<QuotaCharge> charges, CancellationToken cancellationToken) =>
        store.TryReserveAsync(transaction, @namespace, charges, cancellationToken);

    public ValueTask<IReadOnlyDictionary<string, long>> AdjustAsync(string @namespace, IReadOnlyList<QuotaRequest> deltas, CancellationToken cancellationToken) =>
        store.AdjustAsync(transaction, @namespace, deltas, cancellationToken);

    public ValueTask<long> ReconcileAsync(string @namespace, string resource, Func<CancellationToken, ValueTask<long>> count, CancellationToken cancellationToken) =>
        store.ReconcileAsync(transaction, @namespace, resource, count, cancellationToken);

    public ValueTask<QuotaStoreSnapshot> GetAsync(string @namespace, CancellationToken cancellationToken) =>
        store.GetAsync(transaction, @namespace, cancellationToken);

    public ValueTask SetOverridesAsync(string @namespace, IReadOnlyDictionary<string, QuotaLimit?> changes, CancellationToken cancellationToken) =>
        store.SetOverridesAsync(transaction, @namespace, changes, cancellationToken);
}
