using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization;
using Glyphh.Licensing.Internal;

namespace Glyphh.Licensing;

/// <summary>The body of <c>POST /api/v1/licenses/validate</c>.</summary>
public sealed class LicenseValidationRequest
{
    /// <summary>The largest request body, in bytes, a server should accept.</summary>
    public const int MaxBodyBytes = 64 * 1024;

    /// <summary>The online key (<c>GLYPHH-XXXX-XXXX-XXXX-XXXX</c>); exactly one of this and <see cref="LicenseId"/> is set.</summary>
    /// <value><see langword="null"/> for an offline license that calls home.</value>
    [JsonPropertyName("license_key")]
    public string? LicenseKey { get; init; }

    /// <summary>The <c>license_id</c> of an offline license that calls home; it only names the license, <see cref="Proof"/> proves it.</summary>
    /// <value><see langword="null"/> for an online key.</value>
    [JsonPropertyName("license_id")]
    public string? LicenseId { get; init; }

    /// <summary>With <see cref="LicenseId"/>: proof of possession of the signed license (<see cref="LicenseCredential.Proof"/>).</summary>
    /// <value><see langword="null"/> for an online key. A request with a license id and no valid proof is answered like an unknown license.</value>
    [JsonPropertyName("proof")]
    public string? Proof { get; init; }

    /// <summary>The machine fingerprint: lowercase hex HMAC-SHA256, never the raw machine id.</summary>
    [JsonPropertyName("fingerprint")]
    public required string Fingerprint { get; init; }

    /// <summary>The product asking.</summary>
    [JsonPropertyName("product")]
    public required string Product { get; init; }

    /// <summary>The product's version.</summary>
    [JsonPropertyName("version")]
    public required string Version { get; init; }

    /// <summary>A fresh random nonce the receipt must echo.</summary>
    [JsonPropertyName("nonce")]
    public required string Nonce { get; init; }

    /// <summary>Serialises the request to UTF-8 JSON.</summary>
    /// <returns>The JSON bytes.</returns>
    public byte[] ToUtf8Json() => JsonSerializer.SerializeToUtf8Bytes(this, ProtocolJsonContext.Default.LicenseValidationRequest);

    /// <summary>Parses and checks a request body (for servers).</summary>
    /// <param name="utf8Json">The body.</param>
    /// <param name="request">The request when well formed.</param>
    /// <param name="error">Why the body was refused.</param>
    /// <returns><see langword="true"/> when the body is a well-formed request.</returns>
    public static bool TryParse(ReadOnlySpan<byte> utf8Json, [NotNullWhen(true)] out LicenseValidationRequest? request, [NotNullWhen(false)] out string? error)
    {
        request = null;
        if (utf8Json.Length > MaxBodyBytes)
        {
            error = $"The request is larger than {MaxBodyBytes} bytes.";
            return false;
        }

        LicenseValidationRequest? parsed;
        try
        {
            parsed = JsonSerializer.Deserialize(utf8Json, ProtocolJsonContext.Default.LicenseValidationRequest);
        }
        catch (JsonException ex)
        {
            error = "The request is not valid JSON for a validation request: " + ex.Message;
            return false;
        }

        if (parsed is null)
        {
            error = "The request is empty.";
            return false;
        }

        if (string.IsNullOrEmpty(parsed.LicenseKey) == string.IsNullOrEmpty(parsed.LicenseId))
        {
            error = "Exactly one of license_key and license_id is required.";
            return false;
        }

        if (parsed.LicenseKey is not null && !OnlineLicenseKey.IsWellFormed(parsed.LicenseKey))
        {
            error = "license_key is not a well-formed GLYPHH-XXXX-XXXX-XXXX-XXXX key.";
            return false;
        }

        if (parsed.Proof is not null && !MachineFingerprint.IsWellFormed(parsed.Proof))
        {
            error = "proof must be 64 lowercase hex characters.";
            return false;
        }

        if (!MachineFingerprint.IsWellFormed(parsed.Fingerprint))
        {
            error = "fingerprint must be 64 lowercase hex characters.";
            return false;
        }

        if (string.IsNullOrWhiteSpace(parsed.Product) || string.IsNullOrWhiteSpace(parsed.Nonce) || parsed.Nonce.Length > 128 || parsed.Version is null)
        {
            error = "product, version and nonce (at most 128 characters) are required.";
            return false;
        }

        request = parsed;
        error = null;
        return true;
    }
}
