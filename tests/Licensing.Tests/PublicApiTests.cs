using Glyphh.TestSupport;

namespace Glyphh.Licensing.Tests;

public sealed class PublicApiTests
{
    [Fact]
    public void PublicApi_HasNotChanged() => PublicApiApproval.AssertApproved(typeof(GlyphhLicensingOptions).Assembly);

    [Fact]
    public void ProtocolPublicApi_HasNotChanged() => PublicApiApproval.AssertApproved(typeof(LicenseVerifier).Assembly);

    [Fact]
    public void IssuingPublicApi_HasNotChanged() => PublicApiApproval.AssertApproved(typeof(Glyphh.Licensing.Issuing.LicenseIssuer).Assembly);
}
