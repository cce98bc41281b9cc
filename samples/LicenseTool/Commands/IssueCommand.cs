using Glyphh.LicenseTool.CommandLine;
using Glyphh.LicenseTool.Licensing;

namespace Glyphh.LicenseTool.Commands;

/// <summary><c>issue</c>: sign an offline license with the CA's current signing certificate.</summary>
internal sealed class IssueCommand : ToolCommand
{
    public override string Name => "issue";

    public override string Summary => "Issue a signed offline license file.";

    public override IReadOnlyList<OptionSpec> Options { get; } =
    [
        new("ca", "DIR", "The CA folder (uses signing.crt and signing.key).", Required: true),
        new("customer", "NAME", "Customer name.", Required: true),
        new("mode", "MODE", "self-hosted, cloud or local.", Required: true),
        new("expires", "DATE", "Expiry, YYYY-MM-DD (midnight UTC) or an ISO 8601 timestamp.", Required: true),
        new("out", "FILE", "Where to write the license (armored text).", Required: true),
        new("not-before", "DATE", "Start of validity. Default: now."),
        new("limit", "NAME=N", "A limit on any product-defined name, e.g. projects=3 (a-z, 0-9, '_', '.', '-').", Repeatable: true),
        new("feature", "NAME[:VALUE]", "A licensed feature, e.g. sso or tier:pro.", Repeatable: true),
        new("machine", "FINGERPRINT", "Bind to a machine fingerprint (see 'fingerprint').", Repeatable: true),
        new("product", "PRODUCT", "Product the license is for. Default: glyphh-runtime."),
        new("license-id", "ID", "License id. Default: a new random id."),
        new("call-home", null, "Ask the product to also validate online (call-home) with this license."),
        new("revalidate-hours", "N", "Online revalidation interval in hours. Default: 24."),
        new("grace-days", "N", "Grace period in days when the license server cannot be reached. Default: 7."),
        new("force", null, "Overwrite --out if it exists."),
    ];

    public override Task<int> ExecuteAsync(ParsedArguments args, ToolContext context, CancellationToken cancellationToken)
    {
        var now = context.Time.GetUtcNow();
        var notBefore = args.Value("not-before") is { } nb ? Arguments.Date("not-before", nb) : now;
        var expires = Arguments.Date("expires", args.Required("expires"));
        if (expires <= now)
        {
            throw new UsageException($"--expires {expires:yyyy-MM-dd} is in the past");
        }
        if (expires <= notBefore)
        {
            throw new UsageException($"--expires {expires:yyyy-MM-dd'T'HH:mm:ss'Z'} must be after the start of validity {notBefore:yyyy-MM-dd'T'HH:mm:ss'Z'}");
        }
        var customer = args.Required("customer").Trim();
        if (customer.Length == 0)
        {
            throw new UsageException("--customer must not be empty");
        }
        var product = args.Value("product") ?? "glyphh-runtime";
        if (!Glyphh.Licensing.LicenseEntitlements.IsValidName(product))
        {
            throw new UsageException($"--product '{product}' may use only a-z, 0-9, '.', '_' and '-'");
        }
        var request = new IssueRequest
        {
            Customer = customer,
            Product = product,
            Mode = Arguments.OneOf("mode", args.Required("mode"), "self-hosted", "cloud", "local"),
            NotBefore = notBefore,
            ExpiresAt = expires,
            Limits = Arguments.Limits("limit", args.Values("limit")),
            Features = Arguments.Features("feature", args.Values("feature")),
            Machines = [.. args.Values("machine").Select(m => m.Trim()).Where(m => m.Length > 0).Distinct(StringComparer.Ordinal)],
            LicenseId = args.Value("license-id"),
            CallHome = args.Has("call-home"),
            RevalidateHours = args.Value("revalidate-hours") is { } rh ? Arguments.PositiveInt("revalidate-hours", rh) : null,
            GraceDays = args.Value("grace-days") is { } gd ? Arguments.PositiveInt("grace-days", gd) : null,
        };

        var outPath = args.Required("out");
        if (File.Exists(outPath) && !args.Has("force"))
        {
            throw new ToolException($"{outPath} already exists (use --force to overwrite)");
        }
        var issued = CaFolder.Issue(args.Required("ca"), request, context.Time);
        FileSecurity.WriteAtomically(outPath, issued.Armored, privateFile: false);
        context.Out.WriteLine($"Issued license {issued.LicenseId} for '{customer}' ({request.Product}, {request.Mode}), valid {notBefore:yyyy-MM-dd} to {expires:yyyy-MM-dd}: {outPath}");
        return Task.FromResult(LicenseToolApp.Success);
    }
}
