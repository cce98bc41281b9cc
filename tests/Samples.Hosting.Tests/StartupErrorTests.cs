using System.Security.Cryptography;
using System.Text;
using Glyphh.TestSupport;
using Npgsql;

namespace Glyphh.Samples.Hosting.Tests;

/// <summary>
/// Every documented misconfiguration stops the built host with exit 1 and one line on stderr naming the setting, never
/// a stack trace: the license server and the tool here (the runtime's own cases are in Runtime.Tests), plus the
/// runtime's database-password settings that this library adds.
/// </summary>
public sealed class StartupErrorTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("glyphh-startup-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private const string Server = "glyphh-license-server: ";
    private const string Runtime = "glyphh-runtime: ";

    /// <summary>A license server configuration that starts: production, a CA from the tool, one admin key.</summary>
    private async Task<Dictionary<string, string>> ServerBaselineAsync()
    {
        var ca = Path.Combine(_dir, "ca");
        var created = await HostProcess.RunAsync(HostProcess.LicenseTool, new Dictionary<string, string>(), "ca", "create", "--out", ca);
        Assert.True(created.Exit == 0, created.Error);
        return new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["GLYPHH_DATA_DIR"] = Path.Combine(_dir, "data"),
            ["LICENSE_SIGNING_DIR"] = ca,
            ["ADMIN_API_KEY_HASHES"] = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("admin-key-0123456789"))),
        };
    }

    [Theory]
    [InlineData("LICENSE_SIGNING_DIR", null, "LICENSE_SIGNING_DIR")]
    [InlineData("LICENSE_SIGNING_DIR", "/no/such/folder", "LICENSE_SIGNING_DIR")]
    [InlineData("LICENSE_SIGNING_CERT", "/no/such.crt", "LICENSE_SIGNING_KEY")]
    [InlineData("ADMIN_API_KEY_HASHES", "", "ADMIN_API_KEY_HASHES")]
    [InlineData("ADMIN_API_KEY_HASHES", "not-a-hash", "ADMIN_API_KEY_HASHES")]
    [InlineData("ACTIVATION_STALE_AFTER", "soon", "ACTIVATION_STALE_AFTER")]
    [InlineData("MAX_REVALIDATION_INTERVAL", "-00:05:00", "MAX_REVALIDATION_INTERVAL")]
    [InlineData("VALIDATE_RATE_LIMIT", "-1", "VALIDATE_RATE_LIMIT")]
    [InlineData("DATABASE_URL", "postgresql://u:s3cr3t@127.0.0.1:1", "DATABASE_URL: names no database")]
    [InlineData("DATABASE_URL", "postgresql://u:s3cr3t@127.0.0.1:1/db?sslmode=sometimes", "sslmode 'sometimes'")]
    [InlineData("DATABASE_URL", "postgresql://u:s3cr3t@127.0.0.1:1/db?nonsense=1", "'nonsense'")]
    [InlineData("DATABASE_URL", "postgresql://u:s3cr3t@127.0.0.1:1/db?connect_timeout=2", "cannot use the database from DATABASE_URL")]
    [InlineData("DATABASE_PASSWORD_FILE", "/no/such/secret", "DATABASE_PASSWORD_FILE")]
    [InlineData("DATABASE_PASSWORD", "s3cr3t", "DATABASE_PASSWORD: is set but DATABASE_URL is not")]
    public async Task LicenseServer_BadSetting_OneLineExit1(string setting, string? value, string named)
    {
        var environment = await ServerBaselineAsync();
        if (value is null)
        {
            environment.Remove(setting);
        }
        else
        {
            environment[setting] = value;
        }
        if (setting == "DATABASE_PASSWORD_FILE")
        {
            environment["DATABASE_URL"] = "postgresql://u@127.0.0.1:1/db";
        }
        var line = HostProcess.AssertOneLineExit1(await HostProcess.RunAsync(HostProcess.LicenseServer, environment), Server, named);
        Assert.DoesNotContain("s3cr3t", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("empty-dir", "LICENSE_SIGNING_DIR: '")]
    [InlineData("broken-key", "LICENSE_SIGNING_DIR: the signing certificate '")]
    [InlineData("missing-files", "LICENSE_SIGNING_CERT: the signing certificate file '/no/a.crt' does not exist")]
    public async Task LicenseServer_BadSigningMaterial_OneLineExit1(string fault, string named)
    {
        var environment = await ServerBaselineAsync();
        switch (fault)
        {
            case "empty-dir":
                environment["LICENSE_SIGNING_DIR"] = Directory.CreateDirectory(Path.Combine(_dir, "empty-ca")).FullName;
                break;
            case "broken-key":
                await File.WriteAllTextAsync(Path.Combine(environment["LICENSE_SIGNING_DIR"], "signing.key"), "not a key\n");
                break;
            default:
                environment.Remove("LICENSE_SIGNING_DIR");
                environment["LICENSE_SIGNING_CERT"] = "/no/a.crt";
                environment["LICENSE_SIGNING_KEY"] = "/no/a.key";
                break;
        }
        HostProcess.AssertOneLineExit1(await HostProcess.RunAsync(HostProcess.LicenseServer, environment), Server, named);
    }

    [Fact]
    public async Task LicenseServer_DatabaseNewerThanServer_OneLineExit1()
    {
        // What a rollback without restoring the backup leaves: a schema from a newer server.
        var database = await PostgresServer.CreateDatabaseAsync("future");
        await using (var connection = new NpgsqlConnection(database))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(
                "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL); " +
                "INSERT INTO schema_migrations VALUES (999, 'future', 0)", connection);
            await command.ExecuteNonQueryAsync();
        }
        var environment = await ServerBaselineAsync();
        environment["DATABASE_URL"] = database;
        HostProcess.AssertOneLineExit1(await HostProcess.RunAsync(HostProcess.LicenseServer, environment), Server,
            "configuration error: DATABASE_URL: the database schema is at version 999");
    }

    [Fact]
    public async Task LicenseServer_WrongDatabasePassword_OneLineFromTheServer()
    {
        var role = await PasswordRole.CreateAsync();
        var environment = await ServerBaselineAsync();
        environment["DATABASE_URL"] = role.UrlWithoutPassword;
        environment["DATABASE_PASSWORD"] = "wrong-password";
        HostProcess.AssertOneLineExit1(await HostProcess.RunAsync(HostProcess.LicenseServer, environment), Server, "password authentication failed");
    }

    [Theory]
    [InlineData("DATABASE_PASSWORD", "s3cr3t", "DATABASE_PASSWORD: is set but DATABASE_URL is not")]
    [InlineData("DATABASE_USER", "someone", "DATABASE_USER: is set but DATABASE_URL is not")]
    [InlineData("DATABASE_URL", "postgresql://u:s3cr3t@127.0.0.1:1/db?target_session_attrs=master", "target_session_attrs")]
    public async Task Runtime_BadDatabaseSetting_OneLineExit1(string setting, string value, string named)
    {
        var environment = new Dictionary<string, string> { ["GLYPHH_DATA_DIR"] = Path.Combine(_dir, "rt"), ["DEPLOYMENT_MODE"] = "local", [setting] = value };
        var line = HostProcess.AssertOneLineExit1(await HostProcess.RunAsync(HostProcess.Runtime, environment), Runtime, named);
        Assert.DoesNotContain("s3cr3t", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Runtime_PasswordFileMissing_OneLineExit1()
    {
        var environment = new Dictionary<string, string>
        {
            ["GLYPHH_DATA_DIR"] = Path.Combine(_dir, "rt"),
            ["DATABASE_URL"] = "postgresql://u@127.0.0.1:1/db",
            ["DATABASE_PASSWORD_FILE"] = "/run/secrets/absent",
        };
        HostProcess.AssertOneLineExit1(await HostProcess.RunAsync(HostProcess.Runtime, environment), Runtime, "DATABASE_PASSWORD_FILE: cannot read '/run/secrets/absent'");
    }

    [Fact]
    public async Task Tool_BrokenCa_OneLineExit1()
    {
        var ca = Path.Combine(_dir, "ca");
        Assert.Equal(0, (await HostProcess.RunAsync(HostProcess.LicenseTool, new Dictionary<string, string>(), "ca", "create", "--out", ca)).Exit);
        await File.WriteAllTextAsync(Path.Combine(ca, "signing.key"), "not a key\n");
        var run = await HostProcess.RunAsync(HostProcess.LicenseTool, new Dictionary<string, string>(),
            "issue", "--ca", ca, "--customer", "Acme", "--mode", "self-hosted", "--expires", "2099-01-01", "--out", Path.Combine(_dir, "x.lic"));
        HostProcess.AssertOneLineExit1(run, "glyphh-license issue: ", "signing");
    }

    [Fact]
    public async Task Tool_MissingCa_OneLineExit1()
    {
        var run = await HostProcess.RunAsync(HostProcess.LicenseTool, new Dictionary<string, string>(),
            "issue", "--ca", Path.Combine(_dir, "absent"), "--customer", "Acme", "--mode", "self-hosted", "--expires", "2099-01-01", "--out", Path.Combine(_dir, "x.lic"));
        HostProcess.AssertOneLineExit1(run, "glyphh-license issue: ", "absent");
    }
}
