using Glyphh.Licensing;
using Glyphh.TestSupport;
using Npgsql;

namespace Glyphh.LicenseServer.Tests.Http;

/// <summary>The same server on PostgreSQL, configured by a <c>postgresql://</c> DATABASE_URL.</summary>
public sealed class PostgreSqlServerTests
{
    [Fact]
    public async Task Server_OnPostgreSql_CreatesValidatesAndEnforcesSeats()
    {
        var cs = new NpgsqlConnectionStringBuilder(await PostgresServer.CreateDatabaseAsync("lsrv"));
        var url = $"postgresql://{Uri.EscapeDataString(cs.Username!)}{(cs.Password is { } p ? ":" + Uri.EscapeDataString(p) : "")}@{cs.Host}:{cs.Port}/{cs.Database}";
        using var server = new ServerFactory(new() { ["DATABASE_URL"] = url });

        var (_, key, _) = await server.CreateLicenseAsync(maxMachines: 1);
        Assert.Equal(LicenseReceiptStatus.Valid, (await server.ValidateAsync(key, machine: 1)).Status);
        Assert.Equal(LicenseReceiptStatus.TooManyMachines, (await server.ValidateAsync(key, machine: 2)).Status);
        Assert.False(File.Exists(Path.Combine(server.DataDirectory, "licenses.db")));

        await using var connection = new NpgsqlConnection(cs.ConnectionString);
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT COUNT(*) FROM audit", connection);
        Assert.Equal(1L, await count.ExecuteScalarAsync());
    }
}
