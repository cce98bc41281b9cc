namespace Glyphh.Licensing.Issuing;

/// <summary>The key algorithm of a new root or signing certificate.</summary>
public enum LicenseKeyAlgorithm
{
    /// <summary>ECDSA on NIST P-256 with SHA-256 (the default).</summary>
    EcdsaP256 = 0,

    /// <summary>RSA 3072 with PKCS#1 v1.5 and SHA-256.</summary>
    Rsa3072 = 1,
}
