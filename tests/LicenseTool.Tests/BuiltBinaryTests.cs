using Glyphh.TestSupport;

namespace Glyphh.LicenseTool.Tests;

/// <summary>The real built <c>glyphh-license</c> in its own process: exit codes, stdout and stderr as a shell sees them.</summary>
public sealed class BuiltBinaryTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static Task<ToolRun> RunProcessAsync(params string[] args) => ToolRun.RunBuiltAsync(args);

    [Fact]
    public async Task Binary_CreateIssueVerifyTamper_ExitCodesAndOneLineErrors()
    {
        var ca = _dir.File("ca");
        var license = _dir.File("acme.lic");
        Assert.Equal(0, (await RunProcessAsync("ca", "create", "--out", ca)).ExitCode);
        var issued = await RunProcessAsync("issue", "--ca", ca, "--customer", "Acme", "--mode", "self-hosted",
            "--expires", DateTime.UtcNow.AddYears(1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), "--out", license);
        Assert.True(issued.ExitCode == 0, issued.Error);

        var valid = await RunProcessAsync("verify", license, "--root", Path.Combine(ca, "root.crt"));
        Assert.Equal(0, valid.ExitCode);
        Assert.StartsWith("valid: license", valid.Out, StringComparison.Ordinal);

        var other = _dir.File("other");
        Assert.Equal(0, (await RunProcessAsync("ca", "create", "--out", other)).ExitCode);
        var untrusted = await RunProcessAsync("verify", license, "--root", Path.Combine(other, "root.crt"));
        Assert.Equal(1, untrusted.ExitCode);
        untrusted.AssertOneErrorLine();
        Assert.StartsWith("invalid: untrusted signer", untrusted.Error, StringComparison.Ordinal);

        var usage = await RunProcessAsync("verify", license);
        Assert.Equal(2, usage.ExitCode);
        usage.AssertOneErrorLine();
        Assert.Contains("missing --root", usage.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Binary_Help_ExitsZero()
    {
        var run = await RunProcessAsync("issue", "--help");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("--expires DATE", run.Out, StringComparison.Ordinal);
    }
}
