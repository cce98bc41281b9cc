namespace Glyphh.Licensing;

/// <summary>Why a license (or receipt) was accepted or refused.</summary>
public enum LicenseVerificationStatus
{
    /// <summary>Signature, signer, claims and time all check out.</summary>
    Valid = 0,

    /// <summary>The license's <c>not_before</c> is in the future.</summary>
    NotYetValid = 1,

    /// <summary>The license's <c>expires_at</c> has passed.</summary>
    Expired = 2,

    /// <summary>The signature does not match the content (tampered).</summary>
    BadSignature = 3,

    /// <summary>The signer does not chain to a pinned root, is outside its validity, or lacks our extended key usage.</summary>
    UntrustedSigner = 4,

    /// <summary>The license is for another product.</summary>
    WrongProduct = 5,

    /// <summary>The license is for another deployment mode.</summary>
    WrongMode = 6,

    /// <summary>The license is bound to other machines.</summary>
    WrongMachine = 7,

    /// <summary>The input is not a license: too large, not armored, not base64, not CMS, or not valid claims JSON.</summary>
    Malformed = 8,
}
