using Glyphh.TestSupport;

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

    [Fact]
    public void FindRawMachineId_ConfiguredThenSystemThenKept_NeverCreatesOne()
    {
        using var dir = new TempDirectory();
        string[] none = [Path.Combine(dir.Path, "no-system-id")];

        Assert.Null(MachineFingerprint.FindRawMachineId(null, dir.Path, none));
        Assert.False(File.Exists(Path.Combine(dir.Path, "machine-id")));

        File.WriteAllText(Path.Combine(dir.Path, "machine-id"), "short\n");
        Assert.Null(MachineFingerprint.FindRawMachineId(null, dir.Path, none));

        File.WriteAllText(Path.Combine(dir.Path, "machine-id"), "kept-0123456789\n");
        Assert.Equal("kept-0123456789", MachineFingerprint.FindRawMachineId(" ", dir.Path, none));

        var system = Path.Combine(dir.Path, "system-id");
        File.WriteAllText(system, "system-0123456789\n");
        Assert.Equal("system-0123456789", MachineFingerprint.FindRawMachineId(null, dir.Path, [system]));
        Assert.Equal("pod-7", MachineFingerprint.FindRawMachineId(" pod-7 ", dir.Path, [system]));
    }
}
