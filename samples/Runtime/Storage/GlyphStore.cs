using System.Data.Common;
using System.Runtime.InteropServices;

namespace Glyphh.Runtime.Storage;

/// <summary>
/// Models and glyphs over ADO.NET, the same SQL on SQLite and PostgreSQL. Every write reserves its quota
/// change inside its transaction: on PostgreSQL the usage commits or rolls back with the data; on SQLite the
/// reservation is committed only after the data is, and undone (by the SDK, retried) when the write fails.
/// </summary>
internal sealed partial class GlyphStore(StoreDialect dialect, IQuotaLedger ledger, TimeProvider time, ILogger<GlyphStore> logger)
{
    public StoreDialect Dialect => dialect;

    public async Task<bool> CreateModelAsync(string name, CancellationToken cancellationToken)
    {
        await using var scope = await dialect.BeginWriteAsync(name, null, cancellationToken);
        await using (var exists = scope.Command("SELECT 1 FROM glyphh_models WHERE name = @m", ("@m", name)))
        {
            if (await exists.ExecuteScalarAsync(cancellationToken) is not null)
            {
                return false;
            }
        }
        // Disposed uncommitted (the insert or commit failed): undone, or rolled back with the transaction.
        await using var reservation = await ledger.ReserveModelAsync(scope, cancellationToken);
        await using (var insert = scope.Command(
            "INSERT INTO glyphh_models (name, created_at) VALUES (@m, @t) ON CONFLICT (name) DO NOTHING",
            ("@m", name), ("@t", time.GetUtcNow().ToUnixTimeMilliseconds())))
        {
            if (await insert.ExecuteNonQueryAsync(cancellationToken) != 1)
            {
                return false;
            }
        }
        await scope.Transaction.CommitAsync(cancellationToken);
        reservation.Commit();
        return true;
    }

    public async Task<ModelRecord?> GetModelAsync(string name, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken);
        await using var command = Command(connection, """
            SELECT m.name, m.created_at, COUNT(g.id), COALESCE(SUM(g.storage_bytes), 0), COALESCE(SUM(g.memory_bytes), 0)
            FROM glyphh_models m LEFT JOIN glyphh_glyphs g ON g.model = m.name
            WHERE m.name = @m GROUP BY m.name, m.created_at
            """, ("@m", name));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadModel(reader) : null;
    }

    public async Task<IReadOnlyList<ModelRecord>> ListModelsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken);
        await using var command = Command(connection, """
            SELECT m.name, m.created_at, COUNT(g.id), COALESCE(SUM(g.storage_bytes), 0), COALESCE(SUM(g.memory_bytes), 0)
            FROM glyphh_models m LEFT JOIN glyphh_glyphs g ON g.model = m.name
            GROUP BY m.name, m.created_at ORDER BY m.name
            """);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var models = new List<ModelRecord>();
        while (await reader.ReadAsync(cancellationToken))
        {
            models.Add(ReadModel(reader));
        }
        return models;
    }

    /// <summary>
    /// Deletes a model and its glyphs; returns what they used, or null when there was no such model or
    /// <paramref name="precondition"/> refused the model as it stood (checked inside the delete's transaction).
    /// </summary>
    public async Task<UsageAmount?> DeleteModelAsync(string name, Func<ModelRecord?, bool> precondition, CancellationToken cancellationToken)
    {
        UsageAmount freed;
        await using (var scope = await dialect.BeginWriteAsync(name, null, cancellationToken))
        {
            DateTimeOffset createdAt;
            await using (var created = scope.Command("SELECT created_at FROM glyphh_models WHERE name = @m", ("@m", name)))
            {
                if (await created.ExecuteScalarAsync(cancellationToken) is not { } millis)
                {
                    precondition(null);
                    return null;
                }
                createdAt = DateTimeOffset.FromUnixTimeMilliseconds(Convert.ToInt64(millis, System.Globalization.CultureInfo.InvariantCulture));
            }
            // Deleting the model row first waits for writers holding it (FOR SHARE), so the sum below sees them.
            await using (var delete = scope.Command("DELETE FROM glyphh_models WHERE name = @m", ("@m", name)))
            {
                if (await delete.ExecuteNonQueryAsync(cancellationToken) == 0)
                {
                    return null;
                }
            }
            await using (var sum = scope.Command(
                "SELECT COUNT(*), COALESCE(SUM(storage_bytes), 0), COALESCE(SUM(memory_bytes), 0) FROM glyphh_glyphs WHERE model = @m",
                ("@m", name)))
            await using (var reader = await sum.ExecuteReaderAsync(cancellationToken))
            {
                await reader.ReadAsync(cancellationToken);
                freed = new UsageAmount(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
            }
            // The model as it is deleted (its glyphs' writers waited for above); refused, the transaction rolls back.
            if (!precondition(new ModelRecord(name, createdAt, freed)))
            {
                return null;
            }
            await ledger.DeleteAndCommitAsync(scope, name, freed, modelDeleted: true, async () =>
            {
                await using var glyphs = scope.Command("DELETE FROM glyphh_glyphs WHERE model = @m", ("@m", name));
                await glyphs.ExecuteNonQueryAsync(cancellationToken);
            }, cancellationToken);
        }
        return freed;
    }

    /// <summary>
    /// Creates or replaces a glyph when <paramref name="precondition"/> accepts its current version (null: none), which
    /// it sees under the glyph's write lock, so a concurrent write cannot slip between the check and this write.
    /// Returns the glyph as written: reading it back after the commit could find it already deleted by another writer.
    /// </summary>
    public async Task<(PutOutcome Outcome, GlyphRecord? Written)> PutGlyphAsync(
        string model, string id, float[]? vector, string? payload, int payloadBytes, Func<GlyphRecord?, bool> precondition, CancellationToken cancellationToken)
    {
        var next = UsageAmount.ForGlyph(id, vector?.Length ?? 0, payloadBytes);
        bool replaced;
        long updatedAt;
        await using (var scope = await dialect.BeginWriteAsync(model, id, cancellationToken))
        {
            var lockModel = dialect is PostgresDialect ? " FOR SHARE" : "";
            await using (var exists = scope.Command("SELECT 1 FROM glyphh_models WHERE name = @m" + lockModel, ("@m", model)))
            {
                if (await exists.ExecuteScalarAsync(cancellationToken) is null)
                {
                    return (PutOutcome.ModelNotFound, null);
                }
            }
            var (current, previous) = await ReadCurrentAsync(scope, model, id, cancellationToken);
            if (!precondition(current))
            {
                return (PutOutcome.PreconditionFailed, null);
            }
            replaced = current is not null;
            await using var reservation = await ledger.ReserveGlyphAsync(scope, model, previous, next, cancellationToken);
            updatedAt = time.GetUtcNow().ToUnixTimeMilliseconds();
            await using (var upsert = scope.Command("""
                    INSERT INTO glyphh_glyphs (model, id, dimensions, vector, payload, storage_bytes, memory_bytes, updated_at)
                    VALUES (@m, @id, @d, @v, @p, @s, @mem, @t)
                    ON CONFLICT (model, id) DO UPDATE SET dimensions = excluded.dimensions, vector = excluded.vector,
                        payload = excluded.payload, storage_bytes = excluded.storage_bytes,
                        memory_bytes = excluded.memory_bytes, updated_at = excluded.updated_at
                    """,
                    ("@m", model), ("@id", id), ("@d", vector?.Length ?? 0), ("@v", vector is null ? null : ToBytes(vector)),
                    ("@p", payload), ("@s", next.StorageBytes), ("@mem", next.MemoryBytes), ("@t", updatedAt)))
            {
                await upsert.ExecuteNonQueryAsync(cancellationToken);
            }
            await scope.Transaction.CommitAsync(cancellationToken);
            reservation.Commit();
        }
        return (replaced ? PutOutcome.Replaced : PutOutcome.Created, new GlyphRecord(id, vector, payload, DateTimeOffset.FromUnixTimeMilliseconds(updatedAt)));
    }

    public async Task<GlyphRecord?> GetGlyphAsync(string model, string id, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken);
        await using var command = Command(connection,
            "SELECT id, vector, payload, updated_at FROM glyphh_glyphs WHERE model = @m AND id = @id", ("@m", model), ("@id", id));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadGlyph(reader) : null;
    }

    public async Task<GlyphPage> ListGlyphsAsync(string model, int limit, string? afterId, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken);
        await using var command = Command(connection,
            "SELECT id, vector, payload, updated_at FROM glyphh_glyphs WHERE model = @m AND id > @after ORDER BY id LIMIT @n",
            ("@m", model), ("@after", afterId ?? ""), ("@n", limit + 1));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var items = new List<GlyphRecord>(Math.Min(limit, 256));
        var more = false;
        while (await reader.ReadAsync(cancellationToken))
        {
            if (items.Count == limit)
            {
                more = true;
                break;
            }
            items.Add(ReadGlyph(reader));
        }
        return new GlyphPage(items, more ? items[^1].Id : null);
    }

    /// <summary>
    /// Deletes one glyph and releases its quota; false when it did not exist or <paramref name="precondition"/>
    /// refused its current version (seen under the glyph's write lock).
    /// </summary>
    public async Task<bool> DeleteGlyphAsync(string model, string id, Func<GlyphRecord?, bool> precondition, CancellationToken cancellationToken)
    {
        UsageAmount freed;
        await using (var scope = await dialect.BeginWriteAsync(model, id, cancellationToken))
        {
            var (current, previous) = await ReadCurrentAsync(scope, model, id, cancellationToken);
            if (!precondition(current) || current is null)
            {
                return false;
            }
            freed = previous;
            await ledger.DeleteAndCommitAsync(scope, model, freed, modelDeleted: false, async () =>
            {
                await using var delete = scope.Command("DELETE FROM glyphh_glyphs WHERE model = @m AND id = @id", ("@m", model), ("@id", id));
                await delete.ExecuteNonQueryAsync(cancellationToken);
            }, cancellationToken);
        }
        return true;
    }

    /// <summary>Streams the vectors of one dimension in a model, for exact search.</summary>
    public async IAsyncEnumerable<(string Id, float[] Vector)> ReadVectorsAsync(
        string model, int dimensions, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken);
        await using var command = Command(connection,
            "SELECT id, vector FROM glyphh_glyphs WHERE model = @m AND dimensions = @d", ("@m", model), ("@d", dimensions));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return (reader.GetString(0), FromBytes((byte[])reader.GetValue(1)));
        }
    }

    /// <summary>What every model's glyphs use, recomputed from the rows (start-up reconciliation).</summary>
    public async Task<IReadOnlyDictionary<string, UsageAmount>> ComputeUsageAsync(CancellationToken cancellationToken)
    {
        var result = new Dictionary<string, UsageAmount>(StringComparer.Ordinal);
        foreach (var model in await ListModelsAsync(cancellationToken))
        {
            result[model.Name] = model.Usage;
        }
        return result;
    }

    /// <summary>The glyph as stored inside the write's transaction, and what it uses (zero when there is none).</summary>
    private static async Task<(GlyphRecord? Current, UsageAmount Usage)> ReadCurrentAsync(WriteScope scope, string model, string id, CancellationToken cancellationToken)
    {
        await using var old = scope.Command(
            "SELECT id, vector, payload, updated_at, storage_bytes, memory_bytes FROM glyphh_glyphs WHERE model = @m AND id = @id",
            ("@m", model), ("@id", id));
        await using var reader = await old.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? (ReadGlyph(reader), new UsageAmount(1, reader.GetInt64(4), reader.GetInt64(5)))
            : (null, UsageAmount.Zero);
    }

    private static DbCommand Command(DbConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var p = command.CreateParameter();
            p.ParameterName = name;
            p.Value = value ?? DBNull.Value;
            command.Parameters.Add(p);
        }
        return command;
    }

    private static ModelRecord ReadModel(DbDataReader reader) => new(
        reader.GetString(0),
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1)),
        new UsageAmount(reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4)));

    private static GlyphRecord ReadGlyph(DbDataReader reader) => new(
        reader.GetString(0),
        reader.IsDBNull(1) ? null : FromBytes((byte[])reader.GetValue(1)),
        reader.IsDBNull(2) ? null : reader.GetString(2),
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)));

    // Little-endian float32, the layout of every supported platform.
    private static byte[] ToBytes(float[] vector) => MemoryMarshal.AsBytes(vector.AsSpan()).ToArray();

    private static float[] FromBytes(byte[] bytes) => MemoryMarshal.Cast<byte, float>(bytes).ToArray();
}
