using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Glyphh.LicenseTool.CommandLine;
using Glyphh.Licensing;

namespace Glyphh.LicenseTool.Licensing;

/// <summary>Verification, unverified reading and fingerprints, over Glyphh.Licensing.Protocol (the same code products run).</summary>
internal static class LicenseChecks
{
    public static VerifyOutcome Verify(string license, string rootsPem, string? product, string? mode, string? machine, TimeProvider time)
    {
        LicenseVerifier verifier;
        try
        {
            verifier = LicenseVerifier.FromPem(rootsPem, time);
        }
        catch (GlyphhLicensingException e)
        {
            throw new ToolException($"root certificate: {e.Message}");
        }

        var context = new LicenseVerificationContext
        {
            // Without --product any product is accepted: compare the license with its own product.
            Product = product ?? TryReadProduct(license) ?? "glyphh-runtime",
            Mode = mode is null ? null : DeploymentModes.TryParse(mode, out var m) ? m : throw new UsageException($"unknown mode '{mode}'"),
            MachineFingerprint = machine,
        };
        var result = verifier.Verify(license, context, time.GetUtcNow());
        if (!result.IsValid)
        {
            return new VerifyOutcome(false, $"{Reason(result.Status)}: {result.Detail}");
        }

        var c = result.Claims!;
        var limits = string.Join(' ', c.Limits.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => FormattableString.Invariant($"{l.Key}={l.Value}")));
        var summary = new StringBuilder()
            .Append($"license {c.LicenseId} for '{c.Customer}' ({c.Product}, {c.Mode.ToName()}) valid until {c.ExpiresAt:yyyy-MM-dd'T'HH:mm:ss'Z'}")
            .Append($"; limits {(limits.Length == 0 ? "none" : limits)}")
            .Append($"; features {(c.Features.Count == 0 ? "none" : string.Join(',', c.Features))}")
            .Append(c.MachineFingerprints is { Count: > 0 } fps ? $"; bound to {fps.Count} machine(s)" : "")
            .Append(c.CallHome ? $"; calls home every {c.RevalidateHours} h" : "")
            .Append($"; signer {result.SignerThumbprint?[..Math.Min(12, result.SignerThumbprint.Length)]}");
        return new VerifyOutcome(true, summary.ToString());
    }

    /// <summary>The claims JSON, pretty-printed exactly as signed (member order and unknown members kept), without any check.</summary>
    public static string ReadClaimsUnverified(string license)
    {
        var content = ReadContent(license, out var error) ?? throw new ToolException($"malformed: {error}");
        try
        {
            var node = JsonNode.Parse(content) ?? throw new ToolException("malformed: the signed content is JSON null, not claims");
            return node.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
        }
        catch (JsonException e)
        {
            throw new ToolException($"malformed: the signed content is not JSON ({e.Message})");
        }
    }

    /// <summary>This machine's fingerprint for <paramref name="product"/>, by the SDK's own rule (<see cref="MachineFingerprint.FindRawMachineId(string?, string)"/>).</summary>
    public static string Fingerprint(string product, string? machineId, string dataDirectory) =>
        Fingerprint(product, machineId, dataDirectory, MachineFingerprint.SystemMachineIdPaths);

    internal static string Fingerprint(string product, string? machineId, string dataDirectory, IReadOnlyList<string> systemIdPaths)
    {
        var raw = MachineFingerprint.FindRawMachineId(machineId, dataDirectory, systemIdPaths)
            ?? throw new ToolException(
                $"no machine id: none of {string.Join(", ", systemIdPaths)} and no {Path.Combine(dataDirectory, MachineFingerprint.KeptIdFileName)} (start the product once with this data directory, or pass --machine-id)");
        return MachineFingerprint.Compute(product, raw);
    }

    private static string? TryReadProduct(string license)
    {
        try
        {
            return ReadContent(license, out _) is { } content && JsonNode.Parse(content)?["product"] is JsonValue v && v.TryGetValue<string>(out var p) ? p : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static byte[]? ReadContent(string license, out string? error)
    {
        if (!LicenseArmor.TryDecode(license, out var der, out error))
        {
            return null;
        }
        try
        {
            var cms = new SignedCms();
            cms.Decode(der);
            return cms.ContentInfo.Content;
        }
        catch (CryptographicException e)
        {
            error = $"not a CMS SignedData ({e.Message})";
            return null;
        }
    }

    private static string Reason(LicenseVerificationStatus status) => status switch
    {
        LicenseVerificationStatus.NotYetValid => "not yet valid",
        LicenseVerificationStatus.Expired => "expired",
        LicenseVerificationStatus.BadSignature => "bad signature",
        LicenseVerificationStatus.UntrustedSigner => "untrusted signer",
        LicenseVerificationStatus.WrongProduct => "wrong product",
        LicenseVerificationStatus.WrongMode => "wrong mode",
        LicenseVerificationStatus.WrongMachine => "wrong machine",
        _ => "malformed",
    };
}
