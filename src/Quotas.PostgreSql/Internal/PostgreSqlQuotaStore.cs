using System.Collections.Concurrent;
using Glyphh.Quotas.Stores;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;

namespace Glyphh.Quotas.PostgreSql.Internal;

/// <summary>
/// Usage shared by every replica through PostgreSQL. A reservation is one statement: it locks the namespace's usage
/// rows for the requested resources in resource order, checks every <c>used + amount &lt;= limit</c> against the
/// locked (latest) values and the stored overrides, and adds all amounts only when every check passes. Nothing is
/// ever read in one statement and written back in another. Every operation runs either on its own (a pooled
/// connection, retried on deadlock) or inside a caller's transaction (<see cref="PostgreSqlTransactionQuotaStore"/>),
/// where the row locks last until the caller commits or rolls back.
/// </summary>
internal sealed class PostgreSqlQuotaStore : IQuotaStore, IAsyncDisposable, IDisposable
{
    private const int MaxKnownRows = 100_000;
    private const int MaxAttempts = 3;
    private const int ReserveColumns = 6;

    private readonly NpgsqlDataSource _dataSource;
    private readonly bool _ownsDataSource;
    private readonly string _schema;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<(string Namespace, string Resource), byte> _knownRows = new();
    private readonly SemaphoreSlim _initializeLock = new(1, 1);
    private readonly string _reserveSql;
    private readonly string _ensureRowsSql;
    private readonly string _adjustSql;
    private readonly string _lockUsageSql;
    private readonly string _setUsageSql;
    private readonly string _getUsageSql;
    private readonly string _getOverridesSql;
    private readonly string _deleteOverridesSql;
    private readonly string _upsertOverridesSql;
    private volatile bool _initialized;

    public PostgreSqlQuotaStore(NpgsqlDataSource dataSource, bool ownsDataSource, string schema, ILogger logger)
    {
        _dataSource = dataSource;
        _ownsDataSource = ownsDataSource;
        _schema = schema;
        _logger = logger;
        var s = $"\"{schema}\"";
        _ensureRowsSql = $"""
            INSERT INTO {s}.usage (namespace, resource, used)
            SELECT @ns, r, 0 FROM unnest(@resources::text[]) AS r
            ON CONFLICT (namespace, resource) DO NOTHING
            """;
        // cur locks the rows in resource order (no deadlocks between multi-resource reservations) and, under
        // READ COMMITTED, yields their latest committed values; upd applies only when every row fits.
        _reserveSql = $"""
            WITH req AS (
                SELECT r.resource, r.amount, r.base_limit, r.cap, r.ord
                FROM unnest(@resources::text[], @amounts::bigint[], @bases::bigint[], @caps::bigint[])
                    WITH ORDINALITY AS r(resource, amount, base_limit, cap, ord)),
            cur AS (
                SELECT u.resource, u.used, req.amount, req.ord,
                       o.resource IS NOT NULL AS has_override, o.limit_value,
                       LEAST(CASE WHEN o.resource IS NOT NULL THEN o.limit_value ELSE req.base_limit END, req.cap) AS lim
                FROM {s}.usage u
                JOIN req ON req.resource = u.resource
                LEFT JOIN {s}.overrides o ON o.namespace = u.namespace AND o.resource = u.resource
                WHERE u.namespace = @ns
                ORDER BY u.resource
                FOR UPDATE OF u),
            chk AS (
                SELECT count(*) = @count AS complete,
                       coalesce(bool_and(amount <= 0 OR (used <= @max - amount AND (lim IS NULL OR used + amount <= lim))), false) AS fits
                FROM cur),
            upd AS (
                UPDATE {s}.usage u SET used = GREATEST(u.used + cur.amount, 0)
                FROM cur, chk
                WHERE chk.complete AND chk.fits AND u.namespace = @ns AND u.resource = cur.resource
                RETURNING u.resource, u.used)
            SELECT cur.resource, cur.used, cur.has_override, cur.limit_value, upd.used AS new_used, chk.complete
            FROM cur CROSS JOIN chk LEFT JOIN upd ON upd.resource = cur.resource
            ORDER BY cur.ord
            """;
        _adjustSql = $"""
            WITH req AS (
                SELECT r.resource, r.amount FROM unnest(@resources::text[], @amounts::bigint[]) AS r(resource, amount)),
            locked AS (
                SELECT u.resource, req.amount
                FROM {s}.usage u JOIN req ON req.resource = u.resource
                WHERE u.namespace = @ns
                ORDER BY u.resource
                FOR UPDATE OF u)
            UPDATE {s}.usage u SET used = LEAST(GREATEST(u.used + locked.amount, 0), @max)
            FROM locked
            WHERE u.namespace = @ns AND u.resource = locked.resource
            RETURNING u.resource, u.used
            """;
        _lockUsageSql = $"SELECT used FROM {s}.usage WHERE namespace = @ns AND resource = @resource FOR UPDATE";
        _setUsageSql = $"UPDATE {s}.usage SET used = @used WHERE namespace = @ns AND resource = @resource";
        _getUsageSql = $"SELECT resource, used FROM {s}.usage WHERE namespace = @ns";
        _getOverridesSql = $"SELECT resource, limit_value FROM {s}.overrides WHERE namespace = @ns";
        _deleteOverridesSql = $"DELETE FROM {s}.overrides WHERE namespace = @ns AND resource = ANY(@cleared::text[])";
        _upsertOverridesSql = $"""
            INSERT INTO {s}.overrides (namespace, resource, limit_value)
            SELECT @ns, r.resource, r.limit_value FROM unnest(@resources::text[], @limits::bigint[]) AS r(resource, limit_value)
            ON CONFLICT (namespace, resource) DO UPDATE SET limit_value = EXCLUDED.limit_value
            """;
    }

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        if (_initialized)
        {
            return;
        }
        await _initializeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_initialized)
            {
                await QuotaSchema.MigrateAsync(_dataSource, _schema, _logger, cancellationToken).ConfigureAwait(false);
                _initialized = true;
            }
        }
        finally
        {
            _initializeLock.Release();
        }
    }

    public ValueTask<QuotaStoreResult> TryReserveAsync(string @namespace, IReadOnlyList<QuotaCharge> charges, CancellationToken cancellationToken) =>
        TryReserveAsync(null, @namespace, charges, cancellationToken);

    internal async ValueTask<QuotaStoreResult> TryReserveAsync(NpgsqlTransaction? transaction, string @namespace, IReadOnlyList<QuotaCharge> charges, CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        var ensureRows = !AllKnown(@namespace, charges);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var rows = await ReserveOnceAsync(transaction, @namespace, charges, ensureRows, cancellationToken).ConfigureAwait(false);
                if (rows.Count == charges.Count && rows.Count > 0 && rows[0].Complete)
                {
                    Remember(@namespace, charges);
                    return Interpret(@namespace, charges, rows);
                }
                if (ensureRows)
                {
                    // The rows were created by this very batch, so they cannot be missing unless deleted meanwhile.
                    throw new QuotaException(QuotaErrorCodes.StoreUnavailable, "The quota usage rows disappeared during a reservation.");
                }
                ensureRows = true;
                Forget(@namespace, charges);
            }
            catch (PostgresException exception) when (transaction is null && IsRetryable(exception) && attempt < MaxAttempts)
            {
                Log.Retried(_logger, exception.SqlState, attempt);
            }
        }
    }

    public ValueTask<IReadOnlyDictionary<string, long>> AdjustAsync(string @namespace, IReadOnlyList<QuotaRequest> deltas, CancellationToken cancellationToken) =>
        AdjustAsync(null, @namespace, deltas, cancellationToken);

    internal async ValueTask<IReadOnlyDictionary<string, long>> AdjustAsync(NpgsqlTransaction? transaction, string @namespace, IReadOnlyList<QuotaRequest> deltas, CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        var resources = new string[deltas.Count];
        var amounts = new long[deltas.Count];
        for (var i = 0; i < deltas.Count; i++)
        {
            resources[i] = deltas[i].Resource;
            amounts[i] = deltas[i].Amount;
        }
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var result = new Dictionary<string, long>(deltas.Count, StringComparer.Ordinal);
                // An undone shrink can add to a row never created here: make sure every row exists first.
                await using var batch = CreateBatch(transaction);
                var ensure = Command(_ensureRowsSql, @namespace);
                ensure.Parameters.Add(new NpgsqlParameter("resources", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = resources });
                batch.BatchCommands.Add(ensure);
                var adjust = Command(_adjustSql, @namespace);
                adjust.Parameters.Add(new NpgsqlParameter("resources", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = resources });
                adjust.Parameters.Add(new NpgsqlParameter("amounts", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = amounts });
                adjust.Parameters.Add(new NpgsqlParameter("max", NpgsqlDbType.Bigint) { Value = QuotaLimit.MaxValue });
                batch.BatchCommands.Add(adjust);
                await using var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                while (reader.FieldCount != 2 && await reader.NextResultAsync(cancellationToken).ConfigureAwait(false))
                {
                }
                while (reader.FieldCount == 2 && await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    result[reader.GetString(0)] = reader.GetInt64(1);
                }
                return result;
            }
            catch (PostgresException exception) when (transaction is null && IsRetryable(exception) && attempt < MaxAttempts)
            {
                Log.Retried(_logger, exception.SqlState, attempt);
            }
        }
    }

    public ValueTask<long> ReconcileAsync(string @namespace, string resource, Func<CancellationToken, ValueTask<long>> count, CancellationToken cancellationToken) =>
        ReconcileAsync(null, @namespace, resource, count, cancellationToken);

    /// <summary>Locks the usage row, counts, writes: a writer reserving in its own transaction waits, so none slips between.</summary>
    internal async ValueTask<long> ReconcileAsync(NpgsqlTransaction? transaction, string @namespace, string resource, Func<CancellationToken, ValueTask<long>> count, CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        if (transaction is not null)
        {
            return await ReconcileInAsync(transaction, @namespace, resource, count, cancellationToken).ConfigureAwait(false);
        }
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var own = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (own.ConfigureAwait(false))
            {
                var used = await ReconcileInAsync(own, @namespace, resource, count, cancellationToken).ConfigureAwait(false);
                await own.CommitAsync(cancellationToken).ConfigureAwait(false);
                return used;
            }
        }
    }

    private async ValueTask<long> ReconcileInAsync(NpgsqlTransaction transaction, string @namespace, string resource, Func<CancellationToken, ValueTask<long>> count, CancellationToken cancellationToken)
    {
        await using (var batch = CreateBatch(transaction))
        {
            var ensure = Command(_ensureRowsSql, @namespace);
            ensure.Parameters.Add(new NpgsqlParameter("resources", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = new[] { resource } });
            batch.BatchCommands.Add(ensure);
            var lockRow = Command(_lockUsageSql, @namespace);
            lockRow.Parameters.Add(new NpgsqlParameter("resource", NpgsqlDbType.Text) { Value = resource });
            batch.BatchCommands.Add(lockRow);
            await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        var used = await count(cancellationToken).ConfigureAwait(false);
        await using (var batch = CreateBatch(transaction))
        {
            var set = Command(_setUsageSql, @namespace);
            set.Parameters.Add(new NpgsqlParameter("resource", NpgsqlDbType.Text) { Value = resource });
            set.Parameters.Add(new NpgsqlParameter("used", NpgsqlDbType.Bigint) { Value = used });
            batch.BatchCommands.Add(set);
            await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        return used;
    }

    public ValueTask<QuotaStoreSnapshot> GetAsync(string @namespace, CancellationToken cancellationToken) =>
        GetAsync(null, @namespace, cancellationToken);

    internal async ValueTask<QuotaStoreSnapshot> GetAsync(NpgsqlTransaction? transaction, string @namespace, CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        var usage = new Dictionary<string, long>(StringComparer.Ordinal);
        var overrides = new Dictionary<string, QuotaLimit>(StringComparer.Ordinal);
        await using var batch = CreateBatch(transaction);
        batch.BatchCommands.Add(Command(_getUsageSql, @namespace));
        batch.BatchCommands.Add(Command(_getOverridesSql, @namespace));
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            usage[reader.GetString(0)] = reader.GetInt64(1);
        }
        await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            overrides[reader.GetString(0)] = reader.IsDBNull(1) ? QuotaLimit.Unlimited : QuotaLimit.Of(reader.GetInt64(1));
        }
        return new QuotaStoreSnapshot(usage, overrides);
    }

    public ValueTask SetOverridesAsync(string @namespace, IReadOnlyDictionary<string, QuotaLimit?> changes, CancellationToken cancellationToken) =>
        SetOverridesAsync(null, @namespace, changes, cancellationToken);

    internal async ValueTask SetOverridesAsync(NpgsqlTransaction? transaction, string @namespace, IReadOnlyDictionary<string, QuotaLimit?> changes, CancellationToken cancellationToken)
    {
        await InitializeAsync(cancellationToken).ConfigureAwait(false);
        var cleared = changes.Where(p => p.Value is null).Select(p => p.Key).ToArray();
        var set = changes.Where(p => p.Value is not null).OrderBy(p => p.Key, StringComparer.Ordinal).ToArray();
        // One batch runs in one implicit transaction (or the caller's): all changes apply or none.
        await using var batch = CreateBatch(transaction);
        var delete = Command(_deleteOverridesSql, @namespace);
        delete.Parameters.Add(new NpgsqlParameter("cleared", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = cleared });
        batch.BatchCommands.Add(delete);
        var upsert = Command(_upsertOverridesSql, @namespace);
        upsert.Parameters.Add(new NpgsqlParameter("resources", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = set.Select(p => p.Key).ToArray() });
        upsert.Parameters.Add(new NpgsqlParameter("limits", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = set.Select(p => p.Value!.Value.ToNullable()).ToArray() });
        batch.BatchCommands.Add(upsert);
        await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        _initializeLock.Dispose();
        if (_ownsDataSource)
        {
            await _dataSource.DisposeAsync().ConfigureAwait(false);
        }
    }

    // Hosts that dispose their container synchronously must not throw.
    public void Dispose()
    {
        _initializeLock.Dispose();
        if (_ownsDataSource)
        {
            _dataSource.Dispose();
        }
    }

    private NpgsqlBatch CreateBatch(NpgsqlTransaction? transaction) =>
        transaction is null ? _dataSource.CreateBatch() : new NpgsqlBatch(transaction.Connection, transaction);

    private async Task<List<ReserveRow>> ReserveOnceAsync(NpgsqlTransaction? transaction, string @namespace, IReadOnlyList<QuotaCharge> charges, bool ensureRows, CancellationToken cancellationToken)
    {
        var resources = new string[charges.Count];
        var amounts = new long[charges.Count];
        var bases = new long?[charges.Count];
        var caps = new long?[charges.Count];
        for (var i = 0; i < charges.Count; i++)
        {
            resources[i] = charges[i].Resource;
            amounts[i] = charges[i].Amount;
            bases[i] = charges[i].DefaultLimit.ToNullable();
            caps[i] = charges[i].TierCap.ToNullable();
        }

        // One round trip; with the insert, both statements run in one implicit transaction (or the caller's).
        await using var batch = CreateBatch(transaction);
        if (ensureRows)
        {
            var ensure = Command(_ensureRowsSql, @namespace);
            ensure.Parameters.Add(new NpgsqlParameter("resources", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = resources });
            batch.BatchCommands.Add(ensure);
        }
        var reserve = Command(_reserveSql, @namespace);
        reserve.Parameters.Add(new NpgsqlParameter("resources", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = resources });
        reserve.Parameters.Add(new NpgsqlParameter("amounts", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = amounts });
        reserve.Parameters.Add(new NpgsqlParameter("bases", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = bases });
        reserve.Parameters.Add(new NpgsqlParameter("caps", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = caps });
        reserve.Parameters.Add(new NpgsqlParameter("count", NpgsqlDbType.Bigint) { Value = (long)charges.Count });
        reserve.Parameters.Add(new NpgsqlParameter("max", NpgsqlDbType.Bigint) { Value = QuotaLimit.MaxValue });
        batch.BatchCommands.Add(reserve);

        var rows = new List<ReserveRow>(charges.Count);
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        // The insert returns no result set; move to the reservation's rows whichever way the reader starts.
        while (reader.FieldCount != ReserveColumns && await reader.NextResultAsync(cancellationToken).ConfigureAwait(false))
        {
        }
        while (reader.FieldCount == ReserveColumns && await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows.Add(new ReserveRow(
                reader.GetString(0),
                reader.GetInt64(1),
                reader.GetBoolean(2),
                reader.IsDBNull(3) ? null : reader.GetInt64(3),
                reader.IsDBNull(4) ? null : reader.GetInt64(4),
                reader.GetBoolean(5)));
        }
        return rows;
    }

    private static QuotaStoreResult Interpret(string @namespace, IReadOnlyList<QuotaCharge> charges, List<ReserveRow> rows)
    {
        var granted = rows[0].NewUsed is not null;
        var usage = new QuotaResourceUsage[charges.Count];
        for (var i = 0; i < charges.Count; i++)
        {
            var charge = charges[i];
            var row = rows[i];
            QuotaLimit? stored = row.HasOverride ? QuotaLimit.FromNullable(row.OverrideLimit) : null;
            var (limit, source) = charge.Resolve(stored);
            if (granted)
            {
                usage[i] = new QuotaResourceUsage(charge.Resource, row.NewUsed!.Value, limit, source);
            }
            else if (charge.Amount > 0 && row.Used > QuotaLimit.MaxValue - charge.Amount)
            {
                return QuotaStoreResult.Overflowed(new QuotaOverflow(@namespace, charge.Resource, row.Used, charge.Amount));
            }
            else if (charge.Amount > 0 && !limit.Allows(row.Used + charge.Amount))
            {
                return QuotaStoreResult.Denied(new QuotaDenial(@namespace, charge.Resource, limit, row.Used, charge.Amount, source));
            }
        }
        if (!granted)
        {
            // The statement refused, so some row failed its check; report the first by the database's values.
            throw new QuotaException(QuotaErrorCodes.StoreUnavailable, "The quota store refused a reservation without a failing resource.");
        }
        return QuotaStoreResult.Granted(usage);
    }

    private static NpgsqlBatchCommand Command(string sql, string @namespace)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.Add(new NpgsqlParameter("ns", NpgsqlDbType.Text) { Value = @namespace });
        return command;
    }

    private bool AllKnown(string @namespace, IReadOnlyList<QuotaCharge> charges)
    {
        foreach (var charge in charges)
        {
            if (!_knownRows.ContainsKey((@namespace, charge.Resource)))
            {
                return false;
            }
        }
        return true;
    }

    private void Remember(string @namespace, IReadOnlyList<QuotaCharge> charges)
    {
        if (_knownRows.Count >= MaxKnownRows)
        {
            return;
        }
        foreach (var charge in charges)
        {
            _knownRows.TryAdd((@namespace, charge.Resource), 0);
        }
    }

    private void Forget(string @namespace, IReadOnlyList<QuotaCharge> charges)
    {
        foreach (var charge in charges)
        {
            _knownRows.TryRemove((@namespace, charge.Resource), out _);
        }
    }

    private static bool IsRetryable(PostgresException exception) =>
        exception.SqlState is PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure;

    private sealed record ReserveRow(string Resource, long Used, bool HasOverride, long? OverrideLimit, long? NewUsed, bool Complete);
}
