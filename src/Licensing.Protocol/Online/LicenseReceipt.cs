using System.Text.Json;
using System.Text.Json.Serialization;
using Glyphh.Licensing.Internal;

namespace Glyphh.Licensing;

/// <summary>
/// The signed content of a validation receipt: the license server's answer to
/// <c>POST /api/v1/licenses/validate</c>, signed (CMS) by a certificate carrying
/// <see cref="LicenseSigning.ReceiptSigningOid"/> that chains to the pinned roots.
/// </summary>
public sealed class LicenseReceipt
{
    /// <summary>The license the answer is about (the server's id for an online key).</summary>
    [JsonPropertyName("license_id")]
    public required string LicenseId { get; init; }

    /// <summary>
    /// The credential the answer is for (<see cref="LicenseCredential.ForKey"/> or <see cref="LicenseCredential.ForLicense"/>);
    /// a client refuses a receipt that names another credential.
    /// </summary>
    /// <value><see langword="null"/> when the request proved no credential (then the receipt binds nothing).</value>
    [JsonPropertyName("credential")]
    public string? Credential { get; init; }

    /// <summary>The nonce from the request, echoed.</summary>
    [JsonPropertyName("nonce")]
    public required string Nonce { get; init; }

    /// <summary>The server's clock when it signed the receipt.</summary>
    [JsonPropertyName("server_time")]
    public required DateTimeOffset ServerTime { get; init; }

    /// <summary>The answer.</summary>
    [JsonPropertyName("status")]
    public required LicenseReceiptStatus Status { get; init; }

    /// <summary>The product the license is for (the request's product when no license matched).</summary>
    [JsonPropertyName("product")]
    public required string Product { get; init; }

    /// <summary>The machine fingerprint hash, echoed.</summary>
    /// <value><see langword="null"/> when the request carried none.</value>
    [JsonPropertyName("fingerprint")]
    public string? Fingerprint { get; init; }

    /// <summary>When the client should validate again.</summary>
    /// <value><see langword="null"/>: after the client's revalidation interval.</value>
    [JsonPropertyName("next_validation_at")]
    public DateTimeOffset? NextValidationAt { get; init; }

    /// <summary>When the license expires.</summary>
    /// <value><see langword="null"/> when the server does not say (an offline license's own expiry still applies).</value>
    [JsonPropertyName("expires_at")]
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>The deployment mode the license is for; a client refuses a valid receipt for another mode.</summary>
    /// <value><see langword="null"/> when no license matched.</value>
    [JsonPropertyName("mode")]
    public DeploymentMode? Mode { get; init; }

    /// <summary>The limits the license grants; replaces an offline license's limits when present.</summary>
    /// <value><see langword="null"/> when the server does not say.</value>
    [JsonPropertyName("limits")]
    public LicenseLimits? Limits { get; init; }

    /// <summary>Licensed features; replaces an offline license's features when present.</summary>
    /// <value><see langword="null"/> when the server does not say.</value>
    [JsonPropertyName("features")]
    public IReadOnlyList<string>? Features { get; init; }

    /// <summary>Days of grace after this validation if later ones fail.</summary>
    /// <value><see langword="null"/>: the license's or the host's setting.</value>
    [JsonPropertyName("grace_days")]
    public int? GraceDays { get; init; }

    /// <summary>A human-readable note (why a license was refused).</summary>
    /// <value><see langword="null"/>.</value>
    [JsonPropertyName("message")]
    public string? Message { get; init; }

    /// <summary>Serialises the receipt to the UTF-8 JSON that the server signs.</summary>
    /// <returns>The JSON bytes.</returns>
    public byte[] ToUtf8Json() => JsonSerializer.SerializeToUtf8Bytes(this, ProtocolJsonContext.Default.LicenseReceipt);
}
