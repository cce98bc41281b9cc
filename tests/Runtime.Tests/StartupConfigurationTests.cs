using Glyphh.TestSupport;
using System.Diagnostics;
using Glyphh.Runtime.Configuration;
using Glyphh.Runtime.Tests.Support;
using Npgsql;

namespace Glyphh.Runtime.Tests;

/// <summary>A wrong setting stops the real process with exit code 1 and one line naming it, never a stack trace.</summary>
public sealed class StartupConfigurationTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("DEPLOYMENT_MODE=staging", "DEPLOYMENT_MODE")]
    [InlineData("DATABASE_URL=postgresql://user@:5432", "DATABASE_URL")]
    [InlineData("DATABASE_URL=mysql://u:p@h/db", "DATABASE_URL")]
    [InlineData("DATABASE_URL=Host=;Nonsense=1", "DATABASE_URL")]
    [InlineData("PORT=99999", "PORT")]
    [InlineData("AUTH_MODE=magic", "AUTH_MODE")]
    [InlineData("CORS_ORIGINS=not a url", "CORS_ORIGINS")]
    [InlineData("GLYPHH_CONFIG_FILE=/nonexistent/glyphh.json", "GLYPHH_CONFIG_FILE")]
    [InlineData("DEPLOYMENT_MODE=self-hosted|JWT_SECRET_KEY=0123456789abcdef0123456789abcdef", "LICENSE_KEY")]
    [InlineData("DEPLOYMENT_MODE=cloud|JWT_SECRET_KEY=too-short", "JWT_SECRET_KEY")]
    [InlineData("DEPLOYMENT_MODE=cloud", "JWT_SECRET_KEY")]
    [InlineData("DEPLOYMENT_MODE=cloud|AUTH_MODE=none", "AUTH_MODE")]
    public async Task BadSetting_ExitsNonZeroWithOneLineNamingIt(string variables, string named)
    {
        var (exitCode, stderr, stdout) = await RunAsync(variables.Split('|'));
        Assert.NotEqual(0, exitCode);
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, $"expected one line, got:\n{stderr}\nstdout:\n{stdout}");
        Assert.StartsWith("glyphh-runtime: ", lines[0], StringComparison.Ordinal);
        Assert.Contains(named, lines[0], StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr + stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NewerSchema_RefusesToStartSayingSo()
    {
        var url = await Glyphh.TestSupport.PostgresServer.CreateDatabaseAsync("rt");
        await using (var connection = new NpgsqlConnection(url))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("""
                CREATE TABLE glyphh_schema_migrations (version INTEGER NOT NULL PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL);
                INSERT INTO glyphh_schema_migrations VALUES (99, 'from the future', 0);
                """, connection);
            await command.ExecuteNonQueryAsync();
        }
        var (exitCode, stderr, _) = await RunAsync([$"DATABASE_URL={url}"]);
        Assert.Equal(1, exitCode);
        Assert.Contains("schema version 99, newer than this runtime knows", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConfigFile_SettingsApply_EnvironmentStillWins()
    {
        var file = Path.Combine(_dir.Path, "glyphh.json");
        await File.WriteAllTextAsync(file, """{"Glyphh":{"Runtime":{"MaxVectorDimensions":"4"}},"DEPLOYMENT_MODE":"cloud"}""");
        var settings = new Dictionary<string, string?>
        {
            ["GLYPHH_CONFIG_FILE"] = file,
            ["GLYPHH_DATA_DIR"] = Path.Combine(_dir.Path, "data"),
            ["DEPLOYMENT_MODE"] = "local",
        };
        await using var runtime = await RuntimeInstance.StartAsync(settings);
        Assert.Equal(Glyphh.Licensing.DeploymentMode.Local, runtime.Services.GetService(typeof(RuntimeSettings)) is RuntimeSettings s ? s.Mode : default);
        await runtime.Client.PostJsonAsync("/models", """{"name":"m1"}""");
        await (await runtime.Client.PutJsonAsync("/models/m1/glyphs/a", """{"vector":[1,2,3,4,5]}""")).AssertProblemAsync(400, "validation");
    }

    private async Task<(int ExitCode, string Stderr, string Stdout)> RunAsync(string[] variables)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "Glyphh.Runtime.dll");
        var start = new ProcessStartInfo("dotnet", [dll])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            WorkingDirectory = _dir.Path,
        };
        start.Environment["GLYPHH_DATA_DIR"] = Path.Combine(_dir.Path, "data");
        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        foreach (var variable in variables)
        {
            var eq = variable.IndexOf('=', StringComparison.Ordinal);
            start.Environment[variable[..eq]] = variable[(eq + 1)..];
        }
        if (!variables.Any(v => v.StartsWith("PORT=", StringComparison.Ordinal)))
        {
            start.Environment.Remove("PORT");
        }
        else
        {
            start.Environment.Remove("ASPNETCORE_URLS");
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException("The runtime did not stop on a bad setting: " + await stdout);
        }
        return (process.ExitCode, await stderr, await stdout);
    }
}
