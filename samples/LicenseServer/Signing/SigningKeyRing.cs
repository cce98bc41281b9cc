using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Glyphh.LicenseServer.Configuration;
using Glyphh.Samples.Hosting;

namespace Glyphh.LicenseServer.Signing;

/// <summary>
/// Every configured signing certificate with its private key. The newest one valid now signs; older ones are kept
/// so an operator sees them (health, logs) until they are removed. Licenses and receipts they signed stay valid
/// for products while their chain is, because products pin the root, not the signing certificate.
/// </summary>
internal sealed class SigningKeyRing : IDisposable
{
    public const string DirectorySetting = "LICENSE_SIGNING_DIR";

    private readonly TimeProvider _time;
    private readonly (X509Certificate2 Certificate, DateTime NotBefore, DateTime NotAfter)[] _newestFirst;

    public SigningKeyRing(IReadOnlyList<X509Certificate2> certificates, TimeProvider time, string? developmentRootPath = null)
    {
        if (certificates.Count == 0)
        {
            throw new ArgumentException("A key ring needs at least one certificate.", nameof(certificates));
        }
        Certificates = certificates;
        _time = time;
        _newestFirst = [.. certificates.Select((c, i) => (Certificate: c, Position: i))
            .OrderByDescending(x => x.Certificate.NotBefore).ThenByDescending(x => x.Position)
            .Select(x => (x.Certificate, x.Certificate.NotBefore.ToUniversalTime(), x.Certificate.NotAfter.ToUniversalTime()))];
        DevelopmentRootPath = developmentRootPath;
    }

    public IReadOnlyList<X509Certificate2> Certificates { get; }

    /// <summary>Where the development CA's root certificate was written, when the server created one.</summary>
    public string? DevelopmentRootPath { get; }

    /// <summary>
    /// The certificate that signs now: the most recent <c>NotBefore</c> among those valid now; else the newest.
    /// Equal <c>NotBefore</c> (whole seconds, so a rotation in the second of creation) goes to the one loaded last:
    /// <c>signing.crt</c> sorts after the <c>signing-*.crt</c> that <c>ca rotate</c> archives.
    /// </summary>
    public X509Certificate2 Current
    {
        get
        {
            var now = _time.GetUtcNow().UtcDateTime;
            foreach (var (certificate, notBefore, notAfter) in _newestFirst)
            {
                if (notBefore <= now && now < notAfter)
                {
                    return certificate;
                }
            }
            return _newestFirst[0].Certificate;
        }
    }

    /// <summary>Loads the pairs configured by <see cref="LicenseServerOptions.SigningDirectory"/> and <see cref="LicenseServerOptions.SigningCertificates"/>.</summary>
    public static List<X509Certificate2> LoadConfigured(LicenseServerOptions options)
    {
        var pairs = new List<SigningFiles>(options.SigningCertificates);
        if (options.SigningDirectory is { } dir)
        {
            if (!Directory.Exists(dir))
            {
                throw new StartupConfigurationException(DirectorySetting, $"'{dir}' does not exist.");
            }
            foreach (var cert in Directory.GetFiles(dir, "signing*.crt").Order(StringComparer.Ordinal))
            {
                pairs.Add(new SigningFiles { CertificatePath = cert, KeyPath = Path.ChangeExtension(cert, ".key"), FromDirectory = true });
            }
            if (pairs.Count == options.SigningCertificates.Count)
            {
                throw new StartupConfigurationException(DirectorySetting, $"'{dir}' holds no signing*.crt file (make one with 'glyphh-license ca create').");
            }
        }

        var loaded = new List<X509Certificate2>();
        foreach (var pair in pairs)
        {
            loaded.Add(Load(pair));
        }
        return loaded;
    }

    private static X509Certificate2 Load(SigningFiles pair)
    {
        foreach (var (path, what, setting) in new[] { (pair.CertificatePath, "certificate", "LICENSE_SIGNING_CERT"), (pair.KeyPath, "private key", "LICENSE_SIGNING_KEY") })
        {
            if (string.IsNullOrWhiteSpace(path) || !File.Exists(path))
            {
                throw new StartupConfigurationException(pair.FromDirectory ? DirectorySetting : setting, $"the signing {what} file '{path}' does not exist.");
            }
        }
        try
        {
            using var pem = X509Certificate2.CreateFromPemFile(pair.CertificatePath, pair.KeyPath);
            // Re-import so the private key is usable on every platform (ephemeral PEM keys are not on Windows).
            return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
        }
        catch (CryptographicException e)
        {
            throw new StartupConfigurationException(pair.FromDirectory ? DirectorySetting : "LICENSE_SIGNING_CERT",
                $"the signing certificate '{pair.CertificatePath}' with key '{pair.KeyPath}' cannot be loaded: {StartupErrors.OneLine(e.Message)}", e);
        }
    }

    public void Dispose()
    {
        foreach (var certificate in Certificates)
        {
            certificate.Dispose();
        }
    }
}
