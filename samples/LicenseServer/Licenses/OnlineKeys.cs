using System.Security.Cryptography;
using System.Text;

namespace Glyphh.LicenseServer.Licenses;

/// <summary>Online keys are stored only as SHA-256 of their canonical form, so a database leak leaks no usable key.</summary>
internal static class OnlineKeys
{
    public static string Hash(string canonicalKey) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(canonicalKey)));
}
