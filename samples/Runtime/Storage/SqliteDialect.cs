using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Glyphh.Runtime.Storage;

/// <summary>
/// Embedded SQLite in the data directory. WAL journal with <c>synchronous=FULL</c>: every commit syncs the
/// WAL to disk before the request is acknowledged, so a power cut loses no acknowledged write (NORMAL
/// would only survive a process crash). One writer at a time in process; readers never block on it.
/// </summary>
internal sealed class SqliteDialect : StoreDialect, IDisposable
{
    private readonly SemaphoreSlim _writer = new(1, 1);
    private readonly string _path;

    public SqliteDialect(string path)
    {
        _path = path;
        var connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
        DataSource = SqliteFactory.Instance.CreateDataSource(connectionString);
    }

    public override string Name => "sqlite";

    public override DbDataSource DataSource { get; }

    public override string Describe() => "SQLite " + _path;

    public override IReadOnlyList<Migration> Migrations { get; } =
    [
        new(1, "models and glyphs", """
            CREATE TABLE glyphh_models (
                name TEXT NOT NULL PRIMARY KEY,
                created_at INTEGER NOT NULL
            );
            CREATE TABLE glyphh_glyphs (
                model TEXT NOT NULL,
                id TEXT NOT NULL,
                dimensions INTEGER NOT NULL,
                vector BLOB NULL,
                payload TEXT NULL,
                storage_bytes INTEGER NOT NULL,
                memory_bytes INTEGER NOT NULL,
                updated_at INTEGER NOT NULL,
                PRIMARY KEY (model, id)
            ) WITHOUT ROWID;
            """),
        // PostgreSQL keeps overrides in the Quotas PostgreSQL store; the embedded default keeps them here.
        new(2, "quota limit overrides", """
            CREATE TABLE glyphh_quota_overrides (
                namespace TEXT NOT NULL,
                resource TEXT NOT NULL,
                limit_value INTEGER NULL,
                updated_at INTEGER NOT NULL,
                PRIMARY KEY (namespace, resource)
            ) WITHOUT ROWID;
            """),
        // The in-memory search index replays these to stay in step with writes; triggers, so no write path changes.
        new(3, "search change log", """
            CREATE TABLE glyphh_model_versions (
                model TEXT NOT NULL PRIMARY KEY,
                version INTEGER NOT NULL
            ) WITHOUT ROWID;
            CREATE TABLE glyphh_glyph_changes (
                model TEXT NOT NULL,
                version INTEGER NOT NULL,
                id TEXT NOT NULL,
                PRIMARY KEY (model, version)
            ) WITHOUT ROWID;
            """ + ChangeTrigger("inserted", "INSERT", "NEW") + ChangeTrigger("updated", "UPDATE", "NEW") + ChangeTrigger("deleted", "DELETE", "OLD")),
    ];

    // SQLite has no statement that fires one trigger on all three events.
    private static string ChangeTrigger(string name, string trigger, string row) => $"""
        CREATE TRIGGER glyphh_glyph_{name} AFTER {trigger} ON glyphh_glyphs BEGIN
            INSERT INTO glyphh_model_versions (model, version) VALUES ({row}.model, 1)
                ON CONFLICT (model) DO UPDATE SET version = version + 1;
            INSERT INTO glyphh_glyph_changes (model, version, id)
                SELECT {row}.model, version, {row}.id FROM glyphh_model_versions WHERE model = {row}.model;
        END;
        """;

    public override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = await DataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA busy_timeout=30000;";
            await command.ExecuteNonQueryAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }


    // The migration's transaction is BEGIN IMMEDIATE, SQLite's write lock on the file: a second process waits.
    public override Task<IAsyncDisposable> LockForMigrationAsync(DbConnection connection, CancellationToken cancellationToken) =>
        Task.FromResult<IAsyncDisposable>(NoLock.Instance);

    public override async Task<WriteScope> BeginWriteAsync(string model, string? id, CancellationToken cancellationToken)
    {
        await _writer.WaitAsync(cancellationToken);
        DbConnection? connection = null;
        try
        {
            connection = await OpenAsync(cancellationToken);
            var transaction = await connection.BeginTransactionAsync(cancellationToken);
            return new WriteScope(connection, transaction, new Releaser(_writer));
        }
        catch
        {
            if (connection is not null)
            {
                await connection.DisposeAsync();
            }
            _writer.Release();
            throw;
        }
    }

    public void Dispose()
    {
        _writer.Dispose();
        DataSource.Dispose();
    }

    private sealed class Releaser(SemaphoreSlim semaphore) : IDisposable
    {
        public void Dispose() => semaphore.Release();
    }

    private sealed class NoLock : IAsyncDisposable
    {
        public static readonly NoLock Instance = new();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
