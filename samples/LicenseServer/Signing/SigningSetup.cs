using Glyphh.LicenseServer.Configuration;
using Glyphh.Licensing.Issuing;
using Glyphh.Samples.Hosting;

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
            throw new StartupConfigurationException(SigningKeyRing.DirectorySetting,
                "no signing certificate is configured; set LICENSE_SIGNING_DIR to a folder made by 'glyphh-license ca create', " +
                "or LICENSE_SIGNING_CERT and LICENSE_SIGNING_KEY to PEM files. (In Development the server creates a CA itself.)");
        }

        var directory = Path.GetFullPath(Path.Combine(options.DataDirectory, "ca"));
        var root = Path.Combine(directory, "root.crt");
        if (!File.Exists(Path.Combine(directory, "signing.crt")))
        {
            CreateDevelopmentCa(directory, time);
            Log.DevelopmentCaCreated(logger, directory, root);
            // Printed once, on the run that created it: products pin this file (LICENSE_ROOT_CERT).
            Console.WriteLine($"Development license CA created. Pin its root certificate in products: LICENSE_ROOT_CERT={root}");
        }
        var ring = SigningKeyRing.LoadConfigured(new LicenseServerOptions { SigningDirectory = directory });
        return new SigningKeyRing(ring, time, root);
    }

    private static void CreateDevelopmentCa(string directory, TimeProvider time)
    {
        Directory.CreateDirectory(directory);
        var now = time.GetUtcNow();
        using var rootCert = LicenseCertificateAuthority.CreateRootCertificate("Glyphh Development License Root", now.AddHours(-1), now.AddYears(20));
        using var signing = LicenseCertificateAuthority.CreateSigningCertificate(rootCert, "Glyphh Development License Signing", now.AddHours(-1), now.AddYears(10));
        WritePrivate(Path.Combine(directory, "root.key"), LicenseCertificateAuthority.ExportPrivateKeyPem(rootCert));
        WritePrivate(Path.Combine(directory, "signing.key"), LicenseCertificateAuthority.ExportPrivateKeyPem(signing));
        File.WriteAllText(Path.Combine(directory, "root.crt"), rootCert.ExportCertificatePem() + "\n");
        // The certificate last: its presence marks a complete CA.
        File.WriteAllText(Path.Combine(directory, "signing.crt"), signing.ExportCertificatePem() + "\n");
    }

    private static void WritePrivate(string path, string content)
    {
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        using var writer = new StreamWriter(new FileStream(path, options));
        writer.Write(content);
    }
}
