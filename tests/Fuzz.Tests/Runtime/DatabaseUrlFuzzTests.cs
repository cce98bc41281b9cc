using System.Diagnostics;
using System.Reflection;
using Glyphh.Fuzz.Tests.Support;
using Glyphh.TestSupport;

namespace Glyphh.Fuzz.Tests.Runtime;

/// <summary>
/// Hostile <c>DATABASE_URL</c> values: the built runtime, started as an operator would, exits 1 with one readable line
/// naming the setting (never a stack trace, never the password); thousands more go through the same parser in process.
/// </summary>
public sealed class DatabaseUrlFuzzTests
{
    private const string Password = "s3cr3t-pw";

    private static readonly string[] Hostile =
    [
        $"postgresql://u:{Password}@127.0.0.1:1/db?sslmode=bogus",
        $"postgresql://u:{Password}@127.0.0.1:notaport/db",
        $"postgresql://u:{Password}@/db",
        $"postgresql://u:{Password}@127.0.0.1:1/",
        $"postgresql://u:{Password}@127.0.0.1:1/a/b",
        $"mysql://u:{Password}@127.0.0.1/db",
        $"Host=;Password={Password}",
        $"Password={Password};Bogus Key=1",
        $"postgresql://u:{Password}@127.0.0.1:1/db?connect_timeout=abc",
        $"postgresql://u:{Password}@127.0.0.1:1/db?connect_timeout=99999999999",
        $"postgresql://u:{Password}@127.0.0.1:1/db?no_such_option=1",
        "postgresql://[::1:1/db",
        "postgresql://u:%ZZ@127.0.0.1:1/db%",
        $"postgresql://u:{Password}@127.0.0.1:1/db",
        "postgresql://" + new string('a', 20_000) + "/db",
        "\u202e\ud83d\ude00://x",
        // Found by the mutation loop below: the connection-string parser threw KeyNotFoundException.
        "sAAAA===='D\u69ce\u16a2Vh^\ua7da}\u33a59223372036854775808\"{\u202e\u130a,=",
    ];

    [Fact]
    public async Task Start_HostileDatabaseUrl_ExitsWithOneConfigurationLine()
    {
        var dll = RuntimeBinary();
        using var dir = new TempDirectory();
        using var gate = new SemaphoreSlim(2);
        var runs = Hostile.Select(async url =>
        {
            await gate.WaitAsync();
            try
            {
                return (url, await StartAsync(dll, dir.Path, url));
            }
            finally
            {
                gate.Release();
            }
        });
        foreach (var (url, (exit, stderr)) in await Task.WhenAll(runs))
        {
            var where = $"DATABASE_URL '{(url.Length > 60 ? url[..60] : url)}'";
            Assert.True(exit == 1, $"{where}: exit {exit}, stderr: {stderr}");
            var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            Assert.True(lines.Length == 1, $"{where}: {lines.Length} lines on stderr: {stderr}");
            Assert.StartsWith("glyphh-runtime: ", lines[0], StringComparison.Ordinal);
            Assert.Contains("DATABASE_URL", lines[0], StringComparison.Ordinal);
            Assert.DoesNotContain(Password, lines[0], StringComparison.Ordinal);
            Assert.DoesNotContain("Unhandled", lines[0], StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Parse_MutatedUrls_ConnectionStringOrConfigurationError()
    {
        // The parser lives in the samples' shared hosting library; the start-up test above covers the public path, this covers breadth.
        var parse = Type.GetType("Glyphh.Samples.Hosting.DatabaseUrl, Glyphh.Samples.Hosting", throwOnError: true)!
            .GetMethod("ToConnectionString", BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)!;
        var mutator = new Mutator(9501);
        string[] seeds =
        [
            "postgresql://user:p%40ss@db.example.com:5432/glyphh?sslmode=require&application_name=rt&connect_timeout=5",
            "postgres://u@[::1]:6543/db",
            "Host=db;Port=5432;Database=glyphh;Username=u;Password=p;SSL Mode=Require",
        ];
        var errors = 0;
        for (var i = 0; i < 4000; i++)
        {
            var input = i % 10 == 0 ? mutator.RandomText(100) : mutator.Mutate(seeds[i % seeds.Length]);
            try
            {
                var connectionString = (string)parse.Invoke(null, [input])!;
                Assert.False(string.IsNullOrEmpty(connectionString));
                _ = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
            }
            catch (TargetInvocationException ex) when (ex.InnerException is { } inner)
            {
                Assert.True(inner.GetType().Name == "StartupConfigurationException", $"seed {mutator.Seed} #{i} '{input}': {inner.GetType().Name}: {inner.Message}");
                Assert.StartsWith("DATABASE_URL: ", inner.Message, StringComparison.Ordinal);
                errors++;
            }
        }
        Assert.True(errors > 100, "almost no mutation was refused: the mutator does nothing");
    }

    private static string RuntimeBinary()
    {
        foreach (var candidate in new[]
        {
            Path.Combine(AppContext.BaseDirectory, "Glyphh.Runtime.dll"),
            Path.Combine(RepositoryRoot.Path, "samples/Runtime/bin/Release/net10.0/Glyphh.Runtime.dll"),
        })
        {
            if (File.Exists(candidate) && File.Exists(Path.ChangeExtension(candidate, ".runtimeconfig.json")))
            {
                return candidate;
            }
        }
        throw new FileNotFoundException("The built runtime (Glyphh.Runtime.dll with its runtimeconfig) was not found.");
    }

    private static async Task<(int Exit, string Stderr)> StartAsync(string dll, string dataDir, string databaseUrl)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        info.ArgumentList.Add(dll);
        info.Environment["DATABASE_URL"] = databaseUrl;
        info.Environment["GLYPHH_DATA_DIR"] = dataDir;
        info.Environment["DEPLOYMENT_MODE"] = "local";
        info.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            return (-1, "did not exit within 90 s: " + await stderr);
        }
        return (process.ExitCode, await stderr);
    }
}
