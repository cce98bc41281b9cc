using System.Diagnostics;
using Npgsql;

namespace Glyphh.TestSupport;

/// <summary>
/// The real PostgreSQL server that <c>./build.sh test</c> starts on loopback and exports as
/// <c>GLYPHH_TEST_POSTGRES</c>. Tests that need PostgreSQL fail, never skip, when it is absent.
/// </summary>
public static class PostgresServer
{
    /// <summary>The environment variable holding the test server's connection string.</summary>
    public const string EnvironmentVariable = "GLYPHH_TEST_POSTGRES";

    /// <summary>Connection string of the shared test server (database <c>postgres</c>).</summary>
    public static string ConnectionString =>
        Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"This test needs PostgreSQL, and {EnvironmentVariable} is not set. Run the tests with './build.sh test', " +
                "which starts a throwaway server on loopback, or set it to a connection string of a server you own.");

    /// <summary>Creates a new empty database on the shared server and returns its connection string.</summary>
    public static async Task<string> CreateDatabaseAsync(string prefix = "t")
    {
        var name = $"{prefix}_{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 33, 63)].ToLowerInvariant();
        await using (var connection = new NpgsqlConnection(ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync();
        }
        return new NpgsqlConnectionStringBuilder(ConnectionString) { Database = name }.ConnectionString;
    }

    /// <summary>
    /// Starts a private throwaway cluster through the repository's <c>scripts/pg.sh</c>, for tests that stop
    /// and restart the server. Dispose it to stop it and delete its files.
    /// </summary>
    public static async Task<PostgresCluster> StartPrivateClusterAsync()
    {
        var directory = Path.Combine(Path.GetTempPath(), "glyphh-pg-" + Guid.NewGuid().ToString("N")[..12]);
        var cluster = new PostgresCluster(directory);
        var output = await cluster.RunScriptAsync("start");
        cluster.ConnectionString = output.Trim().Split('\n')[^1];
        return cluster;
    }
}

/// <summary>A private PostgreSQL cluster started by <c>scripts/pg.sh</c>.</summary>
public sealed class PostgresCluster : IAsyncDisposable
{
    internal PostgresCluster(string directory) => Directory = directory;

    /// <summary>The cluster's folder.</summary>
    public string Directory { get; }

    /// <summary>Connection string to its <c>postgres</c> database.</summary>
    public string ConnectionString { get; internal set; } = "";

    /// <summary>Stops the server, keeping its data (fast shutdown).</summary>
    public Task StopAsync() => RunScriptAsync("stop");

    /// <summary>Starts the stopped server again on the same port.</summary>
    public Task RestartAsync() => RunScriptAsync("restart");

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await RunScriptAsync("destroy");

    internal async Task<string> RunScriptAsync(string verb)
    {
        var script = Path.Combine(RepositoryRoot.Path, "scripts", "pg.sh");
        var start = new ProcessStartInfo("bash", [script, verb, Directory])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"scripts/pg.sh {verb} failed ({process.ExitCode}): {await stderr}");
        }
        return await stdout;
    }
}
