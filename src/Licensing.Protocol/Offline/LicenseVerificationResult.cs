namespace Glyphh.Licensing;

/// <summary>The outcome of verifying an offline license. Verification never throws for bad input.</summary>
public sealed class LicenseVerificationResult
{
    internal LicenseVerificationResult(LicenseVerificationStatus status, string detail, LicenseClaims? claims, string? signerThumbprint)
    {
        Status = status;
        Detail = detail;
        Claims = claims;
        SignerThumbprint = signerThumbprint;
    }

    /// <summary>Why the license was accepted or refused.</summary>
    public LicenseVerificationStatus Status { get; }

    /// <summary>Whether the license is valid.</summary>
    public bool IsValid => Status == LicenseVerificationStatus.Valid;

    /// <summary>A one-line explanation fit for logs (never the license itself).</summary>
    public string Detail { get; }

    /// <summary>The claims once the signature and signer checked out (also for wrong product, mode, machine or time).</summary>
    public LicenseClaims? Claims { get; }

    /// <summary>SHA-256 thumbprint (hex) of the signing certificate once the signature checked out.</summary>
    public string? SignerThumbprint { get; }

    /// <inheritdoc />
    public override string ToString() => $"{Status}: {Detail}";
}
