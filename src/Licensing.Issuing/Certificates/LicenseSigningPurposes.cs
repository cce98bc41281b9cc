namespace Glyphh.Licensing.Issuing;

/// <summary>What a signing certificate may sign (each is its own extended key usage).</summary>
[Flags]
public enum LicenseSigningPurposes
{
    /// <summary>Offline licenses (<see cref="LicenseSigning.LicenseSigningOid"/>).</summary>
    Licenses = 1,

    /// <summary>Validation receipts (<see cref="LicenseSigning.ReceiptSigningOid"/>). A license server needs only this.</summary>
    Receipts = 2,

    /// <summary>Both.</summary>
    All = Licenses | Receipts,
}
