namespace Glyphh.Licensing;

/// <summary>The outcome of checking a receipt's signature and signer (nonce and age are checked by the caller).</summary>
public sealed class ReceiptVerificationResult
{
    internal ReceiptVerificationResult(LicenseVerificationStatus status, string detail, LicenseReceipt? receipt)
    {
        Status = status;
        Detail = detail;
        Receipt = receipt;
    }

    /// <summary><see cref="LicenseVerificationStatus.Valid"/>, <see cref="LicenseVerificationStatus.BadSignature"/>,
    /// <see cref="LicenseVerificationStatus.UntrustedSigner"/> or <see cref="LicenseVerificationStatus.Malformed"/>.</summary>
    public LicenseVerificationStatus Status { get; }

    /// <summary>Whether the receipt is authentic.</summary>
    public bool IsValid => Status == LicenseVerificationStatus.Valid;

    /// <summary>A one-line explanation fit for logs.</summary>
    public string Detail { get; }

    /// <summary>The receipt when authentic.</summary>
    public LicenseReceipt? Receipt { get; }

    /// <inheritdoc />
    public override string ToString() => $"{Status}: {Detail}";
}
