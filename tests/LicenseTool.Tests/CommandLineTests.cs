namespace Glyphh.LicenseTool.Tests;

public sealed class CommandLineTests
{
    [Fact]
    public async Task Run_NoArguments_ExitsTwoWithOneLine()
    {
        var run = await ToolRun.RunAsync();
        Assert.Equal(2, run.ExitCode);
        run.AssertOneErrorLine();
        Assert.Contains("missing command", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_UnknownCommand_ExitsTwoNamingIt()
    {
        var run = await ToolRun.RunAsync("frobnicate");
        Assert.Equal(2, run.ExitCode);
        run.AssertOneErrorLine();
        Assert.Contains("unknown command 'frobnicate'", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_CaWithoutSubcommand_ExitsTwo()
    {
        var run = await ToolRun.RunAsync("ca");
        Assert.Equal(2, run.ExitCode);
        run.AssertOneErrorLine();
        Assert.Contains("'create' or 'rotate'", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_Help_ListsEveryCommand()
    {
        var run = await ToolRun.RunAsync("--help");
        Assert.Equal(0, run.ExitCode);
        foreach (var verb in new[] { "ca create", "ca rotate", "issue", "verify", "inspect", "fingerprint" })
        {
            Assert.Contains(verb, run.Out, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("ca", "create")]
    [InlineData("ca", "rotate")]
    [InlineData("issue")]
    [InlineData("verify")]
    [InlineData("inspect")]
    [InlineData("fingerprint")]
    public async Task Run_HelpOnEveryVerb_PrintsUsageAndExitsZero(params string[] verb)
    {
        var run = await ToolRun.RunAsync([.. verb, "--help"]);
        Assert.Equal(0, run.ExitCode);
        Assert.Contains($"Usage: glyphh-license {string.Join(' ', verb)}", run.Out, StringComparison.Ordinal);
        Assert.Equal("", run.Error);
    }

    [Fact]
    public async Task Issue_MissingRequiredOption_ExitsTwoNamingIt()
    {
        var run = await ToolRun.RunAsync("issue", "--ca", "x", "--mode", "cloud", "--expires", "2030-01-01", "--out", "f");
        Assert.Equal(2, run.ExitCode);
        run.AssertOneErrorLine();
        Assert.Contains("missing --customer", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Issue_UnknownOption_ExitsTwoNamingIt()
    {
        var run = await ToolRun.RunAsync("issue", "--colour", "blue");
        Assert.Equal(2, run.ExitCode);
        run.AssertOneErrorLine();
        Assert.Contains("unknown option '--colour'", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Issue_OptionWithoutValue_ExitsTwo()
    {
        var run = await ToolRun.RunAsync("issue", "--ca");
        Assert.Equal(2, run.ExitCode);
        run.AssertOneErrorLine();
        Assert.Contains("--ca needs a value", run.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--expires", "31/12/2030", "is not a date")]
    [InlineData("--mode", "onprem", "must be one of self-hosted, cloud, local")]
    [InlineData("--limit", "models", "must be NAME=NUMBER")]
    [InlineData("--limit", "models=-1", "whole number")]
    [InlineData("--limit", "models=ten", "whole number")]
    [InlineData("--limit", "Projects=3", "name 'Projects' may use only a-z, 0-9")]
    [InlineData("--limit", "pro jects=3", "may use only a-z, 0-9")]
    [InlineData("--limit", "projects=99999999999999999999", "whole number")]
    [InlineData("--feature", "tier:", "must be NAME or NAME:VALUE")]
    [InlineData("--feature", "Tier:pro", "must be NAME or NAME:VALUE")]
    [InlineData("--expires", "2001-01-01", "in the past")]
    public async Task Issue_BadValue_ExitsTwoWithReason(string option, string value, string reason)
    {
        string[] args = ["issue", "--ca", "ca", "--customer", "Acme", "--mode", "cloud", "--expires", "2030-01-01", "--out", "x.lic"];
        var i = Array.IndexOf(args, option);
        args = i >= 0 ? [.. args[..(i + 1)], value, .. args[(i + 2)..]] : [.. args, option, value];
        var run = await ToolRun.RunAsync(args);
        Assert.Equal(2, run.ExitCode);
        run.AssertOneErrorLine();
        Assert.Contains(reason, run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Issue_NonRepeatableOptionTwice_ExitsTwo()
    {
        var run = await ToolRun.RunAsync("issue", "--customer", "a", "--customer", "b");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--customer may be given only once", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_MissingFile_ExitsTwo()
    {
        var run = await ToolRun.RunAsync("verify", "--root", "root.crt");
        Assert.Equal(2, run.ExitCode);
        run.AssertOneErrorLine();
        Assert.Contains("missing FILE", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_TwoFiles_ExitsTwo()
    {
        var run = await ToolRun.RunAsync("verify", "a.lic", "b.lic", "--root", "root.crt");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("unexpected extra argument 'b.lic'", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_LicenseFileDoesNotExist_ExitsOneWithOneLine()
    {
        var run = await ToolRun.RunAsync("verify", Path.Combine(Path.GetTempPath(), "no-such-" + Guid.NewGuid()), "--root", "root.crt");
        Assert.Equal(1, run.ExitCode);
        run.AssertOneErrorLine();
        Assert.Contains("does not exist", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fingerprint_PositionalArgument_ExitsTwo()
    {
        var run = await ToolRun.RunAsync("fingerprint", "extra");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("unexpected argument 'extra'", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CaCreate_BadAlgorithm_ExitsTwo()
    {
        var run = await ToolRun.RunAsync("ca", "create", "--out", "x", "--algorithm", "dsa");
        Assert.Equal(2, run.ExitCode);
        run.AssertOneErrorLine();
        Assert.Contains("ecdsa-p256, rsa-3072", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Version_PrintsVersion()
    {
        var run = await ToolRun.RunAsync("--version");
        Assert.Equal(0, run.ExitCode);
        Assert.Matches(@"^\d+\.\d+\.\d+", run.Out);
    }
}
