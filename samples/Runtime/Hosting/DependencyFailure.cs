using Microsoft.Data.Sqlite;
using Npgsql;

namespace Glyphh.Runtime.Hosting;

/// <summary>Tells a failing dependency (database down, disk full) from a bug, so clients get 503 and may retry.</summary>
internal static class DependencyFailure
{
    // SQLITE_BUSY, SQLITE_LOCKED, SQLITE_READONLY, SQLITE_IOERR, SQLITE_FULL, SQLITE_CANTOPEN.
    private static readonly int[] SqliteUnavailableCodes = [5, 6, 8, 10, 13, 14];

    public static bool IsUnavailable(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case SqliteException sqlite when SqliteUnavailableCodes.Contains(sqlite.SqliteErrorCode & 0xFF):
                case PostgresException postgres when postgres.SqlState.StartsWith("08", StringComparison.Ordinal)
                    || postgres.SqlState.StartsWith("53", StringComparison.Ordinal)
                    || postgres.SqlState.StartsWith("57P", StringComparison.Ordinal)
                    // Serialization failure, deadlock: the transaction was rolled back and a retry can succeed.
                    || postgres.SqlState.StartsWith("40", StringComparison.Ordinal):
                case NpgsqlException npgsql when npgsql is not PostgresException:
                case IOException:
                case TimeoutException:
                    return true;
            }
        }
        return false;
    }
}
