using Glyphh.LicenseTool.CommandLine;
using Glyphh.LicenseTool.Licensing;

namespace Glyphh.LicenseTool.Commands;

/// <summary><c>ca rotate</c>: a new signing certificate under the same root.</summary>
internal sealed class CaRotateCommand : ToolCommand
{
    public override string Name => "ca rotate";

    public override string Summary => "Issue a new signing certificate under the same root (the old one is kept as signing-<date>.crt/.key).";

    public override IReadOnlyList<OptionSpec> Options { get; } =
    [
        new("ca", "DIR", "The CA folder made by 'ca create'.", Required: true),
    ];

    public override string Epilog =>
        "Licenses signed by the previous certificate stay valid while it is; products need no change because they pin the root.";

    public override Task<int> ExecuteAsync(ParsedArguments args, ToolContext context, CancellationToken cancellationToken)
    {
        var result = CaFolder.Rotate(args.Required("ca"), context.Time);
        context.Out.WriteLine($"New signing certificate {result.Thumbprint} valid until {result.NotAfter:yyyy-MM-dd}; previous one kept as {result.ArchivedAs}.");
        return Task.FromResult(LicenseToolApp.Success);
    }
}
