using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Glyphh.LicenseServer.Storage;

/// <summary>Opens connections to the configured engine: SQLite in the data directory, or PostgreSQL by <c>DATABASE_URL</c>.</summary>
internal sealed class LicenseDatabase : IAsyncDisposable
{
    private readonly NpgsqlDataSource? _postgres;
    private readonly string? _sqlite;

    private LicenseDatabase(DatabaseKind kind, NpgsqlDataSource? postgres, string? sqlite)
    {
        Kind = kind;
        _postgres = postgres;
        _sqlite = sqlite;
        DataSource = postgres ?? SqliteFactory.Instance.CreateDataSource(sqlite!);
    }

    /// <summary>An ADO.NET data source for the readiness check.</summary>
    public DbDataSource DataSource { get; }

    public DatabaseKind Kind { get; }

    /// <summary>Where the data lives, for logs: the SQLite file or the PostgreSQL host/database (never the password).</summary>
    public string Description { get; private init; } = "";

    /// <summary>PostgreSQL by an Npgsql connection string (already parsed from <c>DATABASE_URL</c>), else SQLite in the data directory.</summary>
    public static LicenseDatabase Create(string? connectionString, string dataDirectory)
    {
        if (!string.IsNullOrWhiteSpace(connectionString))
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString);
            return new LicenseDatabase(DatabaseKind.PostgreSql, NpgsqlDataSource.Create(connectionString), null)
            {
                Description = $"PostgreSQL {builder.Host}:{builder.Port}/{builder.Database}",
            };
        }

        Directory.CreateDirectory(dataDirectory);
        var file = Path.GetFullPath(Path.Combine(dataDirectory, "licenses.db"));
        var sqlite = new SqliteConnectionStringBuilder { DataSource = file, Pooling = true, DefaultTimeout = 30 }.ConnectionString;
        return new LicenseDatabase(DatabaseKind.Sqlite, null, sqlite) { Description = $"SQLite {file}" };
    }

    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        if (_postgres is not null)
        {
            return await _postgres.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        }
        var connection = new SqliteConnection(_sqlite);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 30000;";
        await pragma.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return connection;
    }

    /// <summary>
    /// A transaction that serialises writers to one license: SQLite's BEGIN IMMEDIATE takes the write lock up front;
    /// PostgreSQL callers add <see cref="ForUpdate"/> to the row they read.
    /// </summary>
    public async Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken) =>
        connection is SqliteConnection sqlite
            ? sqlite.BeginTransaction(deferred: false)
            : await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

    public string ForUpdate => Kind == DatabaseKind.PostgreSql ? " FOR UPDATE" : "";

    public ValueTask DisposeAsync() => DataSource.DisposeAsync();
}
