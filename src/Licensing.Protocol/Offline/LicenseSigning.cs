namespace Glyphh.Licensing;

/// <summary>
/// Object identifiers of the Glyphh licensing extended key usages. They sit under the UUID arc
/// <c>2.25</c> (ITU-T X.667), which needs no registration:
/// <c>2.25.128826924350865264637274670079179637249</c> is ours.
/// </summary>
public static class LicenseSigning
{
    /// <summary>The arc under which the Glyphh licensing OIDs sit.</summary>
    public const string Arc = "2.25.128826924350865264637274670079179637249";

    /// <summary>Extended key usage a certificate must carry to sign offline licenses.</summary>
    public const string LicenseSigningOid = Arc + ".1";

    /// <summary>Extended key usage a certificate must carry to sign validation receipts.</summary>
    public const string ReceiptSigningOid = Arc + ".2";

    /// <summary>The first line of an armored license.</summary>
    public const string ArmorHeader = "-----BEGIN GLYPHH LICENSE-----";

    /// <summary>The last line of an armored license.</summary>
    public const string ArmorFooter = "-----END GLYPHH LICENSE-----";

    /// <summary>The largest license text the verifier reads (64 KiB); longer input is malformed before any parsing.</summary>
    public const int MaxLicenseLength = 64 * 1024;
}
