namespace Glyphh.Licensing.Tests.Offline;

public sealed class MachineFingerprintTests
{
    [Fact]
    public void Compute_SameInputs_SameLowercaseHex()
    {
        var a = MachineFingerprint.Compute("glyphh-runtime", "4c4c4544004d3510");

        Assert.Equal(a, MachineFingerprint.Compute("glyphh-runtime", "4c4c4544004d3510\n"));
        Assert.True(MachineFingerprint.IsWellFormed(a));
        Assert.DoesNotContain("4c4c4544004d3510", a, StringComparison.Ordinal);
    }

    [Fact]
    public void Compute_OtherProduct_OtherFingerprint()
        => Assert.NotEqual(MachineFingerprint.Compute("a", "m"), MachineFingerprint.Compute("b", "m"));

    [Fact]
    public void Compute_KnownVector_MatchesHmacSha256()
    {
        var expected = Convert.ToHexStringLower(System.Security.Cryptography.HMACSHA256.HashData("glyphh-machine-fingerprint/v1/p"u8, "m"u8));

        Assert.Equal(expected, MachineFingerprint.Compute("p", "m"));
    }
}
