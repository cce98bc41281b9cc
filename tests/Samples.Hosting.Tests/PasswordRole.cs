using Glyphh.TestSupport;
using Npgsql;

namespace Glyphh.Samples.Hosting.Tests;

/// <summary>
/// A login role on the test PostgreSQL that must give its password (scripts/pg.sh makes members of
/// glyphh_password_auth authenticate with scram-sha-256), owning a fresh database.
/// </summary>
internal sealed record PasswordRole(string Name, string Password, string Database, int Port)
{
    /// <summary>Every character that breaks a URL: / + @ : % # and more.</summary>
    public const string UrlHostilePassword = "p/w+x@y:z%25#q?&= ;'\"\\end";

    public static async Task<PasswordRole> CreateAsync(string password = UrlHostilePassword)
    {
        var suffix = Guid.NewGuid().ToString("N")[..10];
        var role = new PasswordRole("pw_" + suffix, password, "pwdb_" + suffix, new NpgsqlConnectionStringBuilder(PostgresServer.ConnectionString).Port);
        await using var connection = new NpgsqlConnection(PostgresServer.ConnectionString);
        await connection.OpenAsync();
        foreach (var sql in new[]
        {
            $"CREATE ROLE {role.Name} LOGIN IN ROLE glyphh_password_auth",
            // As an operator rotates it; the literal doubles its single quotes.
            $"ALTER ROLE {role.Name} PASSWORD '{password.Replace("'", "''", StringComparison.Ordinal)}'",
            $"CREATE DATABASE {role.Database} OWNER {role.Name}",
        })
        {
            await using var command = new NpgsqlCommand(sql, connection);
            await command.ExecuteNonQueryAsync();
        }
        return role;
    }

    /// <summary>The URL an operator writes: no password in it.</summary>
    public string UrlWithoutPassword => $"postgresql://{Name}@127.0.0.1:{Port}/{Database}";
}
