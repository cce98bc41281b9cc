using Glyphh.TestSupport;
using Glyphh.Licensing.Internal;
using Glyphh.Licensing.Tests.Support;
using Microsoft.Extensions.Options;

namespace Glyphh.Licensing.Tests.Persistence;

public sealed class FileLicenseStateStoreTests : IDisposable
{
    private readonly TempDirectory _data = new();

    public void Dispose() => _data.Dispose();

    private FileLicenseStateStore Store(string? directory = null) => new(Options.Create(new GlyphhLicensingOptions { DataDirectory = directory ?? _data.Path }));

    [Fact]
    public async Task SaveAsync_ThenLoadAsync_RoundTripsAndLeavesNoTemporaryFiles()
    {
        var state = new PersistedLicenseState { LicenseIdentity = "key:abc", LastReceipt = [1, 2, 3], HighWaterMark = TestPki.T0 };

        await Store().SaveAsync(state, default);
        await Store().SaveAsync(state, default);
        var loaded = await Store().LoadAsync(default);

        Assert.NotNull(loaded);
        Assert.Equal("key:abc", loaded.LicenseIdentity);
        Assert.Equal([1, 2, 3], loaded.LastReceipt);
        Assert.Equal(TestPki.T0, loaded.HighWaterMark);
        Assert.Equal(["license-state.json"], Directory.GetFiles(_data.Path).Select(Path.GetFileName));
    }

    [Fact]
    public async Task SaveAsync_MissingDirectory_CreatesIt()
    {
        var nested = Path.Combine(_data.Path, "a", "b");

        await Store(nested).SaveAsync(new PersistedLicenseState { LicenseIdentity = "x", HighWaterMark = TestPki.T0 }, default);

        Assert.True(File.Exists(Path.Combine(nested, "license-state.json")));
    }

    [Fact]
    public async Task LoadAsync_NoFile_ReturnsNull() => Assert.Null(await Store().LoadAsync(default));

    [Theory]
    [InlineData("{ not json")]
    [InlineData("[]")]
    [InlineData("{\"version\":2,\"license\":\"x\"}")]
    [InlineData("{\"version\":1}")]
    [InlineData("{\"version\":1,\"license\":\"x\",\"receipt\":\"***\"}")]
    public async Task LoadAsync_Corrupt_ThrowsInvalidData(string content)
    {
        await File.WriteAllTextAsync(Path.Combine(_data.Path, "license-state.json"), content);

        await Assert.ThrowsAsync<InvalidDataException>(() => Store().LoadAsync(default).AsTask());
    }

    [Fact]
    public async Task LoadAsync_Oversized_ThrowsInvalidData()
    {
        await File.WriteAllBytesAsync(Path.Combine(_data.Path, "license-state.json"), new byte[1024 * 1024]);

        await Assert.ThrowsAsync<InvalidDataException>(() => Store().LoadAsync(default).AsTask());
    }
}
