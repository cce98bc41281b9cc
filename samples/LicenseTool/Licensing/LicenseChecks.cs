using Glyphh.LicenseTool.CommandLine;

namespace Glyphh.LicenseTool.Licensing;

/// <summary>Verification, unverified reading and fingerprints, over Glyphh.Licensing.</summary>
internal static class LicenseChecks
{
    public static VerifyOutcome Verify(string license, string rootsPem, string? product, string? mode, string? machine, TimeProvider time) =>
        throw new ToolException("not available yet");

    public static string ReadClaimsUnverified(string license) => throw new ToolException("not available yet");

    public static string Fingerprint(string dataDirectory) => throw new ToolException("not available yet");
}
