using Glyphh.TestSupport;
using Glyphh.Licensing.Internal;
using Glyphh.Licensing.Tests.Support;
using Microsoft.Extensions.Logging.Testing;

namespace Glyphh.Licensing.Tests.Offline;

public sealed class MachineIdentityTests : IDisposable
{
    private readonly TempDirectory _data = new();

    public void Dispose() => _data.Dispose();

    private MachineIdentity Identity(string? machineId = null, params string[] systemPaths)
        => new(new GlyphhLicensingOptions { Product = TestPki.Product, DataDirectory = _data.Path, MachineId = machineId }, new FakeLogger(), systemPaths);

    [Fact]
    public void Fingerprint_ConfiguredMachineId_Wins()
    {
        var system = Path.Combine(_data.Path, "system-id");
        File.WriteAllText(system, "0123456789abcdef0123456789abcdef\n");

        Assert.Equal(MachineFingerprint.Compute("glyphh-runtime", "pod-7"), Identity("pod-7", system).Fingerprint);
    }

    [Fact]
    public void Fingerprint_SystemMachineId_IsUsed()
    {
        var system = Path.Combine(_data.Path, "system-id");
        File.WriteAllText(system, "0123456789abcdef0123456789abcdef\n");

        Assert.Equal(MachineFingerprint.Compute("glyphh-runtime", "0123456789abcdef0123456789abcdef"), Identity(null, "/nonexistent/machine-id", system).Fingerprint);
    }

    [Fact]
    public void Fingerprint_NoSystemId_PersistsARandomIdInTheDataDirectory()
    {
        var first = Identity(null, "/nonexistent/machine-id").Fingerprint;
        var second = Identity(null, "/nonexistent/machine-id").Fingerprint;

        Assert.Equal(first, second);
        Assert.True(File.Exists(Path.Combine(_data.Path, "machine-id")));
        Assert.True(MachineFingerprint.IsWellFormed(first));
    }
}
