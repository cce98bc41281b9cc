namespace Glyphh.LicenseTool.Licensing;

/// <summary>The file names of a CA folder.</summary>
internal sealed record CaFiles(string Directory)
{
    public string RootCertificatePath => Path.Combine(Directory, "root.crt");

    public string RootKeyPath => Path.Combine(Directory, "root.key");

    public string SigningCertificatePath => Path.Combine(Directory, "signing.crt");

    public string SigningKeyPath => Path.Combine(Directory, "signing.key");
}
