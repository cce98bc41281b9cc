using System.Diagnostics;
using System.Text.Json;
using Xunit;

namespace Glyphh.TestSupport;

/// <summary>
/// Runs the pinned <c>redocly lint</c> (installed into <c>.tools/redocly</c> by <c>scripts/redocly.sh ensure</c>, which
/// <c>./build.sh test</c> runs) with the repository's <c>redocly.yaml</c> on an OpenAPI document a host served.
/// A missing linter fails the test, never skips it.
/// </summary>
public static class RedoclyLint
{
    /// <summary>Where <c>scripts/redocly.sh</c> installs the linter.</summary>
    public static string ToolPath => Path.Combine(RepositoryRoot.Path, ".tools", "redocly", "node_modules", ".bin", "redocly");

    /// <summary>Lints <paramref name="document"/> (the JSON a host served) and fails listing every error the linter reports.</summary>
    public static async Task AssertNoErrorsAsync(string document, string name)
    {
        ArgumentNullException.ThrowIfNull(document);
        Assert.True(File.Exists(ToolPath),
            $"The OpenAPI linter is missing at {ToolPath}; run 'bash scripts/redocly.sh ensure' (./build.sh test does).");
        using var dir = new TempDirectory();
        var file = Path.Combine(dir.Path, name + ".json");
        await File.WriteAllTextAsync(file, document);

        var start = new ProcessStartInfo(ToolPath) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = dir.Path };
        foreach (var arg in new[] { "lint", file, "--config", Path.Combine(RepositoryRoot.Path, "redocly.yaml"), "--format=json" })
        {
            start.ArgumentList.Add(arg);
        }
        // No usage reports or update checks from a test run.
        start.Environment["REDOCLY_TELEMETRY"] = "off";
        start.Environment["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        var output = await stdout;

        JsonElement report;
        try
        {
            using var json = JsonDocument.Parse(output);
            report = json.RootElement.Clone();
        }
        catch (JsonException)
        {
            throw new Xunit.Sdk.XunitException($"redocly lint exited {process.ExitCode} without a JSON report:\n{output}\n{await stderr}");
        }
        var errors = report.GetProperty("problems").EnumerateArray()
            .Where(p => p.GetProperty("severity").GetString() == "error")
            .Select(p => $"{p.GetProperty("ruleId").GetString()} at {p.GetProperty("location")[0].GetProperty("pointer").GetString()}: {p.GetProperty("message").GetString()}")
            .ToList();
        Assert.True(errors.Count == 0, $"redocly lint reports {errors.Count} error(s) in the {name} document:\n" + string.Join("\n", errors));
        Assert.Equal(0, report.GetProperty("totals").GetProperty("errors").GetInt32());
        Assert.True(process.ExitCode == 0, $"redocly lint exited {process.ExitCode}:\n{await stderr}");
    }
}
