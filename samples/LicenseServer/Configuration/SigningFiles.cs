namespace Glyphh.LicenseServer.Configuration;

/// <summary>One signing certificate and its private key, both PEM files.</summary>
internal sealed class SigningFiles
{
    public string CertificatePath { get; set; } = "";

    public string KeyPath { get; set; } = "";

    /// <summary>Found in <c>LICENSE_SIGNING_DIR</c> rather than named by <c>LICENSE_SIGNING_CERT</c>/<c>KEY</c>: the setting an error names.</summary>
    public bool FromDirectory { get; init; }
}
