using System.Security.Cryptography;
using System.Text;

namespace Glyphh.Licensing;

/// <summary>
/// The machine fingerprint a license can be bound to and the server receives:
/// lowercase hex of HMAC-SHA256(key = UTF-8 <c>"glyphh-machine-fingerprint/v1/" + product</c>, message = UTF-8 raw machine id).
/// The raw id never leaves the machine; the key scopes the hash to one product.
/// </summary>
public static class MachineFingerprint
{
    /// <summary>Computes the fingerprint of a raw machine id for a product.</summary>
    /// <param name="product">The product name.</param>
    /// <param name="rawMachineId">The raw id (e.g. the content of <c>/etc/machine-id</c>).</param>
    /// <returns>64 lowercase hex characters.</returns>
    public static string Compute(string product, string rawMachineId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(product);
        ArgumentException.ThrowIfNullOrWhiteSpace(rawMachineId);
        var key = Encoding.UTF8.GetBytes("glyphh-machine-fingerprint/v1/" + product);
        var mac = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(rawMachineId.Trim()));
        return Convert.ToHexStringLower(mac);
    }

    /// <summary>Whether <paramref name="value"/> looks like a fingerprint (64 lowercase hex characters).</summary>
    /// <param name="value">The text to check.</param>
    /// <returns><see langword="true"/> when well formed.</returns>
    public static bool IsWellFormed(string? value)
    {
        if (value is null || value.Length != 64)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!char.IsAsciiHexDigitLower(c) && !char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}
