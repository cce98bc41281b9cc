using System.Data.Common;
using Glyphh.Samples.Hosting;

namespace Glyphh.LicenseServer.Storage;

/// <summary>
/// Applies pending <see cref="Migrations"/> at start-up under a lock (PostgreSQL advisory lock; SQLite's write lock),
/// so several replicas starting together migrate once. A database newer than this server stops start-up.
/// </summary>
internal sealed class Migrator(LicenseDatabase database, TimeProvider time, ILogger<Migrator> logger)
{
    // Any fixed number; it only has to be the same in every replica.
    private const long AdvisoryLockKey = 0x474C595048484C53;

    public async Task<int> MigrateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        if (database.Kind == DatabaseKind.PostgreSql)
        {
            await using var lockCommand = connection.Command("SELECT pg_advisory_lock(@key)").With("key", AdvisoryLockKey);
            await lockCommand.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await using var wal = connection.Command("PRAGMA journal_mode = WAL;");
            await wal.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        try
        {
            return await ApplyAsync(connection, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (database.Kind == DatabaseKind.PostgreSql)
            {
                await using var unlock = connection.Command("SELECT pg_advisory_unlock(@key)").With("key", AdvisoryLockKey);
                await unlock.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }
    }

    private async Task<int> ApplyAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await using var transaction = await database.BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);
        await using (var create = connection.Command(
            "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)",
            transaction))
        {
            await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        var applied = new HashSet<int>();
        await using (var read = connection.Command("SELECT version FROM schema_migrations", transaction))
        await using (var reader = await read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                applied.Add(reader.GetInt32(0));
            }
        }

        var latest = Migrations.All[^1].Version;
        if (applied.Count > 0 && applied.Max() > latest)
        {
            // The database's setting is at fault for the operator: it points at data of a newer server.
            throw new StartupConfigurationException(
                database.Kind == DatabaseKind.PostgreSql ? DatabaseUrl.Setting : "GLYPHH_DATA_DIR",
                $"the database schema is at version {applied.Max()}, newer than this server knows ({latest}); run a newer license server, or restore the backup taken before the upgrade.");
        }

        var count = 0;
        foreach (var migration in Migrations.All.Where(m => !applied.Contains(m.Version)))
        {
            await using (var step = connection.Command(migration.For(database.Kind), transaction))
            {
                await step.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            await using (var record = connection.Command(
                "INSERT INTO schema_migrations (version, name, applied_at) VALUES (@v, @n, @t)", transaction)
                .With("v", migration.Version).With("n", migration.Name).With("t", time.GetUtcNow().ToUnixTimeMilliseconds()))
            {
                await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            Log.MigrationApplied(logger, migration.Version, migration.Name);
            count++;
        }
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return count;
    }
}
