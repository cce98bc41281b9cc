using System.Data.Common;
using Npgsql;

namespace Glyphh.Runtime.Storage;

/// <summary>
/// PostgreSQL through Npgsql. Writes to one glyph (or one model) serialize on a transaction-scoped advisory
/// lock, so replicas computing a replace's quota delta never race; migrations hold a session advisory lock.
/// </summary>
internal sealed class PostgresDialect : StoreDialect, IDisposable
{
    /// <summary>Advisory lock key for migrations ("glyphh-rt").</summary>
    private const long MigrationLockKey = 0x676C7970_68682D72;

    private readonly NpgsqlDataSource _dataSource;

    public PostgresDialect(string connectionString)
    {
        _dataSource = NpgsqlDataSource.Create(connectionString);
    }

    public override string Name => "postgresql";

    public override DbDataSource DataSource => _dataSource;

    public NpgsqlDataSource NpgsqlDataSource => _dataSource;

    public override string Describe()
    {
        var b = new NpgsqlConnectionStringBuilder(_dataSource.ConnectionString);
        return $"PostgreSQL {b.Host}:{b.Port}/{b.Database}";
    }

    public override IReadOnlyList<Migration> Migrations { get; } =
    [
        new(1, "models and glyphs", """
            CREATE TABLE glyphh_models (
                name TEXT COLLATE "C" NOT NULL PRIMARY KEY,
                created_at BIGINT NOT NULL
            );
            CREATE TABLE glyphh_glyphs (
                model TEXT COLLATE "C" NOT NULL,
                id TEXT COLLATE "C" NOT NULL,
                dimensions INTEGER NOT NULL,
                vector BYTEA NULL,
                payload TEXT NULL,
                storage_bytes BIGINT NOT NULL,
                memory_bytes BIGINT NOT NULL,
                updated_at BIGINT NOT NULL,
                PRIMARY KEY (model, id)
            );
            """),
        // The in-memory search index replays these to stay in step with every replica's writes. The version row is
        // updated under its row lock, so a model's versions commit in order and a reader never skips one.
        new(2, "search change log", """
            CREATE TABLE glyphh_model_versions (
                model TEXT COLLATE "C" NOT NULL PRIMARY KEY,
                version BIGINT NOT NULL
            );
            CREATE TABLE glyphh_glyph_changes (
                model TEXT COLLATE "C" NOT NULL,
                version BIGINT NOT NULL,
                id TEXT COLLATE "C" NOT NULL,
                PRIMARY KEY (model, version)
            );
            CREATE FUNCTION glyphh_track_glyph_change() RETURNS trigger LANGUAGE plpgsql AS $$
            DECLARE
                m TEXT;
                g TEXT;
                v BIGINT;
            BEGIN
                IF TG_OP = 'DELETE' THEN m := OLD.model; g := OLD.id; ELSE m := NEW.model; g := NEW.id; END IF;
                INSERT INTO glyphh_model_versions (model, version) VALUES (m, 1)
                    ON CONFLICT (model) DO UPDATE SET version = glyphh_model_versions.version + 1
                    RETURNING version INTO v;
                INSERT INTO glyphh_glyph_changes (model, version, id) VALUES (m, v, g);
                RETURN NULL;
            END $$;
            CREATE TRIGGER glyphh_glyph_changed AFTER INSERT OR UPDATE OR DELETE ON glyphh_glyphs
                FOR EACH ROW EXECUTE FUNCTION glyphh_track_glyph_change();
            """),
    ];

    public override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken) =>
        await _dataSource.OpenConnectionAsync(cancellationToken);


    public override async Task<IAsyncDisposable> LockForMigrationAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = $"SELECT pg_advisory_lock({MigrationLockKey})";
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        return new Unlock(connection);
    }

    public override async Task<WriteScope> BeginWriteAsync(string model, string? id, CancellationToken cancellationToken)
    {
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "SELECT pg_advisory_xact_lock(hashtextextended(@key, 0))";
            command.Parameters.AddWithValue("key", id is null ? "model:" + model : $"glyph:{model}/{id}");
            await command.ExecuteNonQueryAsync(cancellationToken);
            return new WriteScope(connection, transaction, null);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public void Dispose() => _dataSource.Dispose();

    private sealed class Unlock(DbConnection connection) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT pg_advisory_unlock({MigrationLockKey})";
            await command.ExecuteNonQueryAsync();
        }
    }
}
