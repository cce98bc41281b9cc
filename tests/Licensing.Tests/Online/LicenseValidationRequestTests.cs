using System.Text;
using Glyphh.Licensing.Issuing;

namespace Glyphh.Licensing.Tests.Online;

public sealed class LicenseValidationRequestTests
{
    private static readonly string Fingerprint = MachineFingerprint.Compute("glyphh-runtime", "m1");

    [Fact]
    public void TryParse_RoundTrip_ReturnsRequest()
    {
        var request = new LicenseValidationRequest { LicenseKey = OnlineLicenseKeyGenerator.Generate(), Fingerprint = Fingerprint, Product = "glyphh-runtime", Version = "1.2.3", Nonce = "n1" };
        var json = request.ToUtf8Json();

        Assert.True(LicenseValidationRequest.TryParse(json, out var parsed, out var error), error);
        Assert.Equal(request.LicenseKey, parsed.LicenseKey);
        Assert.Null(parsed.LicenseId);
        Assert.Contains("\"license_key\":", Encoding.UTF8.GetString(json), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("not json")]
    [InlineData("[1,2]")]
    [InlineData("{\"license_id\":\"a\",\"license_key\":\"GLYPHH-0000-0000-0000-0000\",\"fingerprint\":\"x\",\"product\":\"p\",\"version\":\"1\",\"nonce\":\"n\"}")]
    [InlineData("{\"license_key\":\"GLYPHH-ABCD-ABCD-ABCD-ABCD\",\"fingerprint\":\"0000000000000000000000000000000000000000000000000000000000000000\",\"product\":\"p\",\"version\":\"1\",\"nonce\":\"n\"}")]
    [InlineData("{\"license_id\":\"a\",\"fingerprint\":\"raw-machine-id\",\"product\":\"p\",\"version\":\"1\",\"nonce\":\"n\"}")]
    public void TryParse_Malformed_ReturnsError(string body)
    {
        Assert.False(LicenseValidationRequest.TryParse(Encoding.UTF8.GetBytes(body), out _, out var error));
        Assert.False(string.IsNullOrEmpty(error));
    }

    [Fact]
    public void TryParse_Oversized_ReturnsError()
    {
        var body = new byte[LicenseValidationRequest.MaxBodyBytes + 1];

        Assert.False(LicenseValidationRequest.TryParse(body, out _, out var error));
        Assert.Contains("larger", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{\"receipt\":\"\"}")]
    [InlineData("{\"receipt\":5}")]
    public void ValidationResponse_TryParse_Malformed_ReturnsFalse(string body)
        => Assert.False(LicenseValidationResponse.TryParse(Encoding.UTF8.GetBytes(body), out _));
}
