using System.Security.Cryptography;
using System.Text;
using Glyphh.Auth;
using Glyphh.Samples.Hosting;

namespace Glyphh.LicenseServer.Admin;

/// <summary>
/// Admin API keys from <c>ADMIN_API_KEY_HASHES</c>: comma-separated SHA-256 hex hashes, each optionally <c>name:hash</c>.
/// A key without a name is named after its hash prefix, which is what the audit trail shows.
/// </summary>
internal static class AdminKeys
{
    public const string Setting = "ADMIN_API_KEY_HASHES";

    public const string DevelopmentKeyFile = "admin-api-key.sha256";

    public static List<GlyphhApiKeyOptions> Parse(string? value)
    {
        var keys = new List<GlyphhApiKeyOptions>();
        foreach (var entry in (value ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var colon = entry.LastIndexOf(':');
            var name = colon > 0 ? entry[..colon].Trim() : null;
            var hash = (colon > 0 ? entry[(colon + 1)..] : entry).Trim().ToLowerInvariant();
            if (hash.Length != 64 || !hash.All(char.IsAsciiHexDigit))
            {
                throw new StartupConfigurationException(Setting,
                    $"entry {keys.Count + 1} is not a SHA-256 hex hash (64 hex digits, optionally 'name:hash'); " +
                    "hash a key with: printf %s \"$KEY\" | sha256sum");
            }
            keys.Add(new GlyphhApiKeyOptions
            {
                Name = string.IsNullOrEmpty(name) ? "key-" + hash[..8] : name,
                Sha256 = hash,
                Permissions = new Dictionary<string, IList<string>>(StringComparer.Ordinal) { ["*"] = ["admin"] },
            });
        }
        return keys;
    }

    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    /// <summary>
    /// Development with no key configured: the hash of a generated key is kept in the data directory; the key itself
    /// is printed once, on the run that generated it, and never stored.
    /// </summary>
    public static List<GlyphhApiKeyOptions> ForDevelopment(string dataDirectory)
    {
        Directory.CreateDirectory(dataDirectory);
        var path = Path.Combine(dataDirectory, DevelopmentKeyFile);
        if (!File.Exists(path))
        {
            var key = "glyphh_admin_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
            File.WriteAllText(path, "development:" + Hash(key) + "\n");
            Console.WriteLine($"Development admin API key (shown once; its hash is in {Path.GetFullPath(path)}): X-API-Key: {key}");
        }
        return Parse(File.ReadAllText(path));
    }
}
