using Glyphh.Quotas;
using Glyphh.Quotas.Stores;
using Glyphh.Runtime.Storage;

namespace Glyphh.Runtime.Quotas;

/// <summary>
/// The embedded default's quota store: usage stays in the package's in-memory store (it is reconciled from the
/// data at start-up), while limit overrides are acknowledged only once they are committed to the runtime's
/// SQLite database (<c>glyphh_quota_overrides</c>), and are loaded back at start-up.
/// </summary>
internal sealed class DurableOverridesQuotaStore(IQuotaStore inner, StoreDialect dialect, TimeProvider time) : IQuotaStore
{
    public ValueTask<QuotaStoreResult> TryReserveAsync(string @namespace, IReadOnlyList<QuotaCharge> charges, CancellationToken cancellationToken) =>
        inner.TryReserveAsync(@namespace, charges, cancellationToken);

    public ValueTask<IReadOnlyDictionary<string, long>> AdjustAsync(string @namespace, IReadOnlyList<QuotaRequest> deltas, CancellationToken cancellationToken) =>
        inner.AdjustAsync(@namespace, deltas, cancellationToken);

    public ValueTask<long> ReconcileAsync(string @namespace, string resource, Func<CancellationToken, ValueTask<long>> count, CancellationToken cancellationToken) =>
        inner.ReconcileAsync(@namespace, resource, count, cancellationToken);

    public ValueTask<QuotaStoreSnapshot> GetAsync(string @namespace, CancellationToken cancellationToken) =>
        inner.GetAsync(@namespace, cancellationToken);

    public async ValueTask SetOverridesAsync(string @namespace, IReadOnlyDictionary<string, QuotaLimit?> changes, CancellationToken cancellationToken)
    {
        // Disk first, then memory, both under the store's write lock: two PUTs cannot land in different orders.
        await using var scope = await dialect.BeginWriteAsync(@namespace, null, cancellationToken);
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        foreach (var (resource, limit) in changes)
        {
            await using var command = limit is { } value
                ? scope.Command(
                    "INSERT INTO glyphh_quota_overrides (namespace, resource, limit_value, updated_at) VALUES (@n, @r, @l, @t) " +
                    "ON CONFLICT (namespace, resource) DO UPDATE SET limit_value = excluded.limit_value, updated_at = excluded.updated_at",
                    ("@n", @namespace), ("@r", resource), ("@l", value.ToNullable()), ("@t", now))
                : scope.Command("DELETE FROM glyphh_quota_overrides WHERE namespace = @n AND resource = @r", ("@n", @namespace), ("@r", resource));
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        await scope.Transaction.CommitAsync(cancellationToken);
        await inner.SetOverridesAsync(@namespace, changes, CancellationToken.None);
    }

    /// <summary>Puts the committed overrides back into the in-memory store; returns how many.</summary>
    public async Task<int> LoadAsync(CancellationToken cancellationToken)
    {
        var byNamespace = new Dictionary<string, Dictionary<string, QuotaLimit?>>(StringComparer.Ordinal);
        await using (var connection = await dialect.OpenAsync(cancellationToken))
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT namespace, resource, limit_value FROM glyphh_quota_overrides";
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var @namespace = reader.GetString(0);
                if (!byNamespace.TryGetValue(@namespace, out var limits))
                {
                    byNamespace[@namespace] = limits = new Dictionary<string, QuotaLimit?>(StringComparer.Ordinal);
                }
                limits[reader.GetString(1)] = reader.IsDBNull(2) ? QuotaLimit.Unlimited : QuotaLimit.Of(reader.GetInt64(2));
            }
        }
        var count = 0;
        foreach (var (@namespace, limits) in byNamespace)
        {
            await inner.SetOverridesAsync(@namespace, limits, cancellationToken);
            count += limits.Count;
        }
        return count;
    }
}
