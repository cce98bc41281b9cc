using Glyphh.LicenseTool.CommandLine;
using Glyphh.LicenseTool.Licensing;

namespace Glyphh.LicenseTool.Commands;

/// <summary><c>ca create</c>: a new root and a first license-signing certificate.</summary>
internal sealed class CaCreateCommand : ToolCommand
{
    public override string Name => "ca create";

    public override string Summary => "Create a license CA: root.crt, root.key, signing.crt, signing.key (keys 0600).";

    public override IReadOnlyList<OptionSpec> Options { get; } =
    [
        new("out", "DIR", "Folder to write the CA into (created; must not already hold a CA).", Required: true),
        new("name", "NAME", "Common name of the root certificate. Default: Glyphh License Root."),
        new("algorithm", "ALG", "ecdsa-p256 (default) or rsa-3072."),
    ];

    public override string Epilog =>
        "Keep root.key offline. Products pin root.crt; signing.crt/signing.key issue licenses and can be rotated with 'ca rotate'.";

    public override Task<int> ExecuteAsync(ParsedArguments args, ToolContext context, CancellationToken cancellationToken)
    {
        var dir = args.Required("out");
        var name = args.Value("name") ?? "Glyphh License Root";
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new UsageException("--name must not be empty");
        }
        var algorithm = Arguments.OneOf("algorithm", args.Value("algorithm") ?? "ecdsa-p256", "ecdsa-p256", "rsa-3072");
        var files = CaFolder.Create(dir, name, algorithm, context.Time);
        context.Out.WriteLine($"Created CA '{name}' ({algorithm}) in {Path.GetFullPath(dir)}: pin {files.RootCertificatePath} in products; keep root.key offline.");
        return Task.FromResult(LicenseToolApp.Success);
    }
}
