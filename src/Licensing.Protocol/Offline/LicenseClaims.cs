using System.Text.Json.Serialization;
using Glyphh.Licensing.Internal;

namespace Glyphh.Licensing;

/// <summary>
/// The signed content of an offline license: UTF-8 JSON with snake_case names. The signature covers the
/// exact bytes, so the verifier never re-serialises them.
/// </summary>
public sealed class LicenseClaims
{
    /// <summary>The license's unique id (also sent when calling home).</summary>
    [JsonPropertyName("license_id")]
    public required string LicenseId { get; init; }

    /// <summary>The customer the license was issued to.</summary>
    [JsonPropertyName("customer")]
    public required string Customer { get; init; }

    /// <summary>The product the license is for; compared ordinally with the host's product.</summary>
    [JsonPropertyName("product")]
    public required string Product { get; init; }

    /// <summary>The deployment mode the license is for.</summary>
    [JsonPropertyName("mode")]
    public required DeploymentMode Mode { get; init; }

    /// <summary>When the license was issued.</summary>
    [JsonPropertyName("issued_at")]
    public required DateTimeOffset IssuedAt { get; init; }

    /// <summary>The license is not valid before this time.</summary>
    [JsonPropertyName("not_before")]
    public required DateTimeOffset NotBefore { get; init; }

    /// <summary>The license is not valid from this time on.</summary>
    [JsonPropertyName("expires_at")]
    public required DateTimeOffset ExpiresAt { get; init; }

    /// <summary>The limits the license grants: product-defined names to numbers (see <see cref="LicenseEntitlements"/>).</summary>
    /// <value>Empty (nothing limited by the license) when absent.</value>
    [JsonPropertyName("limits")]
    public LicenseLimits Limits { get; init; } = LicenseLimits.Unlimited;

    /// <summary>Licensed features, each a name or <c>name:value</c> (see <see cref="LicenseEntitlements"/> and <c>RequireLicensedFeature</c>).</summary>
    /// <value>Empty when absent.</value>
    [JsonPropertyName("features")]
    public IReadOnlyList<string> Features { get; init; } = [];

    /// <summary>
    /// Machine fingerprints (lowercase hex HMAC-SHA256, see <see cref="MachineFingerprint"/>) the license is
    /// bound to; <see langword="null"/> or empty means any machine.
    /// </summary>
    /// <value><see langword="null"/>.</value>
    [JsonPropertyName("machine_fingerprints")]
    public IReadOnlyList<string>? MachineFingerprints { get; init; }

    /// <summary>Whether the license must also be validated online (call-home).</summary>
    /// <value><see langword="false"/>: a purely offline license makes no network call.</value>
    [JsonPropertyName("call_home")]
    public bool CallHome { get; init; }

    /// <summary>Hours between online validations when <see cref="CallHome"/> is set.</summary>
    /// <value>24.</value>
    [JsonPropertyName("revalidate_hours")]
    public int RevalidateHours { get; init; } = 24;

    /// <summary>Days of grace after the last good online validation when the server cannot be reached.</summary>
    /// <value>7.</value>
    [JsonPropertyName("grace_days")]
    public int GraceDays { get; init; } = 7;

    /// <summary>Serialises the claims to the UTF-8 JSON that an issuer signs.</summary>
    /// <returns>The JSON bytes.</returns>
    public byte[] ToUtf8Json() => System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(this, ProtocolJsonContext.Default.LicenseClaims);

    /// <summary>Checks the claims for internal consistency.</summary>
    /// <returns><see langword="null"/> when consistent, else the first problem found.</returns>
    public string? Validate()
    {
        if (string.IsNullOrWhiteSpace(LicenseId))
        {
            return "license_id is empty.";
        }

        if (string.IsNullOrWhiteSpace(Product))
        {
            return "product is empty.";
        }

        if (!Enum.IsDefined(Mode))
        {
            return "mode is not local, self-hosted or cloud.";
        }

        if (ExpiresAt <= NotBefore)
        {
            return "expires_at is not after not_before.";
        }

        if (Limits is null)
        {
            return "limits must be an object of names to numbers.";
        }

        if (LicenseEntitlements.CheckLimits(Limits) is { } limitProblem)
        {
            return limitProblem;
        }

        if (Features is null)
        {
            return "features must be a list.";
        }

        if (LicenseEntitlements.CheckFeatures(Features) is { } featureProblem)
        {
            return featureProblem;
        }

        if (MachineFingerprints is not null && MachineFingerprints.Any(string.IsNullOrWhiteSpace))
        {
            return "machine_fingerprints must be a list of non-empty fingerprints.";
        }

        if (RevalidateHours < 1)
        {
            return "revalidate_hours must be at least 1.";
        }

        if (GraceDays < 0)
        {
            return "grace_days must not be negative.";
        }

        return null;
    }
}
