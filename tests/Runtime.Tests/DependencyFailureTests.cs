using Glyphh.Runtime.Hosting;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Glyphh.Runtime.Tests;

/// <summary>Which failures answer 503 (retry later) rather than 500 (a bug).</summary>
public sealed class DependencyFailureTests
{
    [Theory]
    [InlineData("40P01")] // deadlock detected: the transaction was rolled back
    [InlineData("40001")] // serialization failure
    [InlineData("57P03")] // the database is starting up
    [InlineData("08006")] // connection failure
    [InlineData("53300")] // too many connections
    public void PostgreSql_TransientStates_AreUnavailable(string sqlState) =>
        Assert.True(DependencyFailure.IsUnavailable(new InvalidOperationException("wrapped", new PostgresException("failed", "ERROR", "ERROR", sqlState))));

    [Theory]
    [InlineData("23505")] // unique violation: a bug or a conflict, not an outage
    [InlineData("42P01")] // undefined table
    [InlineData("22P02")] // invalid text representation
    public void PostgreSql_OtherStates_AreNot(string sqlState) =>
        Assert.False(DependencyFailure.IsUnavailable(new PostgresException("failed", "ERROR", "ERROR", sqlState)));

    [Fact]
    public void Sqlite_Busy_IsUnavailable_ButAConstraintIsNot()
    {
        Assert.True(DependencyFailure.IsUnavailable(new SqliteException("busy", 5)));
        Assert.False(DependencyFailure.IsUnavailable(new SqliteException("constraint", 19)));
    }
}
