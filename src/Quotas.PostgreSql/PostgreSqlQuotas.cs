using Glyphh.Quotas.PostgreSql.Internal;
using Npgsql;

namespace Glyphh.Quotas.PostgreSql;

/// <summary>
/// Quotas inside the caller's PostgreSQL transaction, registered by <c>UsePostgreSql</c>. Reserve in the transaction
/// that writes the data, and the usage and the data commit or roll back together: no release to remember, no drift
/// to repair, whatever fails and whenever.
/// <code>
/// await using var transaction = await connection.BeginTransactionAsync(ct);
/// var reservation = await quotas.In(transaction).ReserveAsync("team-a", [new("items", 1)], ct);
/// if (!reservation.IsGranted) return QuotaResults.Exceeded(reservation.Denial!);
/// // ... INSERT the item on the same connection and transaction ...
/// await transaction.CommitAsync(ct);
/// </code>
/// </summary>
/// <remarks>
/// The usage tables must be in the database the transaction runs on. The reservation locks the namespace's usage
/// rows (in resource order, so replicas reserving several resources never deadlock each other) until the transaction
/// ends: reserve once per transaction, before touching rows that other reserving transactions lock, and keep the
/// transaction short. Use READ COMMITTED (PostgreSQL's default); under REPEATABLE READ or SERIALIZABLE a concurrent
/// reservation makes PostgreSQL abort with a serialization failure, which the caller retries. A failure (a deadlock,
/// a lost connection) throws <see cref="QuotaException"/> with <see cref="QuotaErrorCodes.StoreUnavailable"/>; roll back.
/// </remarks>
public sealed class PostgreSqlQuotas
{
    private readonly IQuotaService _quotas;
    private readonly PostgreSqlQuotaStore _store;

    internal PostgreSqlQuotas(IQuotaService quotas, PostgreSqlQuotaStore store)
    {
        _quotas = quotas;
        _store = store;
    }

    /// <summary>
    /// The quota service working inside <paramref name="transaction"/>: reservations (grow and shrink), releases,
    /// reconciliation, status and limit changes all run on its connection and commit or roll back with it.
    /// </summary>
    /// <param name="transaction">An open transaction on a connection to the quota store's database.</param>
    /// <exception cref="ArgumentException">The transaction has no connection any more (disposed).</exception>
    public IQuotaService In(NpgsqlTransaction transaction)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        if (transaction.Connection is null)
        {
            throw new ArgumentException("The transaction has no connection; it was disposed.", nameof(transaction));
        }
        return _quotas.WithStore(new PostgreSqlTransactionQuotaStore(_store, transaction));
    }
}
