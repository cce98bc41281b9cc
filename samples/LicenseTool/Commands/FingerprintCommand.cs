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
        new("data-dir", "DIR", "The product's data directory (GLYPHH_DATA_DIR), used when the machine has no machine-id. Default: ./data."),
    ];

    public override Task<int> ExecuteAsync(ParsedArguments args, ToolContext context, CancellationToken cancellationToken)
    {
        var dataDir = args.Value("data-dir") ?? Environment.GetEnvironmentVariable("GLYPHH_DATA_DIR") ?? "data";
        context.Out.WriteLine(LicenseChecks.Fingerprint(dataDir));
        return Task.FromResult(LicenseToolApp.Success);
    }
}
