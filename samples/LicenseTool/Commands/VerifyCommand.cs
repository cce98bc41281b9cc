using Glyphh.LicenseTool.CommandLine;
using Glyphh.LicenseTool.Licensing;

namespace Glyphh.LicenseTool.Commands;

/// <summary><c>verify</c>: check a license file exactly as a product would, offline.</summary>
internal sealed class VerifyCommand : ToolCommand
{
    public override string Name => "verify";

    public override string Summary => "Verify a license file against a pinned root (signature, chain, dates, product, mode, machine).";

    public override string Positional => "FILE";

    public override int RequiredPositionals => 1;

    public override int MaxPositionals => 1;

    public override IReadOnlyList<OptionSpec> Options { get; } =
    [
        new("root", "FILE", "PEM file of the root certificate(s) to trust.", Required: true),
        new("product", "PRODUCT", "Require this product. Default: any."),
        new("mode", "MODE", "Require this deployment mode (self-hosted, cloud, local)."),
        new("machine", "FINGERPRINT", "Require the license to be valid on this machine fingerprint."),
    ];

    public override string Epilog => "Exit codes: 0 valid (one-line summary on stdout), 1 invalid (one line with the reason on stderr), 2 usage error.";

    public override Task<int> ExecuteAsync(ParsedArguments args, ToolContext context, CancellationToken cancellationToken)
    {
        var mode = args.Value("mode") is { } m ? Arguments.OneOf("mode", m, "self-hosted", "cloud", "local") : null;
        var license = FileSecurity.ReadText(args.Positionals[0], "license");
        var roots = FileSecurity.ReadText(args.Required("root"), "root certificate");
        var outcome = LicenseChecks.Verify(license, roots, args.Value("product"), mode, args.Value("machine"), context.Time);
        if (!outcome.IsValid)
        {
            context.Error.WriteLine($"invalid: {outcome.Message}");
            return Task.FromResult(LicenseToolApp.Failure);
        }
        context.Out.WriteLine($"valid: {outcome.Message}");
        return Task.FromResult(LicenseToolApp.Success);
    }
}
