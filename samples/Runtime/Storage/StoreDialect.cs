using System.Data.Common;

namespace Glyphh.Runtime.Storage;

/// <summary>What differs between the embedded SQLite and PostgreSQL: connections, locks and DDL.</summary>
internal abstract class StoreDialect
{
    public abstract string Name { get; }

    public abstract DbDataSource DataSource { get; }

    /// <summary>Where the data lives, for log lines (never with a password).</summary>
    public abstract string Describe();

    public abstract IReadOnlyList<Migration> Migrations { get; }

    public abstract Task<DbConnection> OpenAsync(CancellationToken cancellationToken);


    /// <summary>Holds the migration lock (across processes) until disposed.</summary>
    public abstract Task<IAsyncDisposable> LockForMigrationAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>Starts a write transaction holding the lock for the glyph key (or the model when id is null).</summary>
    public abstract Task<WriteScope> BeginWriteAsync(string model, string? id, CancellationToken cancellationToken);
}

/// <summary>An open connection with a write transaction and whatever lock guards it.</summary>
internal sealed class WriteScope(DbConnection connection, DbTransaction transaction, IDisposable? localLock) : IAsyncDisposable
{
    public DbConnection Connection { get; } = connection;

    public DbTransaction Transaction { get; } = transaction;

    public DbCommand Command(string sql, params (string Name, object? Value)[] parameters)
    {
        var command = Connection.CreateCommand();
        command.Transaction = Transaction;
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

    public async ValueTask DisposeAsync()
    {
        await Transaction.DisposeAsync();
        await Connection.DisposeAsync();
        localLock?.Dispose();
    }
}
