using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;

namespace Glyphh.Licensing.Internal;

/// <summary>Opens a CMS SignedData: signature, then the signer's chain to a pinned root with our EKU.</summary>
internal static class CmsEnvelope
{
    private const string DataContentType = "1.2.840.113549.1.7.1";

    public static LicenseVerificationStatus Open(
        byte[] der,
        X509Certificate2Collection roots,
        string requiredUsageOid,
        DateTimeOffset at,
        out byte[] content,
        out string? signerThumbprint,
        out string detail)
    {
        try
        {
            return OpenCore(der, roots, requiredUsageOid, at, out content, out signerThumbprint, out detail);
        }
        catch (CryptographicException)
        {
            // SignedCms decodes signer infos and certificates lazily: corrupt inner ASN.1 surfaces here.
            content = [];
            signerThumbprint = null;
            detail = "The CMS structure is corrupt.";
            return LicenseVerificationStatus.Malformed;
        }
    }

    private static LicenseVerificationStatus OpenCore(
        byte[] der,
        X509Certificate2Collection roots,
        string requiredUsageOid,
        DateTimeOffset at,
        out byte[] content,
        out string? signerThumbprint,
        out string detail)
    {
        content = [];
        signerThumbprint = null;
        try
        {
            // One encoded value and nothing after it: trailing bytes would make the same license spellable many ways.
            AsnDecoder.ReadEncodedValue(der, AsnEncodingRules.BER, out _, out _, out var consumed);
            if (consumed != der.Length)
            {
                detail = "The CMS structure is followed by extra bytes.";
                return LicenseVerificationStatus.Malformed;
            }
        }
        catch (AsnContentException)
        {
            detail = "The content is not a CMS SignedData structure.";
            return LicenseVerificationStatus.Malformed;
        }

        var cms = new SignedCms();
        try
        {
            cms.Decode(der);
        }
        catch (CryptographicException)
        {
            detail = "The content is not a CMS SignedData structure.";
            return LicenseVerificationStatus.Malformed;
        }

        if (cms.Detached || cms.ContentInfo.ContentType.Value != DataContentType || cms.SignerInfos.Count != 1)
        {
            detail = "The CMS structure must carry its data content and exactly one signer.";
            return LicenseVerificationStatus.Malformed;
        }

        var signer = cms.SignerInfos[0];
        var certificate = signer.Certificate;
        if (certificate is null)
        {
            detail = "The CMS structure does not include the signing certificate.";
            return LicenseVerificationStatus.UntrustedSigner;
        }

        try
        {
            signer.CheckSignature(verifySignatureOnly: true);
        }
        catch (CryptographicException)
        {
            detail = "The signature does not match the content.";
            return LicenseVerificationStatus.BadSignature;
        }

        if (!HasUsage(certificate, requiredUsageOid))
        {
            detail = $"The signing certificate lacks the extended key usage {requiredUsageOid}.";
            return LicenseVerificationStatus.UntrustedSigner;
        }

        using (var chain = new X509Chain())
        {
            var policy = chain.ChainPolicy;
            policy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            policy.CustomTrustStore.AddRange(roots);
            policy.ExtraStore.AddRange(cms.Certificates);
            policy.RevocationMode = X509RevocationMode.NoCheck;
            policy.DisableCertificateDownloads = true;
            policy.VerificationTime = at.UtcDateTime;
            policy.VerificationTimeIgnored = false;
            policy.ApplicationPolicy.Add(new Oid(requiredUsageOid));
            var built = chain.Build(certificate);
            var flags = X509ChainStatusFlags.NoError;
            foreach (var status in chain.ChainStatus)
            {
                flags |= status.Status;
            }

            foreach (var element in chain.ChainElements)
            {
                if (!ReferenceEquals(element.Certificate, certificate))
                {
                    element.Certificate.Dispose();
                }
            }

            if (!built || flags != X509ChainStatusFlags.NoError)
            {
                detail = Describe(flags, at);
                return LicenseVerificationStatus.UntrustedSigner;
            }
        }

        signerThumbprint = Convert.ToHexStringLower(certificate.GetCertHash(HashAlgorithmName.SHA256));
        content = cms.ContentInfo.Content;
        detail = "The signature and signer are valid.";
        return LicenseVerificationStatus.Valid;
    }

    private static bool HasUsage(X509Certificate2 certificate, string oid)
    {
        foreach (var extension in certificate.Extensions)
        {
            if (extension is X509EnhancedKeyUsageExtension usage)
            {
                foreach (var item in usage.EnhancedKeyUsages)
                {
                    if (item.Value == oid)
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }

    private static string Describe(X509ChainStatusFlags flags, DateTimeOffset at)
    {
        if ((flags & X509ChainStatusFlags.NotTimeValid) != 0)
        {
            return $"A certificate in the signer's chain is not valid at {at:O}.";
        }

        if ((flags & (X509ChainStatusFlags.UntrustedRoot | X509ChainStatusFlags.PartialChain)) != 0)
        {
            return "The signing certificate does not chain to a pinned root.";
        }

        if ((flags & X509ChainStatusFlags.NotValidForUsage) != 0)
        {
            return "A certificate in the signer's chain is not valid for license signing.";
        }

        return $"The signer's chain is not trusted ({flags}).";
    }
}
