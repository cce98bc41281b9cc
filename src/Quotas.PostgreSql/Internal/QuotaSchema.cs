using Microsoft.Extensions.Logging;
using Npgsql;

namespace Glyphh.Quotas.PostgreSql.Internal;

/// <summary>
/// Creates and upgrades the store's tables. Everything runs in one transaction under a transaction-scoped advisory
/// lock, so replicas starting together apply each migration exactly once and never see a half-made schema.
/// </summary>
internal static class QuotaSchema
{
    public const int CurrentVersion = 1;

    public static async Task MigrateAsync(NpgsqlDataSource dataSource, string schema, ILogger logger, CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                await ExecuteAsync(connection, "SELECT pg_advisory_xact_lock(@key)", cancellationToken, ("key", LockKey(schema))).ConfigureAwait(false);
                await ExecuteAsync(connection, $"""
                    CREATE SCHEMA IF NOT EXISTS "{schema}";
                    CREATE TABLE IF NOT EXISTS "{schema}".schema_version (
                        version integer PRIMARY KEY,
                        applied_at timestamptz NOT NULL DEFAULT now());
                    """, cancellationToken).ConfigureAwait(false);
                int from;
                await using (var command = new NpgsqlCommand($"""SELECT coalesce(max(version), 0) FROM "{schema}".schema_version""", connection))
                {
                    from = (int)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
                }
                if (from > CurrentVersion)
                {
                    throw new QuotaException(
                        QuotaErrorCodes.StoreUnavailable,
                        $"The quota schema \"{schema}\" is at version {from}, newer than this package's {CurrentVersion}; upgrade Glyphh.Quotas.PostgreSql.");
                }
                for (var version = from + 1; version <= CurrentVersion; version++)
                {
                    await ExecuteAsync(connection, Migration(version, schema), cancellationToken).ConfigureAwait(false);
                    await ExecuteAsync(connection, $"""INSERT INTO "{schema}".schema_version (version) VALUES (@version)""", cancellationToken, ("version", version)).ConfigureAwait(false);
                }
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                if (from < CurrentVersion)
                {
                    Log.SchemaMigrated(logger, schema, from, CurrentVersion);
                }
            }
        }
    }

    private static string Migration(int version, string schema) => version switch
    {
        1 => $"""
            CREATE TABLE IF NOT EXISTS "{schema}".usage (
                namespace text NOT NULL,
                resource text NOT NULL,
                used bigint NOT NULL DEFAULT 0 CHECK (used >= 0),
                PRIMARY KEY (namespace, resource));
            CREATE TABLE IF NOT EXISTS "{schema}".overrides (
                namespace text NOT NULL,
                resource text NOT NULL,
                limit_value bigint NULL CHECK (limit_value IS NULL OR limit_value >= 0),
                PRIMARY KEY (namespace, resource));
            COMMENT ON COLUMN "{schema}".overrides.limit_value IS 'NULL: unlimited. No row: the configured default applies.';
            """,
        _ => throw new ArgumentOutOfRangeException(nameof(version)),
    };

    /// <summary>A stable 64-bit advisory lock key per schema (FNV-1a), the same in every replica.</summary>
    internal static long LockKey(string schema)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in "Glyphh.Quotas.PostgreSql:" + schema)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }
        return unchecked((long)hash);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
