using System.Globalization;
using Glyphh.Samples.Hosting;

namespace Glyphh.LicenseServer.Configuration;

/// <summary>Builds <see cref="LicenseServerOptions"/> from configuration, with the seed-style variable names first.</summary>
internal static class LicenseServerConfiguration
{
    public static LicenseServerOptions Read(IConfiguration configuration)
    {
        var options = new LicenseServerOptions();
        configuration.GetSection("LicenseServer").Bind(options);

        if (configuration["GLYPHH_DATA_DIR"] is { Length: > 0 } dataDir)
        {
            options.DataDirectory = dataDir;
        }
        if (configuration["DATABASE_URL"] is { Length: > 0 } url)
        {
            options.DatabaseUrl = url;
        }
        if (configuration["ACTIVATION_STALE_AFTER"] is { Length: > 0 } stale)
        {
            options.ActivationStaleAfter = TimeSpan.TryParse(stale, CultureInfo.InvariantCulture, out var span) && span > TimeSpan.Zero
                ? span
                : throw new StartupConfigurationException("ACTIVATION_STALE_AFTER", $"'{stale}' is not a positive time span (e.g. 3.00:00:00 for three days).");
        }
        if (configuration["MAX_REVALIDATION_INTERVAL"] is { Length: > 0 } revalidate)
        {
            options.MaxRevalidationInterval = TimeSpan.TryParse(revalidate, CultureInfo.InvariantCulture, out var span) && span > TimeSpan.Zero
                ? span
                : throw new StartupConfigurationException("MAX_REVALIDATION_INTERVAL", $"'{revalidate}' is not a positive time span (e.g. 01:00:00 for one hour).");
        }
        if (configuration["LICENSE_SIGNING_DIR"] is { Length: > 0 } signingDir)
        {
            options.SigningDirectory = signingDir;
        }
        if (configuration["LICENSE_SIGNING_CERT"] is { Length: > 0 } certs)
        {
            var certPaths = Split(certs);
            var keyPaths = Split(configuration["LICENSE_SIGNING_KEY"] ?? "");
            if (certPaths.Length != keyPaths.Length)
            {
                throw new StartupConfigurationException("LICENSE_SIGNING_KEY",
                    $"LICENSE_SIGNING_CERT names {certPaths.Length} certificate(s) but LICENSE_SIGNING_KEY names {keyPaths.Length} key(s); give one key per certificate, in the same order.");
            }
            options.SigningCertificates.AddRange(certPaths.Zip(keyPaths, (c, k) => new SigningFiles { CertificatePath = c, KeyPath = k }));
        }
        if (configuration["ADMIN_API_KEY_HASHES"] is { } hashes)
        {
            options.AdminApiKeyHashes = hashes;
        }
        if (configuration["VALIDATE_RATE_LIMIT"] is { Length: > 0 } rate)
        {
            options.ValidatePermitsPerMinute = int.TryParse(rate, NumberStyles.None, CultureInfo.InvariantCulture, out var permits) && permits > 0
                ? permits
                : throw new StartupConfigurationException("VALIDATE_RATE_LIMIT", $"'{rate}' is not a whole number of requests per minute above 0.");
        }

        if (options.ActivationStaleAfter <= TimeSpan.Zero)
        {
            throw new StartupConfigurationException("LicenseServer:ActivationStaleAfter", "must be positive.");
        }
        if (options.MaxRevalidationInterval is { } max && max <= TimeSpan.Zero)
        {
            throw new StartupConfigurationException("LicenseServer:MaxRevalidationInterval", "must be positive.");
        }
        if (options.MaxRequestBodyBytes is < 1024 or > 16 * 1024 * 1024)
        {
            throw new StartupConfigurationException("LicenseServer:MaxRequestBodyBytes", "must be between 1024 and 16777216.");
        }
        if (string.IsNullOrWhiteSpace(options.DataDirectory))
        {
            throw new StartupConfigurationException("GLYPHH_DATA_DIR", "must not be empty.");
        }
        // Parsed now, with DATABASE_PASSWORD(_FILE)/DATABASE_USER applied, so a bad URL stops start-up before anything opens.
        options.DatabaseConnectionString = DatabaseSettings.ConnectionString(options.DatabaseUrl, configuration);
        return options;
    }

    private static string[] Split(string value) =>
        value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
