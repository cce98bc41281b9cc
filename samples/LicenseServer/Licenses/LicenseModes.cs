namespace Glyphh.LicenseServer.Licenses;

/// <summary>The deployment modes a license can be for, in their wire spelling.</summary>
internal static class LicenseModes
{
    public static readonly string[] All = ["self-hosted", "cloud", "local"];

    /// <summary>Accepts the spellings the SDK accepts (<c>self_hosted</c>, <c>selfhosted</c>, any case).</summary>
    public static string? Normalize(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        "self-hosted" or "self_hosted" or "selfhosted" => "self-hosted",
        "cloud" => "cloud",
        "local" => "local",
        _ => null,
    };
}
