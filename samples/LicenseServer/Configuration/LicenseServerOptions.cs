namespace Glyphh.LicenseServer.Configuration;

/// <summary>
/// The server's settings. Each reads the seed-style environment variable first (named in brackets),
/// then the .NET key <c>LicenseServer:&lt;Name&gt;</c> (env <c>LicenseServer__&lt;Name&gt;</c>).
/// </summary>
internal sealed class LicenseServerOptions
{
    /// <summary>[GLYPHH_DATA_DIR] The data directory: SQLite database, development CA and admin key hash. Default <c>./data</c>.</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>[DATABASE_URL] PostgreSQL (<c>postgresql://...</c> or an Npgsql string); unset: SQLite in <see cref="DataDirectory"/>.</summary>
    public string? DatabaseUrl { get; set; }

    /// <summary>
    /// The Npgsql connection string made from <see cref="DatabaseUrl"/> with <c>DATABASE_USER</c>, <c>DATABASE_PASSWORD</c>
    /// or <c>DATABASE_PASSWORD_FILE</c> applied (see Glyphh.Samples.Hosting); null: SQLite. Set by the configuration reader.
    /// </summary>
    public string? DatabaseConnectionString { get; set; }

    /// <summary>[ACTIVATION_STALE_AFTER] A machine not seen for this long no longer holds a seat. Default 3 days (three default revalidation intervals).</summary>
    public TimeSpan ActivationStaleAfter { get; set; } = TimeSpan.FromDays(3);

    /// <summary>
    /// [MAX_REVALIDATION_INTERVAL] Longest wait a valid receipt suggests before the next validation; caps each license's
    /// <c>revalidate_hours</c>, so a revocation reaches products sooner. Unset: the license's own interval.
    /// </summary>
    public TimeSpan? MaxRevalidationInterval { get; set; }

    /// <summary>[LICENSE_SIGNING_DIR] A folder made by <c>glyphh-license ca create</c>: its <c>signing*.crt</c>/<c>.key</c> pairs are loaded.</summary>
    public string? SigningDirectory { get; set; }

    /// <summary>[LICENSE_SIGNING_CERT, LICENSE_SIGNING_KEY] Explicit PEM pairs (comma-separated lists, paired by position). The newest certificate signs.</summary>
    public List<SigningFiles> SigningCertificates { get; set; } = [];

    /// <summary>[ADMIN_API_KEY_HASHES] Comma-separated SHA-256 hex hashes of the admin API keys, each optionally <c>name:hash</c>.</summary>
    public string? AdminApiKeyHashes { get; set; }

    /// <summary>[VALIDATE_RATE_LIMIT] Validation requests per minute per client address. Default 60.</summary>
    public int ValidatePermitsPerMinute { get; set; } = 60;

    /// <summary>Product of new licenses when the create request names none. Default <c>glyphh-runtime</c>.</summary>
    public string DefaultProduct { get; set; } = "glyphh-runtime";

    /// <summary>Largest request body in bytes. Default 64 KiB.</summary>
    public int MaxRequestBodyBytes { get; set; } = 64 * 1024;
}
