using Glyphh.LicenseTool.CommandLine;
using Glyphh.LicenseTool.Licensing;

namespace Glyphh.LicenseTool.Commands;

/// <summary><c>fingerprint</c>: this machine's fingerprint, as the SDK computes it.</summary>
internal sealed class FingerprintCommand : ToolCommand
{
    public override string Name => "fingerprint";

    public override string Summary => "Print this machine's fingerprint as the SDK computes it (for 'issue --machine').";

    public override IReadOnlyList<OptionSpec> Options { get; } =
    [
        new("data-dir", "DIR", "The product's data directory (GLYPHH_DATA_DIR), used when the machine has no machine-id. Default: $GLYPHH_DATA_DIR or ./data."),
        new("product", "PRODUCT", "The product the fingerprint is for (fingerprints are per product). Default: glyphh-runtime."),
        new("machine-id", "ID", "Use this raw machine id (as configured in a container) instead of reading the machine's."),
    ];

    public override string Epilog =>
        "The raw machine id never leaves the machine: the fingerprint is HMAC-SHA256 keyed by the product, as the SDK sends it.";

    public override Task<int> ExecuteAsync(ParsedArguments args, ToolContext context, CancellationToken cancellationToken)
    {
        var dataDir = args.Value("data-dir") ?? Environment.GetEnvironmentVariable("GLYPHH_DATA_DIR") ?? "data";
        context.Out.WriteLine(LicenseChecks.Fingerprint(args.Value("product") ?? "glyphh-runtime", args.Value("machine-id"), dataDir));
        return Task.FromResult(LicenseToolApp.Success);
    }
}
