using Microsoft.Extensions.Configuration;
using Npgsql;

namespace Glyphh.Samples.Hosting.Tests;

/// <summary>The parsed settings against a real PostgreSQL that checks passwords: what the hosts will connect with.</summary>
public sealed class PostgreSqlPasswordTests
{
    private static async Task<string> WhoAmIAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT current_user || '@' || current_database()", connection);
        return (string)(await command.ExecuteScalarAsync())!;
    }

    private static IConfiguration Config(string key, string value) =>
        new ConfigurationBuilder().AddInMemoryCollection([new(key, value)]).Build();

    [Fact]
    public async Task DatabasePassword_UrlHostileCharacters_Authenticates()
    {
        var role = await PasswordRole.CreateAsync();
        var cs = DatabaseSettings.ConnectionString(role.UrlWithoutPassword, Config("DATABASE_PASSWORD", role.Password))!;
        Assert.Equal($"{role.Name}@{role.Database}", await WhoAmIAsync(cs));
    }

    [Fact]
    public async Task PercentEncodedPasswordInUrl_Authenticates()
    {
        var role = await PasswordRole.CreateAsync();
        var url = $"postgresql://{role.Name}:{Uri.EscapeDataString(role.Password)}@127.0.0.1:{role.Port}/{role.Database}?application_name=pw-test";
        Assert.Equal($"{role.Name}@{role.Database}", await WhoAmIAsync(DatabaseUrl.ToConnectionString(url)));
    }

    [Fact]
    public async Task WrongPassword_RefusedByTheServer_SoTheCheckIsReal()
    {
        var role = await PasswordRole.CreateAsync();
        var cs = DatabaseSettings.ConnectionString(role.UrlWithoutPassword, Config("DATABASE_PASSWORD", role.Password + "x"))!;
        var e = await Assert.ThrowsAsync<PostgresException>(() => WhoAmIAsync(cs));
        Assert.Equal("28P01", e.SqlState);
    }

    [Fact]
    public async Task MultipleHosts_FirstDown_ConnectsToTheNext()
    {
        var role = await PasswordRole.CreateAsync();
        // Port 1 on loopback refuses at once; libpq and Npgsql then try the next host.
        var url = $"postgresql://{role.Name}@127.0.0.1:1,127.0.0.1:{role.Port}/{role.Database}?target_session_attrs=any&connect_timeout=10";
        var cs = DatabaseSettings.ConnectionString(url, Config("DATABASE_PASSWORD", role.Password))!;
        Assert.Equal($"{role.Name}@{role.Database}", await WhoAmIAsync(cs));
    }
}
