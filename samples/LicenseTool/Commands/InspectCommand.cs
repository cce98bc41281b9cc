using Glyphh.LicenseTool.CommandLine;
using Glyphh.LicenseTool.Licensing;

namespace Glyphh.LicenseTool.Commands;

/// <summary><c>inspect</c>: show the claims without trusting them.</summary>
internal sealed class InspectCommand : ToolCommand
{
    public override string Name => "inspect";

    public override string Summary => "Print a license's claims as JSON, UNVERIFIED (use 'verify' to trust them).";

    public override string Positional => "FILE";

    public override int RequiredPositionals => 1;

    public override int MaxPositionals => 1;

    public override IReadOnlyList<OptionSpec> Options { get; } = [];

    public override Task<int> ExecuteAsync(ParsedArguments args, ToolContext context, CancellationToken cancellationToken)
    {
        var license = FileSecurity.ReadText(args.Positionals[0], "license");
        var json = LicenseChecks.ReadClaimsUnverified(license);
        context.Error.WriteLine("UNVERIFIED: these claims have not been checked against any root; run 'glyphh-license verify' to trust them.");
        context.Out.WriteLine(json);
        return Task.FromResult(LicenseToolApp.Success);
    }
}
