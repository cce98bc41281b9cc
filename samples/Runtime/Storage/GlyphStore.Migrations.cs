using System.Data.Common;

namespace Glyphh.Runtime.Storage;

internal sealed partial class GlyphStore
{
    /// <summary>
    /// Applies the pending versioned migrations under the dialect's lock, so replicas starting together
    /// migrate once; refuses a database that a newer runtime migrated.
    /// </summary>
    public async Task<int> MigrateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken);
        await using var migrationLock = await dialect.LockForMigrationAsync(connection, cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        {
            await Execute(transaction,
                "CREATE TABLE IF NOT EXISTS glyphh_schema_migrations (version INTEGER NOT NULL PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)",
                cancellationToken);
            int current;
            await using (var read = connection.CreateCommand())
            {
                read.Transaction = transaction;
                read.CommandText = "SELECT COALESCE(MAX(version), 0) FROM glyphh_schema_migrations";
                current = Convert.ToInt32(await read.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
            }
            var known = dialect.Migrations[^1].Version;
            if (current > known)
            {
                throw new SchemaTooNewException(
                    $"the database ({dialect.Describe()}) has schema version {current}, newer than this runtime knows ({known}); " +
                    "run the newer runtime that migrated it, or restore a backup taken before the upgrade.");
            }
            foreach (var migration in dialect.Migrations.Where(m => m.Version > current))
            {
                await Execute(transaction, migration.Sql, cancellationToken);
                await using var record = Command(connection,
                    "INSERT INTO glyphh_schema_migrations (version, name, applied_at) VALUES (@v, @n, @t)",
                    ("@v", migration.Version), ("@n", migration.Name), ("@t", time.GetUtcNow().ToUnixTimeMilliseconds()));
                record.Transaction = transaction;
                await record.ExecuteNonQueryAsync(cancellationToken);
                Log.MigrationApplied(logger, migration.Version, migration.Name, dialect.Name);
            }
            await transaction.CommitAsync(cancellationToken);
            return Math.Max(current, known);
        }
    }

    private static async Task Execute(DbTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = transaction.Connection!.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
