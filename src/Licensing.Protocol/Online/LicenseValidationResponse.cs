using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization;
using Glyphh.Licensing.Internal;

namespace Glyphh.Licensing;

/// <summary>
/// The body of a <c>200 OK</c> answer to <c>POST /api/v1/licenses/validate</c>: a signed receipt.
/// Every definitive answer (valid, revoked, ...) is a 200 with a receipt, because only signed content counts.
/// </summary>
public sealed class LicenseValidationResponse
{
    /// <summary>The largest response body, in bytes, the client reads.</summary>
    public const int MaxBodyBytes = 64 * 1024;

    /// <summary>Base64 (standard alphabet) of the DER CMS SignedData whose content is the <see cref="LicenseReceipt"/> JSON.</summary>
    [JsonPropertyName("receipt")]
    public required string Receipt { get; init; }

    /// <summary>Serialises the response to UTF-8 JSON.</summary>
    /// <returns>The JSON bytes.</returns>
    public byte[] ToUtf8Json() => JsonSerializer.SerializeToUtf8Bytes(this, ProtocolJsonContext.Default.LicenseValidationResponse);

    /// <summary>Parses a response body.</summary>
    /// <param name="utf8Json">The body.</param>
    /// <param name="response">The response when well formed.</param>
    /// <returns><see langword="true"/> when the body is a well-formed response.</returns>
    public static bool TryParse(ReadOnlySpan<byte> utf8Json, [NotNullWhen(true)] out LicenseValidationResponse? response)
    {
        response = null;
        if (utf8Json.Length > MaxBodyBytes)
        {
            return false;
        }

        try
        {
            response = JsonSerializer.Deserialize(utf8Json, ProtocolJsonContext.Default.LicenseValidationResponse);
        }
        catch (JsonException)
        {
            return false;
        }

        return response is not null && !string.IsNullOrEmpty(response.Receipt);
    }
}
