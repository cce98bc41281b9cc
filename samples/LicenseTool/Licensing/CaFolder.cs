using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Glyphh.LicenseTool.CommandLine;
using Glyphh.Licensing;
using Glyphh.Licensing.Issuing;

namespace Glyphh.LicenseTool.Licensing;

/// <summary>A CA folder (root.crt, root.key, signing.crt, signing.key) over Glyphh.Licensing.Issuing.</summary>
internal static class CaFolder
{
    /// <summary>The root outlives many signing certificates; products pin it.</summary>
    public static readonly TimeSpan RootLifetime = TimeSpan.FromDays(365 * 20);

    /// <summary>A signing certificate must outlive the licenses it signs (they are verified at the current time).</summary>
    public static readonly TimeSpan SigningLifetime = TimeSpan.FromDays(365 * 10);

    public static CaFiles Create(string directory, string name, string algorithm, TimeProvider time)
    {
        var files = new CaFiles(directory);
        if (File.Exists(files.RootKeyPath) || File.Exists(files.RootCertificatePath))
        {
            throw new ToolException($"{directory} already holds a CA (root.crt/root.key); use another folder or 'ca rotate'");
        }
        if (File.Exists(directory))
        {
            throw new ToolException($"{directory} is a file, not a folder");
        }
        Directory.CreateDirectory(directory);

        var keyAlgorithm = algorithm == "rsa-3072" ? LicenseKeyAlgorithm.Rsa3072 : LicenseKeyAlgorithm.EcdsaP256;
        var now = time.GetUtcNow();
        // Back-dated a little so a product whose clock is a few minutes behind still accepts it.
        var start = now.AddHours(-1);
        using var root = LicenseCertificateAuthority.CreateRootCertificate(name, start, now + RootLifetime, keyAlgorithm);
        using var signing = LicenseCertificateAuthority.CreateSigningCertificate(
            root, SigningName(name, now), start, now + SigningLifetime, LicenseSigningPurposes.All, keyAlgorithm);

        FileSecurity.WriteAtomically(files.RootKeyPath, LicenseCertificateAuthority.ExportPrivateKeyPem(root), privateFile: true);
        FileSecurity.WriteAtomically(files.SigningKeyPath, LicenseCertificateAuthority.ExportPrivateKeyPem(signing), privateFile: true);
        FileSecurity.WriteAtomically(files.RootCertificatePath, root.ExportCertificatePem() + "\n", privateFile: false);
        FileSecurity.WriteAtomically(files.SigningCertificatePath, signing.ExportCertificatePem() + "\n", privateFile: false);
        return files;
    }

    public static RotateResult Rotate(string directory, TimeProvider time)
    {
        var files = new CaFiles(directory);
        using var root = LoadPair(files.RootCertificatePath, files.RootKeyPath, "root");
        using var previous = LoadPair(files.SigningCertificatePath, files.SigningKeyPath, "signing");

        var now = time.GetUtcNow();
        var algorithm = root.GetECDsaPublicKey() is null ? LicenseKeyAlgorithm.Rsa3072 : LicenseKeyAlgorithm.EcdsaP256;
        using var next = LicenseCertificateAuthority.CreateSigningCertificate(
            root, SigningName(root.GetNameInfo(X509NameType.SimpleName, false), now), now.AddHours(-1), now + SigningLifetime,
            LicenseSigningPurposes.All, algorithm);

        // Keep the previous pair beside the new one: a server loading signing*.crt keeps it until it is removed.
        var stamp = previous.NotBefore.ToUniversalTime().ToString("yyyyMMdd'T'HHmmss", CultureInfo.InvariantCulture);
        var archivedCert = Path.Combine(directory, $"signing-{stamp}-{previous.Thumbprint[..8].ToLowerInvariant()}.crt");
        File.Copy(files.SigningKeyPath, Path.ChangeExtension(archivedCert, ".key"), overwrite: true);
        File.Copy(files.SigningCertificatePath, archivedCert, overwrite: true);

        FileSecurity.WriteAtomically(files.SigningKeyPath, LicenseCertificateAuthority.ExportPrivateKeyPem(next), privateFile: true);
        FileSecurity.WriteAtomically(files.SigningCertificatePath, next.ExportCertificatePem() + "\n", privateFile: false);
        return new RotateResult(next.Thumbprint, new DateTimeOffset(next.NotAfter.ToUniversalTime()), Path.GetFileName(archivedCert));
    }

    public static IssuedLicense Issue(string directory, IssueRequest request, TimeProvider time)
    {
        var files = new CaFiles(directory);
        using var signing = LoadPair(files.SigningCertificatePath, files.SigningKeyPath, "signing");
        var claims = new LicenseClaims
        {
            LicenseId = request.LicenseId ?? "lic_" + Guid.NewGuid().ToString("N"),
            Customer = request.Customer,
            Product = request.Product,
            Mode = DeploymentModes.TryParse(request.Mode, out var mode) ? mode : throw new UsageException($"unknown mode '{request.Mode}'"),
            IssuedAt = time.GetUtcNow(),
            NotBefore = request.NotBefore,
            ExpiresAt = request.ExpiresAt,
            Limits = new LicenseLimits(request.Limits),
            Features = request.Features,
            MachineFingerprints = request.Machines.Count > 0 ? request.Machines : null,
            CallHome = request.CallHome,
            RevalidateHours = request.RevalidateHours ?? 24,
            GraceDays = request.GraceDays ?? 7,
        };
        if (signing.NotAfter.ToUniversalTime() < request.ExpiresAt.UtcDateTime)
        {
            throw new ToolException(
                $"the signing certificate expires {signing.NotAfter.ToUniversalTime():yyyy-MM-dd}, before the license would ({request.ExpiresAt:yyyy-MM-dd}); run 'ca rotate' first");
        }
        try
        {
            var issuer = new LicenseIssuer(signing);
            return new IssuedLicense(claims.LicenseId, issuer.IssueLicense(claims));
        }
        catch (GlyphhLicensingException e)
        {
            throw new ToolException(e.Message);
        }
    }

    private static string SigningName(string rootName, DateTimeOffset now) =>
        $"{rootName} Signing {now.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}";

    private static X509Certificate2 LoadPair(string certificatePath, string keyPath, string what)
    {
        var certificate = FileSecurity.ReadText(certificatePath, $"{what} certificate");
        var key = FileSecurity.ReadText(keyPath, $"{what} key");
        try
        {
            return LicenseCertificateAuthority.LoadFromPem(certificate, key);
        }
        catch (GlyphhLicensingException e)
        {
            throw new ToolException($"{what} certificate {certificatePath}: {e.Message}");
        }
        catch (CryptographicException e)
        {
            throw new ToolException($"{what} certificate {certificatePath}: {e.Message}");
        }
    }
}
