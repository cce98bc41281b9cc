namespace Glyphh.LicenseServer.Configuration;

/// <summary>One signing certificate and its private key, both PEM files.</summary>
internal sealed class SigningFiles
{
    public string CertificatePath { get; set; } = "";

    public string KeyPath { get; set; } = "";
}
